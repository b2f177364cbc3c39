package eu.eevidence.gw.gateway.node;

import eu.eevidence.gw.gateway.deadline.DeadlineSettings;
import eu.eevidence.gw.gateway.delivery.EmbeddedBroker;
import eu.eevidence.gw.gateway.routing.NodeIdentity;
import eu.eevidence.gw.gateway.routing.PeerSpec;
import eu.eevidence.gw.gateway.routing.PlatformSpec;
import eu.eevidence.gw.gateway.trust.TrustServicesConfig;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * How to run one node. Build it with {@link #embedded(Path)} and the {@code withX} methods; the positional
 * constructors are kept for callers that predate the later components (those default to null: off or default).
 *
 * @param dataDir       everything durable lives under it: {@code db/}, {@code broker/}, {@code pki/}
 * @param host          address to bind the HTTPS API to
 * @param port          HTTPS port (0 = pick a free one)
 * @param jdbcUrl       null for the embedded H2 database under {@code dataDir/db}
 * @param jdbcUser      database user (embedded default: sa)
 * @param jdbcPassword  database password
 * @param nodeKey       null for the development PKI under {@code dataDir/pki}; else the node's own key material
 * @param trust         with {@code nodeKey}: the network's trust anchors
 * @param platforms     platforms this node delivers to
 * @param retry         broker retry policy for deliveries
 * @param maxBodyBytes  largest accepted request body
 * @param clock         the node's clock (injected so that simulations can move time)
 * @param deadlines     deadline rules overrides, warning policy and engine tick
 * @param identity      who this node is in the network (null: a stand-alone node that exchanges with platforms only)
 * @param peers         other gateway nodes this node exchanges with (empty: none)
 * @param trustServices OCSP responder, TSA and CAdES-T on the node's seals; {@code null} = on with the development PKI, off with configured key material (see {@link TrustServicesConfig})
 * @param delivery      scheduled retries, bounds and circuit breakers of delivery; null: derived from {@code retry} ({@link #deliveryPolicy()})
 * @param httpEdge      bounds of the HTTPS edge (timeouts, minimum data rate, header size, unauthenticated load, stop timeout); null: {@link eu.eevidence.gw.gateway.api.HttpEdgeSettings#DEFAULTS}
 * @param access        ADR-0021: rate limits, client-certificate revocation checking (OCSP/CRL, fail-open or fail-closed), signer
 *                      delegations and the replay window of signed submissions; null: {@link eu.eevidence.gw.gateway.access.ClientAccessSettings#defaults()}
 * @param networkDirectory where the signed network directory comes from (file and/or https URLs, check interval); null: none. When set, peers and platforms come from it (configured ones are added for development)
 * @param publicBaseUrl the node's public base URL (scheme, host, port, e.g. {@code https://gw.at.example:8443}) from which
 *                      {@code Location} and every other absolute URL the node returns is built, never from the client's
 *                      {@code Host} header; null: {@code https://<host>:<port>} ({@link #publicBaseUrl(int)})
 */
public record NodeConfig(
        Path dataDir,
        String host,
        int port,
        String jdbcUrl,
        String jdbcUser,
        String jdbcPassword,
        eu.eevidence.gw.pki.KeyMaterial nodeKey,
        eu.eevidence.gw.pki.TrustAnchors trust,
        List<PlatformSpec> platforms,
        EmbeddedBroker.RetryPolicy retry,
        int maxBodyBytes,
        Clock clock,
        DeadlineSettings deadlines,
        NodeIdentity identity,
        List<PeerSpec> peers,
        TrustServicesConfig trustServices,
        eu.eevidence.gw.gateway.delivery.DeliveryPolicy delivery,
        eu.eevidence.gw.gateway.network.DirectorySettings networkDirectory,
        eu.eevidence.gw.gateway.access.ClientAccessSettings access,
        eu.eevidence.gw.gateway.api.HttpEdgeSettings httpEdge,
        String publicBaseUrl,
        eu.eevidence.gw.gateway.observe.TraceSettings tracing) {

    /** Without trace export (ADR-0027: off by default). */
    public NodeConfig(Path dataDir, String host, int port, String jdbcUrl, String jdbcUser, String jdbcPassword,
            eu.eevidence.gw.pki.KeyMaterial nodeKey, eu.eevidence.gw.pki.TrustAnchors trust, List<PlatformSpec> platforms,
            EmbeddedBroker.RetryPolicy retry, int maxBodyBytes, Clock clock, DeadlineSettings deadlines, NodeIdentity identity,
            List<PeerSpec> peers, TrustServicesConfig trustServices, eu.eevidence.gw.gateway.delivery.DeliveryPolicy delivery,
            eu.eevidence.gw.gateway.network.DirectorySettings networkDirectory, eu.eevidence.gw.gateway.access.ClientAccessSettings access,
            eu.eevidence.gw.gateway.api.HttpEdgeSettings httpEdge, String publicBaseUrl) {
        this(dataDir, host, port, jdbcUrl, jdbcUser, jdbcPassword, nodeKey, trust, platforms, retry, maxBodyBytes, clock, deadlines, identity,
                peers, trustServices, delivery, networkDirectory, access, httpEdge, publicBaseUrl, null);
    }

    public NodeConfig(Path dataDir, String host, int port, String jdbcUrl, String jdbcUser, String jdbcPassword, eu.eevidence.gw.pki.KeyMaterial nodeKey, eu.eevidence.gw.pki.TrustAnchors trust, List<PlatformSpec> platforms, EmbeddedBroker.RetryPolicy retry, int maxBodyBytes, Clock clock) {
        this(dataDir, host, port, jdbcUrl, jdbcUser, jdbcPassword, nodeKey, trust, platforms, retry, maxBodyBytes, clock, null);
    }

    public NodeConfig(Path dataDir, String host, int port, String jdbcUrl, String jdbcUser, String jdbcPassword, eu.eevidence.gw.pki.KeyMaterial nodeKey, eu.eevidence.gw.pki.TrustAnchors trust, List<PlatformSpec> platforms, EmbeddedBroker.RetryPolicy retry, int maxBodyBytes, Clock clock, DeadlineSettings deadlines) {
        this(dataDir, host, port, jdbcUrl, jdbcUser, jdbcPassword, nodeKey, trust, platforms, retry, maxBodyBytes, clock, deadlines, null, null, null, null, null, null, null, null);
    }

    public NodeConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        host = host == null ? "127.0.0.1" : host;
        platforms = platforms == null ? List.of() : List.copyOf(platforms);
        retry = retry == null ? EmbeddedBroker.RetryPolicy.defaults() : retry;
        maxBodyBytes = maxBodyBytes <= 0 ? 1024 * 1024 : maxBodyBytes;
        clock = clock == null ? Clock.systemUTC() : clock;
        deadlines = deadlines == null ? DeadlineSettings.DEFAULTS : deadlines;
        access = access == null ? eu.eevidence.gw.gateway.access.ClientAccessSettings.defaults() : access;
        peers = peers == null ? List.of() : List.copyOf(peers);
        httpEdge = httpEdge == null ? eu.eevidence.gw.gateway.api.HttpEdgeSettings.DEFAULTS : httpEdge;
        tracing = tracing == null ? eu.eevidence.gw.gateway.observe.TraceSettings.off() : tracing;
        if (!peers.isEmpty() && identity == null) {
            throw new IllegalArgumentException(NodeError.CFG_006.code() + " a node with peers needs its own network identity (node id, country, role)");
        }
        if (publicBaseUrl != null) {
            publicBaseUrl = checkedPublicBaseUrl(publicBaseUrl);
        }
        if ((nodeKey == null) != (trust == null)) {
            throw new IllegalArgumentException(NodeError.CFG_004.code() + " give both the node key and the trust anchors, or neither (development PKI)");
        }
    }

    /** Where the node's spans go (ADR-0027): nowhere (default), an OTLP collector, or a given exporter (tests). */
    public NodeConfig withTracing(eu.eevidence.gw.gateway.observe.TraceSettings newTracing) {
        return new NodeConfig(dataDir, host, port, jdbcUrl, jdbcUser, jdbcPassword, nodeKey, trust, platforms, retry, maxBodyBytes, clock, deadlines,
                identity, peers, trustServices, delivery, networkDirectory, access, httpEdge, publicBaseUrl, newTracing);
    }

    /** Embedded defaults: H2 and the development PKI under {@code dataDir}, port 8443 on loopback. */
    public static NodeConfig embedded(Path dataDir) {
        return new NodeConfig(dataDir, "127.0.0.1", 8443, null, null, null, null, null, List.of(), null, 0, null);
    }

    /** This configuration with the node's own key material and the network's trust anchors (both, or neither: development PKI). */
    public NodeConfig withKeys(eu.eevidence.gw.pki.KeyMaterial newNodeKey, eu.eevidence.gw.pki.TrustAnchors newTrust) {
        return new NodeConfig(dataDir, host, port, jdbcUrl, jdbcUser, jdbcPassword, newNodeKey, newTrust, platforms, retry, maxBodyBytes, clock, deadlines, identity, peers, trustServices, delivery, networkDirectory, access, httpEdge, publicBaseUrl, tracing);
    }

    /** This configuration bound to {@code newHost}. */
    public NodeConfig withHost(String newHost) {
        return new NodeConfig(dataDir, newHost, port, jdbcUrl, jdbcUser, jdbcPassword, nodeKey, trust, platforms, retry, maxBodyBytes, clock, deadlines, identity, peers, trustServices, delivery, networkDirectory, access, httpEdge, publicBaseUrl, tracing);
    }

    /** This configuration on an external database (null URL: the embedded H2 database under {@code dataDir/db}). */
    public NodeConfig withDatabase(String newJdbcUrl, String newJdbcUser, String newJdbcPassword) {
        return new NodeConfig(dataDir, host, port, newJdbcUrl, newJdbcUser, newJdbcPassword, nodeKey, trust, platforms, retry, maxBodyBytes, clock, deadlines, identity, peers, trustServices, delivery, networkDirectory, access, httpEdge, publicBaseUrl, tracing);
    }

    /** This configuration with another bound on request bodies (0: the default, 1 MiB). */
    public NodeConfig withMaxBodyBytes(int newMaxBodyBytes) {
        return new NodeConfig(dataDir, host, port, jdbcUrl, jdbcUser, jdbcPassword, nodeKey, trust, platforms, retry, newMaxBodyBytes, clock, deadlines, identity, peers, trustServices, delivery, networkDirectory, access, httpEdge, publicBaseUrl, tracing);
    }

    public NodeConfig withPort(int newPort) {
        return new NodeConfig(dataDir, host, newPort, jdbcUrl, jdbcUser, jdbcPassword, nodeKey, trust, platforms, retry, maxBodyBytes, clock, deadlines, identity, peers, trustServices, delivery, networkDirectory, access, httpEdge, publicBaseUrl, tracing);
    }

    public NodeConfig withPlatforms(List<PlatformSpec> newPlatforms) {
        return new NodeConfig(dataDir, host, port, jdbcUrl, jdbcUser, jdbcPassword, nodeKey, trust, newPlatforms, retry, maxBodyBytes, clock, deadlines, identity, peers, trustServices, delivery, networkDirectory, access, httpEdge, publicBaseUrl, tracing);
    }

    public NodeConfig withRetry(EmbeddedBroker.RetryPolicy newRetry) {
        return new NodeConfig(dataDir, host, port, jdbcUrl, jdbcUser, jdbcPassword, nodeKey, trust, platforms, newRetry, maxBodyBytes, clock, deadlines, identity, peers, trustServices, delivery, networkDirectory, access, httpEdge, publicBaseUrl, tracing);
    }

    public NodeConfig withDeadlines(DeadlineSettings newDeadlines) {
        return new NodeConfig(dataDir, host, port, jdbcUrl, jdbcUser, jdbcPassword, nodeKey, trust, platforms, retry, maxBodyBytes, clock, newDeadlines, identity, peers, trustServices, delivery, networkDirectory, access, httpEdge, publicBaseUrl, tracing);
    }

    public NodeConfig withClock(Clock newClock) {
        return new NodeConfig(dataDir, host, port, jdbcUrl, jdbcUser, jdbcPassword, nodeKey, trust, platforms, retry, maxBodyBytes, newClock, deadlines, identity, peers, trustServices, delivery, networkDirectory, access, httpEdge, publicBaseUrl, tracing);
    }

    public NodeConfig withNetwork(NodeIdentity newIdentity, List<PeerSpec> newPeers) {
        return new NodeConfig(dataDir, host, port, jdbcUrl, jdbcUser, jdbcPassword, nodeKey, trust, platforms, retry, maxBodyBytes, clock, deadlines, newIdentity, newPeers, trustServices, delivery, networkDirectory, access, httpEdge, publicBaseUrl, tracing);
    }

    public NodeConfig withTrustServices(TrustServicesConfig newTrustServices) {
        return new NodeConfig(dataDir, host, port, jdbcUrl, jdbcUser, jdbcPassword, nodeKey, trust, platforms, retry, maxBodyBytes, clock, deadlines, identity, peers, newTrustServices, delivery, networkDirectory, access, httpEdge, publicBaseUrl, tracing);
    }

    public NodeConfig withDelivery(eu.eevidence.gw.gateway.delivery.DeliveryPolicy newDelivery) {
        return new NodeConfig(dataDir, host, port, jdbcUrl, jdbcUser, jdbcPassword, nodeKey, trust, platforms, retry, maxBodyBytes, clock, deadlines, identity, peers, trustServices, newDelivery, networkDirectory, access, httpEdge, publicBaseUrl, tracing);
    }

    /** This configuration with other bounds of the HTTPS edge (null: the defaults). */
    public NodeConfig withHttpEdge(eu.eevidence.gw.gateway.api.HttpEdgeSettings newHttpEdge) {
        return new NodeConfig(dataDir, host, port, jdbcUrl, jdbcUser, jdbcPassword, nodeKey, trust, platforms, retry, maxBodyBytes, clock, deadlines, identity, peers, trustServices, delivery, networkDirectory, access, newHttpEdge, publicBaseUrl);
    }

    public NodeConfig withNetworkDirectory(Path newNetworkDirectory) {
        return withNetworkDirectory(newNetworkDirectory == null ? null : eu.eevidence.gw.gateway.network.DirectorySettings.file(newNetworkDirectory));
    }

    /** dir: this configuration with the network directory's file and/or URLs and check interval (null: none). */
    public NodeConfig withNetworkDirectory(eu.eevidence.gw.gateway.network.DirectorySettings newNetworkDirectory) {
        return new NodeConfig(dataDir, host, port, jdbcUrl, jdbcUser, jdbcPassword, nodeKey, trust, platforms, retry, maxBodyBytes, clock, deadlines, identity, peers, trustServices, delivery, newNetworkDirectory, access, httpEdge, publicBaseUrl, tracing);
    }

    /** ADR-0021: this configuration with other rate limits, revocation checking, signer delegations or signed-submission window. */
    public NodeConfig withAccess(eu.eevidence.gw.gateway.access.ClientAccessSettings newAccess) {
        return new NodeConfig(dataDir, host, port, jdbcUrl, jdbcUser, jdbcPassword, nodeKey, trust, platforms, retry, maxBodyBytes, clock, deadlines, identity, peers, trustServices, delivery, networkDirectory, newAccess, httpEdge, publicBaseUrl, tracing);
    }

    /** This configuration with the node's public base URL ({@code https://host[:port]}, no path, query or fragment). */
    public NodeConfig withPublicBaseUrl(String newPublicBaseUrl) {
        return new NodeConfig(dataDir, host, port, jdbcUrl, jdbcUser, jdbcPassword, nodeKey, trust, platforms, retry, maxBodyBytes, clock, deadlines, identity, peers, trustServices, delivery, networkDirectory, access, httpEdge, newPublicBaseUrl);
    }

    /**
     * The base of every absolute URL the node returns: {@code publicBaseUrl} when configured, else
     * {@code https://<host>:<boundPort>} (an IPv6 address in brackets). Never derived from a request's {@code Host}.
     */
    public java.net.URI publicBaseUrl(int boundPort) {
        if (publicBaseUrl != null) {
            return java.net.URI.create(publicBaseUrl);
        }
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return java.net.URI.create("https://" + h + ":" + boundPort);
    }

    private static String checkedPublicBaseUrl(String url) {
        java.net.URI u;
        try {
            u = new java.net.URI(url.strip());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(NodeError.CFG_PUBLIC_URL.code() + " the public URL is not a URI: " + e.getReason());
        }
        boolean emptyPath = u.getRawPath() == null || u.getRawPath().isEmpty() || u.getRawPath().equals("/");
        if (!"https".equalsIgnoreCase(u.getScheme()) || u.getHost() == null || u.getRawUserInfo() != null || !emptyPath
                || u.getRawQuery() != null || u.getRawFragment() != null) {
            throw new IllegalArgumentException(NodeError.CFG_PUBLIC_URL.code()
                    + " the public URL must be https://host[:port] without user, path, query or fragment");
        }
        String s = u.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /**
     * The delivery policy: {@code delivery} when given; otherwise derived from the broker retry policy (its delays
     * and attempt bound, +-20 % jitter, 24 h time bound, node problems retried after min(15 min, 3 x maxDelay), a
     * circuit opening after 5 consecutive failures for min(30 s, maxDelay)).
     */
    public eu.eevidence.gw.gateway.delivery.DeliveryPolicy deliveryPolicy() {
        if (delivery != null) {
            return delivery;
        }
        java.time.Duration maxDelay = retry.maxDelay();
        java.time.Duration operator = maxDelay.multipliedBy(3).compareTo(java.time.Duration.ofMinutes(15)) < 0 ? maxDelay.multipliedBy(3) : java.time.Duration.ofMinutes(15);
        java.time.Duration open = maxDelay.compareTo(java.time.Duration.ofSeconds(30)) < 0 ? maxDelay : java.time.Duration.ofSeconds(30);
        return new eu.eevidence.gw.gateway.delivery.DeliveryPolicy(retry.initialDelay(), Math.max(1.0, retry.multiplier()), maxDelay, 0.2,
                retry.maxAttempts(), java.time.Duration.ofHours(24), operator, 5, open);
    }

}
