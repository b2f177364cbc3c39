package eu.eevidence.gw.gateway.api;

import java.time.Duration;

/**
 * Bounds of the node's HTTPS edge (Jetty), applied before any request reaches the API.
 *
 * @param idleTimeout               a connection (HTTP/1.1) or stream (HTTP/2) with no traffic for this long is closed
 * @param minRequestBytesPerSecond  a request body that arrives slower than this on average (after {@code minRateGrace}) is
 *                                  failed with 408: slow-body attacks; 0 turns the check off
 * @param minRateGrace              how long a body may take before the minimum rate applies
 * @param maxRequestHeaderBytes     request line plus headers; larger: 431 (HTTP/1.1) or the stream is refused (HTTP/2)
 * @param maxUnauthenticatedInFlight requests without a client certificate being served at once (health, custody tiles, OCSP,
 *                                  TSA); more: 503 {@code EEG-HTTP-BUSY}. Unauthenticated calls to {@code /api} never count:
 *                                  they are refused before their body is read
 * @param maxUnauthenticatedConnections TLS connections open without a client certificate; a new one above it is closed
 *                                  right after its handshake
 * @param maxConnections            open TCP connections; the acceptor pauses above it
 * @param maxThreads                the request thread pool
 * @param stopTimeout               graceful stop: in-flight requests get this long to finish after intake stops
 */
public record HttpEdgeSettings(
        Duration idleTimeout,
        long minRequestBytesPerSecond,
        Duration minRateGrace,
        int maxRequestHeaderBytes,
        int maxUnauthenticatedInFlight,
        int maxUnauthenticatedConnections,
        int maxConnections,
        int maxThreads,
        Duration stopTimeout) {

    public static final HttpEdgeSettings DEFAULTS = new HttpEdgeSettings(Duration.ofSeconds(30), 1024, Duration.ofSeconds(10), 16 * 1024, 64, 1024, 4096, 200,
            Duration.ofSeconds(10));

    public HttpEdgeSettings {
        if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException(ApiError.CFG_HTTP.code() + " idle timeout must be positive");
        }
        if (minRequestBytesPerSecond < 0 || maxRequestHeaderBytes < 1024 || maxUnauthenticatedInFlight < 1 || maxUnauthenticatedConnections < 1 || maxConnections < 8
                || maxThreads < 8) {
            throw new IllegalArgumentException(ApiError.CFG_HTTP.code() + " edge bounds out of range");
        }
        if (minRateGrace == null || minRateGrace.isNegative()) {
            throw new IllegalArgumentException(ApiError.CFG_HTTP.code() + " minimum-rate grace must not be negative");
        }
        if (stopTimeout == null || stopTimeout.isNegative()) {
            throw new IllegalArgumentException(ApiError.CFG_HTTP.code() + " stop timeout must not be negative");
        }
    }

    public HttpEdgeSettings withMaxUnauthenticatedInFlight(int n) {
        return new HttpEdgeSettings(idleTimeout, minRequestBytesPerSecond, minRateGrace, maxRequestHeaderBytes, n, maxUnauthenticatedConnections, maxConnections, maxThreads, stopTimeout);
    }

    public HttpEdgeSettings withMinimumRate(long bytesPerSecond, Duration grace) {
        return new HttpEdgeSettings(idleTimeout, bytesPerSecond, grace, maxRequestHeaderBytes, maxUnauthenticatedInFlight, maxUnauthenticatedConnections, maxConnections,
                maxThreads, stopTimeout);
    }

    public HttpEdgeSettings withMaxUnauthenticatedConnections(int n) {
        return new HttpEdgeSettings(idleTimeout, minRequestBytesPerSecond, minRateGrace, maxRequestHeaderBytes, maxUnauthenticatedInFlight, n,
                maxConnections, maxThreads, stopTimeout);
    }

    public HttpEdgeSettings withIdleTimeout(Duration d) {
        return new HttpEdgeSettings(d, minRequestBytesPerSecond, minRateGrace, maxRequestHeaderBytes, maxUnauthenticatedInFlight, maxUnauthenticatedConnections, maxConnections,
                maxThreads, stopTimeout);
    }
}
