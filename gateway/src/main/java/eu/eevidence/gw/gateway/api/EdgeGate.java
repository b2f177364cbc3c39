package eu.eevidence.gw.gateway.api;

import eu.eevidence.gw.gateway.http.Problems;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import eu.eevidence.gw.gateway.channel.ChannelError;

/**
 * The first thing every request meets, on Jetty's own level (before CXF, before any body byte is read):
 * <ul>
 *   <li>methods the API does not use (TRACE, CONNECT, anything unknown) are answered 405 {@code EEG-HTTP-405};</li>
 *   <li>a call to {@code /api/**} or {@code /eevidence/**} without a client certificate never reaches the API: it is answered
 *       401 by this gate, its body (if any) discarded as it arrives by non-blocking reads (bounded in size and by the
 *       minimum data rate), so an unauthenticated client cannot hold a request thread by sending its body slowly;</li>
 *   <li>the public endpoints (health, custody tiles, OCSP, TSA, OpenAPI) serve at most
 *       {@link HttpEdgeSettings#maxUnauthenticatedInFlight()} requests without a certificate at once; more get 503
 *       {@code EEG-HTTP-BUSY} with {@code Retry-After}.</li>
 * </ul>
 * Non-blocking: it writes small fixed answers and never waits.
 */
public final class EdgeGate extends Handler.Wrapper {

    private static final Logger LOG = LoggerFactory.getLogger(EdgeGate.class);
    static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS");
    static final String ALLOW = "GET, HEAD, POST, PUT, DELETE, OPTIONS";
    private static final long LOG_EVERY_NANOS = 60_000_000_000L;

    private final Semaphore unauthenticated;
    private final AtomicLong refusedUnauthenticated = new AtomicLong();
    private final AtomicLong lastRefusalLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);
    private final AtomicLong busy = new AtomicLong();

    private final int maxHeaderBytes;
    private final int maxUnauthenticated;
    private final long minBytesPerSecond;
    private final long graceNanos;

    private final eu.eevidence.gw.gateway.access.RequestRateLimits limits;

    /** {@code limits}: the per-address limits for requests without a certificate (ADR-0021); null: none. */
    public EdgeGate(Handler inner, HttpEdgeSettings edge, eu.eevidence.gw.gateway.access.RequestRateLimits limits) {
        super(inner);
        this.limits = limits;
        this.unauthenticated = new Semaphore(edge.maxUnauthenticatedInFlight());
        this.maxUnauthenticated = edge.maxUnauthenticatedInFlight();
        this.maxHeaderBytes = edge.maxRequestHeaderBytes();
        this.minBytesPerSecond = edge.minRequestBytesPerSecond();
        this.graceNanos = edge.minRateGrace().toNanos();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String method = request.getMethod();
        if (!METHODS.contains(method)) {
            response.getHeaders().put(HttpHeader.ALLOW, ALLOW);
            problem(request, response, callback, 405, ApiError.HTTP_405.code(), "Method not allowed", "this node answers " + ALLOW);
            return true;
        }
        if (headerListSize(request) > maxHeaderBytes) {
            // HTTP/1.1 never gets here (its parser answers 431 itself); HTTP/2 header blocks are bounded here the same way
            problem(request, response, callback, 431, ApiError.HTTP_431.code(), "Request Header Fields Too Large", ProblemErrorPages.detail(431));
            return true;
        }
        boolean authenticated = hasClientCertificate(request);
        if (!authenticated) {
            String path = canonicalPath(request);
            if (EdgePaths.needsCertificate(path)) {
                var limited = limits == null ? java.util.Optional.<eu.eevidence.gw.gateway.access.RequestRateLimits.Refusal>empty()
                        : limits.unauthenticated(Request.getRemoteAddr(request));
                if (limited.isPresent()) { // an unauthenticated flood spends one bucket per address: 429 before the 401
                    var r = limited.get();
                    if (limits.shouldLog(r)) {
                        LOG.warn(ApiError.RATE_LIMITED.code() + " {} {} over its rate limit (further refusals of it are not logged for a minute)", r.limit(),
                                r.key());
                    }
                    response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(r.retryAfterSeconds()));
                    if (request.getConnectionMetaData().getHttpVersion().getVersion() <= HttpVersion.HTTP_1_1.getVersion() && hasBody(request)) {
                        response.getHeaders().put(HttpHeader.CONNECTION, "close");
                    }
                    if (EdgePaths.isConsolePage(path)) {
                        ConsoleEdgePage.write(request, response, callback, 429, ApiError.RATE_LIMITED.code());
                        return true;
                    }
                    problem(request, response, callback, 429, ApiError.RATE_LIMITED.code(), "Too many requests",
                            "the rate limit per " + r.limit() + " is reached; retry after " + r.retryAfterSeconds() + " s");
                    return true;
                }
                refuseUnauthenticated(request, response, callback, path);
                return true;
            }
            if (!unauthenticated.tryAcquire()) {
                busy.incrementAndGet();
                response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
                problem(request, response, callback, 503, ApiError.HTTP_BUSY.code(), "Busy",
                        "too many requests without a client certificate at once; retry shortly");
                return true;
            }
            Request.addCompletionListener(request, failure -> unauthenticated.release());
        }
        Request next = minBytesPerSecond > 0 && hasBody(request) ? new MinimumRateRequest(request, minBytesPerSecond, graceNanos) : request;
        return super.handle(next, response, callback);
    }

    /** Requests refused because they came without a certificate (for tests and metrics). */
    public long refusedUnauthenticated() {
        return refusedUnauthenticated.get();
    }

    /** Requests without a client certificate being served now. */
    public int unauthenticatedInFlight() {
        return maxUnauthenticated - unauthenticated.availablePermits();
    }

    /** Public requests refused because too many were in flight. */
    public long refusedBusy() {
        return busy.get();
    }

    private void refuseUnauthenticated(Request request, Response response, Callback callback, String path) {
        long n = refusedUnauthenticated.incrementAndGet();
        long now = System.nanoTime();
        long last = lastRefusalLog.get();
        if (now - last >= LOG_EVERY_NANOS && lastRefusalLog.compareAndSet(last, now)) {
            // one line a minute at most: an unauthenticated client cannot fill the operator's log
            LOG.info(ApiError.AUTH_NO_CERT.code() + " {} request(s) without a client certificate refused so far (latest {} {} from {})", n,
                    request.getMethod(), path.length() > 80 ? path.substring(0, 80) : path, Request.getRemoteAddr(request));
        }
        boolean push = path.startsWith("/eevidence");
        boolean console = EdgePaths.isConsolePage(path);
        Runnable answer = () -> {
            if (console) { // a browser: an HTML page that says how to present the person's certificate (ADR-0024)
                ConsoleEdgePage.write(request, response, callback, 401, ApiError.AUTH_NO_CERT.code());
            } else if (push) {
                problem(request, response, callback, 401, ChannelError.CHN_NO_CERT.code(), "Client certificate required",
                        "pushing answers needs mutual TLS with the platform's client certificate");
            } else {
                problem(request, response, callback, 401, ApiError.AUTH_NO_CERT.code(), "Client certificate required",
                        "this API needs mutual TLS with a certificate issued under the network's trust anchors");
            }
        };
        if (!hasBody(request)) {
            answer.run();
            return;
        }
        // Most clients (java.net.http among them) read the answer only once they have sent the whole body. So the body is
        // discarded as it arrives - by demand callbacks, never holding a thread while the client is slow, at the minimum
        // data rate, up to DRAIN_LIMIT - and then answered. Beyond the limit: answered at once and the connection closed.
        Request bounded = minBytesPerSecond > 0 ? new MinimumRateRequest(request, minBytesPerSecond, graceNanos) : request;
        new Drain(bounded, response, answer).run();
    }

    /** Largest unauthenticated body that is read (and discarded) so that the client sees its 401. */
    static final long DRAIN_LIMIT = 8L * 1024 * 1024;

    /** Reads and discards a refused request's body without blocking, then answers. */
    private static final class Drain implements Runnable {
        private final Request request;
        private final Response response;
        private final Runnable answer;
        private long read;

        Drain(Request request, Response response, Runnable answer) {
            this.request = request;
            this.response = response;
            this.answer = answer;
        }

        @Override
        public void run() {
            while (true) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    request.demand(this);
                    return;
                }
                if (Content.Chunk.isFailure(chunk)) {
                    closeAndAnswer(); // too slow, reset or gone: answer if it still listens
                    return;
                }
                read += chunk.remaining();
                boolean last = chunk.isLast();
                chunk.release();
                if (last) {
                    answer.run();
                    return;
                }
                if (read > DRAIN_LIMIT) {
                    closeAndAnswer();
                    return;
                }
            }
        }

        private void closeAndAnswer() {
            if (request.getConnectionMetaData().getHttpVersion().getVersion() <= HttpVersion.HTTP_1_1.getVersion()) {
                response.getHeaders().put(HttpHeader.CONNECTION, "close"); // the unread rest must not be parsed as a request
            }
            answer.run();
        }
    }

    /** The header list size as HTTP/2 counts it (RFC 9113 section 6.5.2: name + value + 32 octets per field). */
    static long headerListSize(Request request) {
        long size = 0;
        for (var field : request.getHeaders()) {
            size += field.getName().length() + (field.getValue() == null ? 0 : field.getValue().length()) + 32;
        }
        return size;
    }

    private static boolean hasBody(Request request) {
        return request.getLength() != 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
    }

    static boolean hasClientCertificate(Request request) {
        Object data = request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE);
        if (data instanceof EndPoint.SslSessionData ssl) {
            var certs = ssl.peerCertificates();
            return certs != null && certs.length > 0;
        }
        return false;
    }

    private static String canonicalPath(Request request) {
        String path = request.getHttpURI().getCanonicalPath();
        if (path == null) {
            path = request.getHttpURI().getPath();
        }
        return path == null ? "/" : path;
    }

    static void problem(Request request, Response response, Callback callback, int status, String code, String title, String detail) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problems.MEDIA_TYPE);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        byte[] body = Problems.body(status, code, title, detail).getBytes(StandardCharsets.UTF_8);
        response.write(true, "HEAD".equals(request.getMethod()) ? null : ByteBuffer.wrap(body), callback);
    }
}
