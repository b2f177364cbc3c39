package eu.eevidence.gw.adapter.portal.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.core.StreamReadFeature;
import eu.eevidence.gw.adapter.api.DeliveryOutcome;
import eu.eevidence.gw.adapter.api.DeliveryRequest;
import eu.eevidence.gw.adapter.api.PlatformAdapter;
import eu.eevidence.gw.adapter.paper.LegalPaperPdf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import eu.eevidence.gw.adapter.api.AdapterError;

/**
 * Adapter for JSON law-enforcement portals. Protocol (see docs/design/portal-json-protocol.md):
 * <pre>
 * POST {endpoint}/le/v1/requests
 *   Content-Type: application/pkcs7-mime      (the sealed CMS, DER)
 *   Idempotency-Key, X-Request-Id, X-Message-Type, X-Payload-SHA256
 * 200/201 application/json
 *   {"receiptId","requestId","payloadSha256","receivedAt","status":"RECEIVED"|"PRESERVED","preservedUntil"?}
 * </pre>
 * Redirects are never followed; answers are read up to {@link #MAX_RESPONSE_BYTES}, and connecting, the headers and
 * the whole body share one deadline (connect time-out + request time-out), so a dribbling portal cannot hold a thread.
 * Outcome codes: EEG-DLV-TIMEOUT, -IO, -HTTP-&lt;status&gt;, -RESPONSE-TOO-LARGE, -BAD-RECEIPT, -CROSS-RECEIPT,
 * -DIGEST-MISMATCH, -REDIRECT, -REJECTED; before sending: EEG-ID-* ({@link IdentifierRules}); with OAuth2:
 * EEG-AUTH-* ({@link OAuth2ClientCredentials}).
 */
public final class JsonPortalAdapter implements PlatformAdapter {

    public static final String KIND = "json-portal";
    public static final int MAX_RESPONSE_BYTES = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(JsonPortalAdapter.class);

    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final ObjectMapper json = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private final Map<SSLContext, HttpClient> clients = new ConcurrentHashMap<>();
    private final OAuth2ClientCredentials oauth;
    private final eu.eevidence.gw.adapter.api.PortalHttp documents;

    /** Used by {@link java.util.ServiceLoader}: 5 s to connect, 20 s for the answer. */
    public JsonPortalAdapter() {
        this(Duration.ofSeconds(5), Duration.ofSeconds(20));
    }

    public JsonPortalAdapter(Duration connectTimeout, Duration requestTimeout) {
        this(connectTimeout, requestTimeout, java.time.Clock.systemUTC());
    }

    /** With the clock that dates cached OAuth tokens. */
    public JsonPortalAdapter(Duration connectTimeout, Duration requestTimeout, java.time.Clock clock) {
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
        this.documents = new eu.eevidence.gw.adapter.api.PortalHttp(connectTimeout, requestTimeout, MAX_RESPONSE_BYTES);
        this.oauth = new OAuth2ClientCredentials(documents, clock, json);
    }

    @Override
    public String kind() {
        return KIND;
    }

    /**
     * One attempt. First the platform's identifier rules ({@link IdentifierRules}: refused locally, nothing sent);
     * then, for a portal with {@code oauth2.*} settings, a bearer token ({@link OAuth2ClientCredentials}), renewed and
     * the delivery repeated once (same idempotency key) when the portal answers 401.
     */
    @Override
    public DeliveryOutcome deliver(DeliveryRequest request) {
        Optional<DeliveryOutcome.Rejected> invalid = IdentifierRules.check(request);
        if (invalid.isPresent()) {
            LOG.warn("{} request {} not sent to {}: {}", invalid.get().code(), request.requestId(), request.destination().platformId(), invalid.get().reason());
            return invalid.get();
        }
        if (!OAuth2ClientCredentials.configured(request.destination())) {
            return attempt(request, null);
        }
        for (int round = 0; ; round++) {
            OAuth2ClientCredentials.Result token = oauth.token(request.destination(), round > 0);
            if (token instanceof OAuth2ClientCredentials.Result.Failed f) {
                return f.outcome();
            }
            DeliveryOutcome outcome = attempt(request, ((OAuth2ClientCredentials.Result.Bearer) token).token());
            if (!(outcome instanceof DeliveryOutcome.Rejected r && r.httpStatus() == 401)) {
                return outcome;
            }
            oauth.invalidate(request.destination());
            if (round > 0) {
                LOG.error(PortalError.AUTH_UNAUTHORIZED.code() + " portal {} refused a fresh token", request.destination().platformId());
                return new DeliveryOutcome.Rejected(PortalError.AUTH_UNAUTHORIZED.code(), "the portal refused a freshly issued token", 401);
            }
        }
    }

    private DeliveryOutcome attempt(DeliveryRequest request, String bearer) {
        URI uri = request.destination().endpoint().resolve("le/v1/requests");
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri);
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        if ("true".equalsIgnoreCase(request.destination().setting("legalPaper.upload", "false"))) {
            Object uploaded = uploadLegalPaper(request, bearer);
            if (uploaded instanceof DeliveryOutcome failed) {
                return failed;
            }
            builder.header("X-Legal-Process-Document", (String) uploaded);
        }
        HttpRequest http = builder
                .timeout(requestTimeout)
                .header("Content-Type", "application/pkcs7-mime")
                .header("Accept", "application/json")
                .header("Idempotency-Key", request.idempotencyKey())
                .header("X-Request-Id", request.requestId())
                .header("X-Message-Type", request.messageType())
                .header("X-Payload-SHA256", request.payloadSha256())
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.payload()))
                .build();
        // one deadline for connecting, the headers and the whole body: a dribbling portal cannot hold a thread; the one
        // resend after a connection closed before any answer byte shares it
        long deadline = System.nanoTime() + connectTimeout.plus(requestTimeout).toNanos();
        Sent sent = send(http, request.destination().tls(), deadline);
        if (sent.closedBeforeAnswer() && deadline - System.nanoTime() > 0) {
            LOG.info(AdapterError.DLV_IO.code()
                    + " portal {} closed the connection before any answer to request {} ({}); sending it once more, same Idempotency-Key",
                    request.destination().platformId(), request.requestId(), sent.failure().reason());
            sent = send(http, request.destination().tls(), deadline);
        }
        if (sent.failure() != null) {
            return sent.failure();
        }
        HttpResponse<byte[]> response = sent.response();
        int status = response.statusCode();
        byte[] body = response.body();
        if (body.length > MAX_RESPONSE_BYTES) {
            return new DeliveryOutcome.RetryableFailure(AdapterError.DLV_RESPONSE_TOO_LARGE.code(), "the portal's answer exceeds " + MAX_RESPONSE_BYTES
                    + " bytes", null);
        }
        if (status >= 200 && status < 300) {
            return receipt(request, body);
        }
        if (status >= 300 && status < 400) {
            LOG.warn(AdapterError.DLV_REDIRECT.code() + " portal {} answered {} (redirect not followed)", request.destination().platformId(), status);
            return new DeliveryOutcome.Rejected(AdapterError.DLV_REDIRECT.code(), "the portal answered with a redirect, which is never followed", status);
        }
        Duration retryAfter = retryAfter(response).orElse(null);
        if (status == 408 || status == 429 || status >= 500) {
            return new DeliveryOutcome.RetryableFailure(AdapterError.DLV_HTTP.withStatus(status), "the portal answered " + status, retryAfter);
        }
        return new DeliveryOutcome.Rejected(AdapterError.DLV_REJECTED.code(), "the portal refused the request (" + status + ")" + reason(body), status);
    }

    /** One exchange: the response, or the failure that ends it and whether it may be sent once more. */
    private record Sent(HttpResponse<byte[]> response, DeliveryOutcome.RetryableFailure failure, boolean closedBeforeAnswer) {
    }

    /** Sends {@code http} and waits for the whole bounded answer until {@code deadline} ({@link System#nanoTime()}). */
    private Sent send(HttpRequest http, SSLContext tls, long deadline) {
        AtomicBoolean answered = new AtomicBoolean();
        CompletableFuture<HttpResponse<byte[]>> pending = client(tls).sendAsync(http, info -> {
            answered.set(true); // the status line and the headers arrived
            return eu.eevidence.gw.adapter.api.PortalHttp.boundedBody(MAX_RESPONSE_BYTES + 1);
        });
        try {
            return new Sent(pending.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS), null, false);
        } catch (TimeoutException e) {
            pending.cancel(true);
            return new Sent(null, new DeliveryOutcome.RetryableFailure(AdapterError.DLV_TIMEOUT.code(), "the portal did not answer completely in "
                    + requestTimeout.toSeconds() + " s", null), false);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof HttpTimeoutException) {
                return new Sent(null, new DeliveryOutcome.RetryableFailure(AdapterError.DLV_TIMEOUT.code(), "the portal did not answer in "
                        + requestTimeout.toSeconds() + " s", null), false);
            }
            return new Sent(null, new DeliveryOutcome.RetryableFailure(AdapterError.DLV_IO.code(), "connection to the portal failed: "
                    + simpleName(e.getCause()), null),
                    !answered.get() && closedBeforeAnyAnswer(e.getCause()));
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            return new Sent(null, new DeliveryOutcome.RetryableFailure(AdapterError.DLV_INTERRUPTED.code(), "delivery interrupted", null), false);
        }
    }

    /**
     * Whether {@code failure} shows that the connection was closed (reset or end of stream) before a single byte of an
     * answer arrived: the typical pooled connection the portal closed while idle, which the JDK client does not retry
     * for a POST. The JDK reports it as "HTTP/1.1 header parser received no bytes" (caused by "Connection reset" or
     * "EOF reached while reading"); a bare reset, broken pipe or end of stream counts too. Not: connect time-outs and
     * refused connections (no pooled connection was involved), nor any answer bytes that could not be parsed.
     */
    static boolean closedBeforeAnyAnswer(Throwable failure) {
        if (!(failure instanceof IOException) || failure instanceof HttpTimeoutException || failure instanceof ConnectException) {
            return false;
        }
        String message = String.valueOf(failure.getMessage());
        if (failure instanceof SocketException) {
            return message.startsWith("Connection reset") || message.startsWith("Broken pipe");
        }
        if (failure instanceof EOFException) {
            return true;
        }
        return message.contains("header parser received no bytes");
    }

    /**
     * The legal paper as a PDF, uploaded before the request that names it ({@code X-Legal-Process-Document}):
     * {@code POST le/v1/documents} (application/pdf; Idempotency-Key {@code <key>:legal-paper}; X-Request-Id;
     * X-Document-SHA256), answered {@code {"documentId", "sha256"}} echoing the digest. Returns the document id, or the
     * outcome that ends this attempt (EEG-PDF-NO-PAPER, EEG-PDF-RENDER before sending; the upload's HTTP faults, a bad
     * or mismatching answer: EEG-DLV-BAD-RECEIPT, EEG-DLV-DIGEST-MISMATCH).
     */
    private Object uploadLegalPaper(DeliveryRequest request, String bearer) {
        DeliveryRequest.LegalPaper paper = request.context().paper();
        if (paper == null) {
            return new DeliveryOutcome.Rejected(PortalError.PDF_NO_PAPER.code(), "platform " + request.destination().platformId()
                    + " needs the legal paper, and none came with the request", 0);
        }
        byte[] pdf;
        try {
            pdf = LegalPaperPdf.render(paper, request.requestId());
        } catch (IOException | RuntimeException e) {
            LOG.error(PortalError.PDF_RENDER.code() + " legal paper of request {} could not be rendered: {}", request.requestId(),
                    e.getClass().getSimpleName());
            return new DeliveryOutcome.Rejected(PortalError.PDF_RENDER.code(), "the legal paper could not be rendered as PDF", 0);
        }
        String sha = eu.eevidence.gw.adapter.api.PortalHttp.sha256(pdf);
        HttpRequest.Builder b = HttpRequest.newBuilder(request.destination().endpoint().resolve("le/v1/documents"))
                .header("Content-Type", "application/pdf")
                .header("Accept", "application/json")
                .header("Idempotency-Key", request.idempotencyKey() + ":legal-paper")
                .header("X-Request-Id", request.requestId())
                .header("X-Document-SHA256", sha)
                .POST(HttpRequest.BodyPublishers.ofByteArray(pdf));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        eu.eevidence.gw.adapter.api.PortalHttp.Exchange ex = documents.exchange(b, request.destination().tls());
        if (ex instanceof eu.eevidence.gw.adapter.api.PortalHttp.Exchange.Failed f) {
            return new DeliveryOutcome.RetryableFailure(f.code(), "legal paper upload: " + f.reason(), null);
        }
        var a = (eu.eevidence.gw.adapter.api.PortalHttp.Exchange.Answered) ex;
        if (a.status() < 200 || a.status() >= 300) {
            return eu.eevidence.gw.adapter.api.PortalHttp.classifyFailure(a.status(), a.headers(), reason(a.body()));
        }
        try {
            JsonNode n = json.readTree(a.body());
            String id = n == null ? null : text(n, "documentId");
            String echoed = n == null ? null : text(n, "sha256");
            if (id == null || echoed == null) {
                return new DeliveryOutcome.RetryableFailure(AdapterError.DLV_BAD_RECEIPT.code(), "the portal's document receipt lacks documentId or sha256",
                        null);
            }
            if (!echoed.equalsIgnoreCase(sha)) {
                return new DeliveryOutcome.RetryableFailure(PortalError.DLV_DIGEST_MISMATCH.code(), "the portal's document receipt is for other bytes", null);
            }
            return sanitize(id);
        } catch (IOException e) {
            return new DeliveryOutcome.RetryableFailure(AdapterError.DLV_BAD_RECEIPT.code(), "the portal's document receipt is not JSON", null);
        }
    }

    DeliveryOutcome receipt(DeliveryRequest request, byte[] body) { // package-private for PortalAnswerFuzzTest
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (IOException e) {
            return new DeliveryOutcome.RetryableFailure(AdapterError.DLV_BAD_RECEIPT.code(), "the portal's receipt is not JSON", null);
        }
        if (node == null || !node.isObject()) {
            return new DeliveryOutcome.RetryableFailure(AdapterError.DLV_BAD_RECEIPT.code(), "the portal's receipt is not a JSON object", null);
        }
        String receiptId = text(node, "receiptId");
        String requestId = text(node, "requestId");
        String digest = text(node, "payloadSha256");
        String status = text(node, "status");
        if (receiptId == null || requestId == null || digest == null || status == null || text(node, "receivedAt") == null) {
            return new DeliveryOutcome.RetryableFailure(AdapterError.DLV_BAD_RECEIPT.code(),
                    "the portal's receipt lacks receiptId, requestId, payloadSha256, receivedAt or status", null);
        }
        if (!requestId.equals(request.requestId())) {
            LOG.error(AdapterError.DLV_CROSS_RECEIPT.code() + " portal {} acknowledged request {} while {} was delivered", request.destination().platformId(),
                    sanitize(requestId), request.requestId());
            return new DeliveryOutcome.RetryableFailure(AdapterError.DLV_CROSS_RECEIPT.code(), "the portal's receipt names another request", null);
        }
        if (!digest.equalsIgnoreCase(request.payloadSha256())) {
            return new DeliveryOutcome.RetryableFailure(PortalError.DLV_DIGEST_MISMATCH.code(), "the portal's receipt is for other bytes than those sent",
                    null);
        }
        DeliveryOutcome.Acknowledgement ack;
        try {
            ack = DeliveryOutcome.Acknowledgement.valueOf(status);
        } catch (IllegalArgumentException e) {
            return new DeliveryOutcome.RetryableFailure(AdapterError.DLV_BAD_RECEIPT.code(), "the portal's receipt has an unknown status", null);
        }
        try {
            Instant receivedAt = Instant.parse(text(node, "receivedAt"));
            String until = text(node, "preservedUntil");
            Instant preservedUntil = until == null ? null : Instant.parse(until);
            return new DeliveryOutcome.Delivered(receiptId, receivedAt, ack, preservedUntil, body);
        } catch (DateTimeParseException e) {
            return new DeliveryOutcome.RetryableFailure(AdapterError.DLV_BAD_RECEIPT.code(), "the portal's receipt has an unreadable timestamp", null);
        }
    }

    private static String simpleName(Throwable t) {
        return t == null ? "unknown" : t.getClass().getSimpleName();
    }


    String reason(byte[] body) { // package-private for PortalAnswerFuzzTest
        try {
            JsonNode node = json.readTree(body);
            String detail = node == null ? null : Optional.ofNullable(text(node, "detail")).orElse(text(node, "title"));
            return detail == null ? "" : ": " + sanitize(detail);
        } catch (IOException e) {
            return "";
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || !v.isTextual() ? null : v.asText();
    }

    /** Keeps a portal's words printable and short before they reach a log or a status. */
    static String sanitize(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().limit(300).forEach(cp -> sb.appendCodePoint(Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT ? '?' : cp));
        return sb.toString();
    }

    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                long seconds = Long.parseLong(v.trim());
                return seconds >= 0 && seconds <= 86_400 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    private HttpClient client(SSLContext tls) {
        SSLContext key = tls == null ? defaultContext() : tls;
        return clients.computeIfAbsent(key, ctx -> HttpClient.newBuilder()
                .sslContext(ctx)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout)
                .version(HttpClient.Version.HTTP_1_1)
                .build());
    }

    private static SSLContext defaultContext() {
        try {
            return SSLContext.getDefault();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("no default TLS context", e);
        }
    }
}
