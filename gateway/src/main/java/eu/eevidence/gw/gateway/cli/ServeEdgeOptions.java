package eu.eevidence.gw.gateway.cli;

import eu.eevidence.gw.gateway.api.HttpEdgeSettings;
import picocli.CommandLine.Option;

import java.time.Duration;

/** {@code serve} options for the bounds of the HTTPS edge (ADR-0022, docs/design/http-edge.md). */
final class ServeEdgeOptions {

    @Option(names = "--http-idle-timeout", paramLabel = "SECONDS", description = "Close connections and HTTP/2 streams idle this long (default: 30).")
    long idleSeconds = HttpEdgeSettings.DEFAULTS.idleTimeout().toSeconds();

    @Option(names = "--http-min-body-rate", paramLabel = "BYTES/S",
            description = "Minimum average request-body rate after a 10 s grace; slower bodies get 408 (default: 1024; 0: off).")
    long minBodyRate = HttpEdgeSettings.DEFAULTS.minRequestBytesPerSecond();

    @Option(names = "--http-max-unauthenticated", paramLabel = "N",
            description = "Requests without a client certificate served at once on the public endpoints; more get 503 (default: 64).")
    int maxUnauthenticated = HttpEdgeSettings.DEFAULTS.maxUnauthenticatedInFlight();

    @Option(names = "--http-max-anonymous-connections", paramLabel = "N",
            description = "TLS connections open without a client certificate; a new one above it is closed (default: 1024).")
    int maxUnauthenticatedConnections = HttpEdgeSettings.DEFAULTS.maxUnauthenticatedConnections();

    @Option(names = "--http-max-connections", paramLabel = "N", description = "Open connections at most (default: 4096).")
    int maxConnections = HttpEdgeSettings.DEFAULTS.maxConnections();

    /** The settings these options describe; IllegalArgumentException (EEG-CFG-HTTP) when out of range. */
    HttpEdgeSettings settings() {
        HttpEdgeSettings d = HttpEdgeSettings.DEFAULTS;
        return new HttpEdgeSettings(Duration.ofSeconds(idleSeconds), minBodyRate, d.minRateGrace(), d.maxRequestHeaderBytes(), maxUnauthenticated,
                maxUnauthenticatedConnections, maxConnections, d.maxThreads(), d.stopTimeout());
    }
}
