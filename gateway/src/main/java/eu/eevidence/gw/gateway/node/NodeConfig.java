package eu.eevidence.gw.gateway.node;

import eu.eevidence.gw.gateway.deadline.DeadlineSettings;
import eu.eevidence.gw.gateway.infra.EmbeddedBroker;
import eu.eevidence.gw.gateway.network.NodeIdentity;
import eu.eevidence.gw.gateway.network.PeerSpec;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * How to run one node.
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
 * @param networkDirectory the signed network directory file ({@code directory.p7s}); null: none. When set, peers and
 *                      platforms come from the directory (configured ones are added, for development), and this node's
 *                      identity and certificate must be listed in it
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
        Path networkDirectory) {

    public NodeConfig(Path dataDir, String host, int port, String jdbcUrl, String jdbcUser, String jdbcPassword,
                      eu.eevidence.gw.pki.KeyMaterial nodeKey, eu.eevidence.gw.pki.TrustAnchors trust, List<PlatformSpec> platforms,
                      EmbeddedBroker.RetryPolicy retry, int maxBodyBytes, Clock clock) {
        this(dataDir, host, port, jdbcUrl, jdbcUser, jdbcPassword, nodeKey, trust, platforms, retry, maxBodyBytes, clock, null);
    }

    public NodeConfig(Path dataDir, String host, int port, String jdbcUrl, String jdbcUser, String jdbcPassword,
                      eu.eevidence.gw.pki.KeyMaterial nodeKey, eu.eevidence.gw.pki.TrustAnchors trust, List<PlatformSpec> platforms,
                      EmbeddedBroker.RetryPolicy retry, int maxBodyBytes, Clock clock, DeadlineSettings deadlines) {
        this(dataDir, host, port, jdbcUrl, jdbcUser, jdbcPassword, nodeKey, trust, platforms, retry, maxBodyBytes, clock, deadlines, null, null);
    }

    public NodeConfig(Path dataDir, String host, int port, String jdbcUrl, String jdbcUser, String jdbcPassword,
                      eu.eevidence.gw.pki.KeyMaterial nodeKey, eu.eevidence.gw.pki.TrustAnchors trust, List<PlatformSpec> platforms,
                      EmbeddedBroker.RetryPolicy retry, int maxBodyBytes, Clock clock, DeadlineSettings deadlines, NodeIdentity identity,
                      List<PeerSpec> peers) {
        this(dataDir, host, port, jdbcUrl, jdbcUser, jdbcPassword, nodeKey, trust, platforms, retry, maxBodyBytes, clock, deadlines, identity, peers, null);
    }

    public NodeConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        host = host == null ? "127.0.0.1" : host;
        platforms = platforms == null ? List.of() : List.copyOf(platforms);
        retry = retry == null ? EmbeddedBroker.RetryPolicy.defaults() : retry;
        maxBodyBytes = maxBodyBytes <= 0 ? 1024 * 1024 : maxBodyBytes;
        clock = clock == null ? Clock.systemUTC() : clock;
        deadlines = deadlines == null ? DeadlineSettings.DEFAULTS : deadlines;
        peers = peers == null ? List.of() : List.copyOf(peers);
        if (!peers.isEmpty() && identity == null) {
            throw new IllegalArgumentException("EEG-CFG-006 a node with peers needs its own network identity (node id, country, role)");
        }
        if ((nodeKey == null) != (trust == null)) {
            throw new IllegalArgumentException("EEG-CFG-004 give both the node key and the trust anchors, or neither (development PKI)");
        }
    }

    /** Embedded defaults: H2 and the development PKI under {@code dataDir}, port 8443 on loopback. */
    public static NodeConfig embedded(Path dataDir) {
        return new NodeConfig(dataDir, "127.0.0.1", 8443, null, null, null, null, null, List.of(), null, 0, null);
    }

    public NodeConfig withPort(int newPort) {
        return new NodeConfig(dataDir, host, newPort, jdbcUrl, jdbcUser, jdbcPassword, nodeKey, trust, platforms, retry, maxBodyBytes, clock, deadlines, identity, peers, networkDirectory);
    }

    public NodeConfig withPlatforms(List<PlatformSpec> newPlatforms) {
        return new NodeConfig(dataDir, host, port, jdbcUrl, jdbcUser, jdbcPassword, nodeKey, trust, newPlatforms, retry, maxBodyBytes, clock, deadlines, identity, peers, networkDirectory);
    }

    public NodeConfig withRetry(EmbeddedBroker.RetryPolicy newRetry) {
        return new NodeConfig(dataDir, host, port, jdbcUrl, jdbcUser, jdbcPassword, nodeKey, trust, platforms, newRetry, maxBodyBytes, clock, deadlines, identity, peers, networkDirectory);
    }

    public NodeConfig withDeadlines(DeadlineSettings newDeadlines) {
        return new NodeConfig(dataDir, host, port, jdbcUrl, jdbcUser, jdbcPassword, nodeKey, trust, platforms, retry, maxBodyBytes, clock, newDeadlines, identity, peers, networkDirectory);
    }

    public NodeConfig withClock(Clock newClock) {
        return new NodeConfig(dataDir, host, port, jdbcUrl, jdbcUser, jdbcPassword, nodeKey, trust, platforms, retry, maxBodyBytes, newClock, deadlines, identity, peers, networkDirectory);
    }

    public NodeConfig withNetwork(NodeIdentity newIdentity, List<PeerSpec> newPeers) {
        return new NodeConfig(dataDir, host, port, jdbcUrl, jdbcUser, jdbcPassword, nodeKey, trust, platforms, retry, maxBodyBytes, clock, deadlines,
                newIdentity, newPeers, networkDirectory);
    }

    /** With the signed network directory file (see {@code docs/design/network-directory.md}). */
    public NodeConfig withNetworkDirectory(Path newNetworkDirectory) {
        return new NodeConfig(dataDir, host, port, jdbcUrl, jdbcUser, jdbcPassword, nodeKey, trust, platforms, retry, maxBodyBytes, clock, deadlines,
                identity, peers, newNetworkDirectory);
    }
}
