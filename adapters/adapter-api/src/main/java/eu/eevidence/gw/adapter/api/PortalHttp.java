package eu.eevidence.gw.adapter.api;

import javax.net.ssl.SSLContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP discipline every adapter shares, on the JDK client only: one deadline for connecting, the headers and the
 * whole body (a dribbling portal cannot hold a thread); bounded answers; redirects never followed; one client per TLS
 * context; portal words sanitised before they reach a log or a status. Also the streaming, hashing download behind
 * {@link PlatformAdapter#fetch}. Never throws for network or portal faults.
 */
public final class PortalHttp {

    /** Default bound of an answer read into memory. */
    public static final int DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;
    private static final PortalHttp SHARED = new PortalHttp(Duration.ofSeconds(5), Duration.ofSeconds(20), DEFAULT_MAX_RESPONSE_BYTES);

    /**
     * The threads of every client's async work. Without an executor the JDK client starts a cached pool that grew to
     * about a thousand threads in a minute of the throughput scenario. The clients (and {@link #SHARED}) live as long
     * as the JVM: adapters are loaded once and never closed, the JDK 17 client has no close, so one static bounded
     * pool of daemon threads serves them all and never blocks shutdown.
     */
    private static final ExecutorService ASYNC = boundedDaemonPool(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));

    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final int maxResponseBytes;
    private final Map<SSLContext, HttpClient> clients = new ConcurrentHashMap<>();

    public PortalHttp(Duration connectTimeout, Duration requestTimeout, int maxResponseBytes) {
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
        this.maxResponseBytes = maxResponseBytes;
    }

    /** The instance behind the SPI's default methods: 5 s to connect, 20 s per answer, 64 KiB answers. */
    public static PortalHttp shared() {
        return SHARED;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** The result of one bounded exchange. */
    public sealed interface Exchange {
        /** The portal answered (any status); {@code body} is complete and within the bound. */
        record Answered(int status, HttpHeaders headers, byte[] body) implements Exchange {
        }

        /** No usable answer: {@code EEG-DLV-TIMEOUT}, {@code -IO}, {@code -INTERRUPTED} or {@code -RESPONSE-TOO-LARGE}. */
        record Failed(String code, String reason) implements Exchange {
        }
    }

    /** Sends {@code request} (its time-out is set here) and reads a bounded answer within one deadline. */
    public Exchange exchange(HttpRequest.Builder request, SSLContext tls) {
        String traceparent = OutboundTrace.current();
        if (traceparent != null) {
            request.setHeader(OutboundTrace.HEADER, traceparent);
        }
        HttpRequest http = request.timeout(requestTimeout).build();
        CompletableFuture<HttpResponse<byte[]>> pending = client(tls).sendAsync(http, info -> new BoundedBody(maxResponseBytes + 1));
        HttpResponse<byte[]> response;
        try {
            response = pending.get(connectTimeout.plus(requestTimeout).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            return new Exchange.Failed(AdapterError.DLV_TIMEOUT.code(), "the portal did not answer completely in " + requestTimeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof HttpTimeoutException) {
                return new Exchange.Failed(AdapterError.DLV_TIMEOUT.code(), "the portal did not answer in " + requestTimeout.toSeconds() + " s");
            }
            return new Exchange.Failed(AdapterError.DLV_IO.code(), "connection to the portal failed: " + simpleName(e.getCause()));
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            return new Exchange.Failed(AdapterError.DLV_INTERRUPTED.code(), "interrupted");
        }
        if (response.body().length > maxResponseBytes) {
            return new Exchange.Failed(AdapterError.DLV_RESPONSE_TOO_LARGE.code(), "the portal's answer exceeds " + maxResponseBytes + " bytes");
        }
        return new Exchange.Answered(response.statusCode(), response.headers(), response.body());
    }

    /**
     * The outcome of a non-2xx answer to a delivery: 3xx {@code EEG-DLV-REDIRECT} (rejected, never followed);
     * 408, 429 and 5xx {@code EEG-DLV-HTTP-<status>} (retryable, with Retry-After in seconds when given); any other
     * status {@code EEG-DLV-REJECTED} with {@code portalReason} (already sanitised, may be empty).
     */
    public static DeliveryOutcome classifyFailure(int status, HttpHeaders headers, String portalReason) {
        if (status >= 300 && status < 400) {
            return new DeliveryOutcome.Rejected(AdapterError.DLV_REDIRECT.code(), "the portal answered with a redirect, which is never followed", status);
        }
        if (status == 408 || status == 429 || status >= 500) {
            return new DeliveryOutcome.RetryableFailure(AdapterError.DLV_HTTP.withStatus(status), "the portal answered " + status,
                    retryAfter(headers).orElse(null));
        }
        String reason = portalReason == null || portalReason.isEmpty() ? "" : ": " + portalReason;
        return new DeliveryOutcome.Rejected(AdapterError.DLV_REJECTED.code(), "the portal refused the request (" + status + ")" + reason, status);
    }

    /** The same classification for a poll. */
    public static PollOutcome.Failed classifyPollFailure(int status, HttpHeaders headers) {
        if (status >= 300 && status < 400) {
            return new PollOutcome.Failed(AdapterError.POLL_REDIRECT.code(), "the portal answered with a redirect, which is never followed", false, null);
        }
        boolean retryable = status == 408 || status == 429 || status >= 500;
        return new PollOutcome.Failed(AdapterError.POLL_HTTP.withStatus(status), "the portal answered " + status, retryable, retryable
                ? retryAfter(headers).orElse(null) : null);
    }

    /** Retry-After in delta-seconds (0..86400); an HTTP date or anything else is ignored. */
    public static Optional<Duration> retryAfter(HttpHeaders headers) {
        return headers.firstValue("Retry-After").flatMap(v -> {
            try {
                long seconds = Long.parseLong(v.trim());
                return seconds >= 0 && seconds <= 86_400 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    /** Keeps a portal's words printable and short (300 code points) before they reach a log or a status. */
    public static String sanitize(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        s.codePoints().limit(300).forEach(cp -> sb.appendCodePoint(Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT ? '?' : cp));
        return sb.toString();
    }

    /** Like {@link #sanitize} for longer texts (questions, correspondence): line breaks kept, 8000 code points. */
    public static String sanitizeLong(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        s.codePoints().limit(8000).forEach(cp -> sb.appendCodePoint(cp == '\n' ? cp
                : Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT ? '?' : cp));
        return sb.toString();
    }

    /** Lowercase hex SHA-256. */
    public static String sha256(byte[] data) {
        return PortalAnswer.Checks.sha256(data);
    }

    /**
     * Downloads {@code ref} into {@code sink}, hashing on the way in. Only from the destination's own scheme, host and
     * port, or a host listed in the destination setting {@code download.allowedHosts} (comma-separated); never follows
     * a redirect; stops at {@code min(limits.maxBytes, ref.size)} bytes and at {@code limits.deadline}.
     * Codes: EEG-FETCH-HOST (not allowed), -TOO-LARGE (reference above the limit), -SIZE-MISMATCH (more or fewer bytes
     * than announced), -HASH-MISMATCH, -HTTP-&lt;status&gt;, -REDIRECT, -TIMEOUT, -IO, -SINK (the sink failed).
     */
    public FetchOutcome fetch(DeliveryRequest.Destination destination, PortalAnswer.DownloadReference ref, OutputStream sink, FetchLimits limits) {
        if (!allowedSource(destination, ref.uri())) {
            return new FetchOutcome.Failed(AdapterError.FETCH_HOST.code(), "the download is not on the portal's host", false, null);
        }
        if (ref.size() > limits.maxBytes()) {
            return new FetchOutcome.Failed(AdapterError.FETCH_TOO_LARGE.code(), "the item (" + ref.size() + " bytes) exceeds the limit of "
                    + limits.maxBytes(), false, null);
        }
        HttpRequest.Builder get = HttpRequest.newBuilder(ref.uri()).timeout(limits.deadline()).header("Accept", "*/*").GET();
        if (OutboundTrace.current() != null) {
            get.setHeader(OutboundTrace.HEADER, OutboundTrace.current());
        }
        HttpRequest request = get.build();
        HashingSink[] holder = new HashingSink[1];
        CompletableFuture<HttpResponse<Long>> pending = client(destination.tls()).sendAsync(request, info -> {
            if (info.statusCode() != 200) {
                return HttpResponse.BodySubscribers.replacing(-1L);
            }
            holder[0] = new HashingSink(sink, ref.size());
            return holder[0];
        });
        HttpResponse<Long> response;
        try {
            response = pending.get(limits.deadline().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            abandon(holder[0]);
            return new FetchOutcome.Failed(AdapterError.FETCH_TIMEOUT.code(), "the download did not finish in " + limits.deadline().toSeconds() + " s", true,
                    null);
        } catch (ExecutionException e) {
            abandon(holder[0]);
            Throwable cause = e.getCause();
            if (cause instanceof SinkFailure sf) {
                return new FetchOutcome.Failed(sf.code, sf.getMessage(), sf.retryable, null);
            }
            if (cause instanceof HttpTimeoutException) {
                return new FetchOutcome.Failed(AdapterError.FETCH_TIMEOUT.code(), "the portal did not answer in time", true, null);
            }
            return new FetchOutcome.Failed(AdapterError.FETCH_IO.code(), "the download failed: " + simpleName(cause), true, null);
        } catch (InterruptedException e) {
            pending.cancel(true);
            abandon(holder[0]);
            Thread.currentThread().interrupt();
            return new FetchOutcome.Failed(AdapterError.FETCH_INTERRUPTED.code(), "interrupted", true, null);
        }
        int status = response.statusCode();
        if (status != 200) {
            if (status >= 300 && status < 400) {
                return new FetchOutcome.Failed(AdapterError.FETCH_REDIRECT.code(), "the portal answered with a redirect, which is never followed", false, null);
            }
            boolean retryable = status == 408 || status == 429 || status >= 500;
            return new FetchOutcome.Failed(AdapterError.FETCH_HTTP.withStatus(status), "the portal answered " + status, retryable,
                    retryable ? retryAfter(response.headers()).orElse(null) : null);
        }
        long written = response.body();
        if (written != ref.size()) {
            return new FetchOutcome.Failed(AdapterError.FETCH_SIZE_MISMATCH.code(), "received " + written + " bytes, announced " + ref.size(), true, null);
        }
        String digest = holder[0].hex();
        if (!digest.equals(ref.sha256())) {
            return new FetchOutcome.Failed(AdapterError.FETCH_HASH_MISMATCH.code(), "the item's SHA-256 differs from the manifest", false, null);
        }
        return new FetchOutcome.Fetched(written, digest);
    }

    private static void abandon(HashingSink s) {
        if (s != null) {
            s.abandon();
        }
    }

    static boolean allowedSource(DeliveryRequest.Destination d, URI uri) {
        if (uri.getScheme() == null || uri.getHost() == null) {
            return false;
        }
        URI base = d.endpoint();
        if (!uri.getScheme().equalsIgnoreCase(base.getScheme())) {
            return false;
        }
        if (uri.getHost().equalsIgnoreCase(base.getHost()) && port(uri) == port(base)) {
            return true;
        }
        String allowed = d.setting("download.allowedHosts", "");
        return Arrays.stream(allowed.split(",")).map(String::trim).filter(h -> !h.isEmpty())
                .anyMatch(h -> h.equalsIgnoreCase(uri.getHost()));
    }

    private static int port(URI u) {
        return u.getPort() != -1 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    private HttpClient client(SSLContext tls) {
        SSLContext key = tls == null ? defaultContext() : tls;
        return clients.computeIfAbsent(key, ctx -> HttpClient.newBuilder()
                .sslContext(ctx)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout)
                .version(HttpClient.Version.HTTP_1_1)
                .executor(ASYNC)
                .build());
    }

    /** A fixed pool of {@code size} daemon threads named {@code portal-http-N}. */
    static ExecutorService boundedDaemonPool(int size) {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(size, r -> {
            Thread t = new Thread(r, "portal-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    private static SSLContext defaultContext() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no default TLS context", e);
        }
    }

    private static String simpleName(Throwable t) {
        return t == null ? "unknown" : t.getClass().getSimpleName();
    }

    /** A body subscriber that collects at most {@code limit} bytes, then cancels the rest of the body. */
    public static HttpResponse.BodySubscriber<byte[]> boundedBody(int limit) {
        return new BoundedBody(limit);
    }

    /** Collects at most {@code limit} bytes, then cancels the rest of the body. */
    private static final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final int limit;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        BoundedBody(int limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer b : items) {
                int n = Math.min(b.remaining(), limit - out.size());
                byte[] chunk = new byte[n];
                b.get(chunk);
                out.write(chunk, 0, n);
            }
            if (out.size() >= limit) {
                subscription.cancel();
                result.complete(out.toByteArray());
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(out.toByteArray());
        }
    }

    /** A coded failure raised inside the download subscriber. */
    private static final class SinkFailure extends IOException {
        private static final long serialVersionUID = 1L;
        final String code;
        final boolean retryable;

        SinkFailure(String code, String message, boolean retryable) {
            super(message);
            this.code = code;
            this.retryable = retryable;
        }
    }

    /** Writes the body to the sink and hashes it; stops past {@code limit} bytes; inert once abandoned. */
    private static final class HashingSink implements HttpResponse.BodySubscriber<Long> {
        private final OutputStream sink;
        private final long limit;
        private final MessageDigest digest;
        private final CompletableFuture<Long> result = new CompletableFuture<>();
        private final Object lock = new Object();
        private Flow.Subscription subscription;
        private long written;
        private boolean abandoned;

        HashingSink(OutputStream sink, long limit) {
            this.sink = sink;
            this.limit = limit;
            try {
                this.digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        void abandon() {
            synchronized (lock) {
                abandoned = true;
            }
            if (subscription != null) {
                subscription.cancel();
            }
        }

        String hex() {
            synchronized (lock) {
                return HexFormat.of().formatHex(digest.digest()).toLowerCase(Locale.ROOT);
            }
        }

        @Override
        public CompletionStage<Long> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            synchronized (lock) {
                if (abandoned || result.isDone()) {
                    return;
                }
                try {
                    for (ByteBuffer b : items) {
                        int n = b.remaining();
                        if (written + n > limit) {
                            throw new SinkFailure(AdapterError.FETCH_SIZE_MISMATCH.code(), "the portal sent more bytes than announced (" + limit + ")", false);
                        }
                        byte[] chunk = new byte[n];
                        b.get(chunk);
                        digest.update(chunk);
                        try {
                            sink.write(chunk);
                        } catch (IOException e) {
                            throw new SinkFailure(AdapterError.FETCH_SINK.code(), "the download could not be written: " + e.getClass().getSimpleName(), true);
                        }
                        written += n;
                    }
                } catch (SinkFailure f) {
                    abandoned = true;
                    subscription.cancel();
                    result.completeExceptionally(f);
                }
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            synchronized (lock) {
                result.complete(written);
            }
        }
    }
}
