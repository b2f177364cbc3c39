package eu.eevidence.gw.gateway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.eevidence.gw.gateway.cli.GatewayCli;
import eu.eevidence.gw.gateway.demo.Demo;
import eu.eevidence.gw.gateway.delivery.EmbeddedBroker;
import eu.eevidence.gw.gateway.routing.NodeIdentity;
import eu.eevidence.gw.gateway.routing.NodeRole;
import eu.eevidence.gw.gateway.routing.PeerSpec;
import eu.eevidence.gw.gateway.node.GatewayNode;
import eu.eevidence.gw.gateway.node.NodeConfig;
import eu.eevidence.gw.gateway.routing.PlatformSpec;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestState;
import eu.eevidence.gw.pki.DevPki;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.pki.TrustAnchors;
import eu.eevidence.gw.testkit.ContactPointClient;
import eu.eevidence.gw.testkit.SimulatedPlatformPortal;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several gateway nodes in one JVM on loopback, for the multi-node integration tests: keys from one test CA, every node
 * the 24/7 contact point of its Party and a peer of every other, each with a contact-point client, optionally a
 * simulated platform portal (json-portal, id {@link Demo#PLATFORM_ID}) behind it. Built with {@link #builder(Path)},
 * then {@link Builder#node(String, String, boolean)} per country and {@link Builder#start()}.
 */
public final class NodeNetwork implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    /** Fast retries so that a peer that was down is reached again within a test. */
    public static final EmbeddedBroker.RetryPolicy RETRY = new EmbeddedBroker.RetryPolicy(Duration.ofMillis(100), 1.5, Duration.ofSeconds(1), 40);

    /** One node of the network, with its country's contact point and (optionally) its platform. */
    public static final class Member {
        public final NodeIdentity identity;
        public final KeyMaterial key;
        public final int port;
        public final SimulatedPlatformPortal portal;
        public final KeyMaterial platformKey;
        public GatewayNode node;
        /** The Party's 24/7 contact point on this node. */
        public ContactPointClient cp;
        /** The platform's legal team on this node's platform API (null without a portal). */
        public ContactPointClient platform;
        /** The configuration the node was started with (for {@link #restart()}). */
        public NodeConfig config;

        Member(NodeIdentity identity, KeyMaterial key, int port, SimulatedPlatformPortal portal, KeyMaterial platformKey) {
            this.identity = identity;
            this.key = key;
            this.port = port;
            this.portal = portal;
            this.platformKey = platformKey;
        }

        public String nodeId() {
            return identity.nodeId();
        }

        /** Stops this node (its journal, database and outbox stay on disk). */
        public void stopNode() {
            node.close();
        }

        /** Starts this node again after {@link #stopNode()}. */
        public void restart() throws Exception {
            node = GatewayNode.start(config);
        }

        /** The message id the node gives a bare request it sends to a peer. */
        public String messageIdOf(String requestId) {
            return nodeId() + ":" + requestId;
        }

        /** Submits a bare request as this node's contact point; returns its request id. */
        public String submit(byte[] body, String idempotencyKey) throws Exception {
            ContactPointClient.Answer created = cp.submit(body, idempotencyKey);
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            return created.location().substring(created.location().lastIndexOf('/') + 1);
        }

        /** Posts a decision on one of this node's cases. */
        public ContactPointClient.Answer decide(String caseId, String json) throws Exception {
            return cp.post("api/v1/cases/" + caseId + "/decision", json.getBytes(StandardCharsets.UTF_8), "application/json", null);
        }

        /** Accepts a case for this node's platform; returns the domestic request id. */
        public String accept(String caseId) throws Exception {
            ContactPointClient.Answer accepted = decide(caseId, "{\"decision\":\"ACCEPT\",\"platformId\":\"" + Demo.PLATFORM_ID + "\"}");
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
            return JSON.readTree(accepted.body()).get("domesticRequestId").asText();
        }

        /** Waits until this node lists a case for {@code messageId} in {@code state}; returns the list entry. */
        public JsonNode awaitCaseFor(String messageId, String state) {
            return await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100)).until(() -> {
                for (JsonNode k : JSON.readTree(cp.get("api/v1/cases").body()).path("items")) {
                    if (messageId.equals(k.path("messageId").asText())) {
                        return k;
                    }
                }
                return null;
            }, k -> k != null && state.equals(k.path("state").asText()));
        }

        /** Waits until the case is in {@code state}; returns the case as the review API shows it. */
        public JsonNode awaitCaseState(String caseId, String state) {
            return await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100))
                    .until(() -> JSON.readTree(cp.get("api/v1/cases/" + caseId).body()), c -> state.equals(c.path("state").asText()));
        }

        /** Waits until the request of this node is in {@code state}. */
        public RequestRecord awaitState(String requestId, RequestState state) {
            return await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100))
                    .until(() -> node.requests().find(requestId).orElseThrow(), r -> r.state() == state);
        }

        /** The custody records of this node of one event type (their text). */
        public List<String> custody(String eventType) throws Exception {
            return node.requests().database().read(c -> {
                try (PreparedStatement ps = c.connection().prepareStatement("SELECT record_text FROM custody_record WHERE event_type = ?")) {
                    ps.setString(1, eventType);
                    try (ResultSet rs = ps.executeQuery()) {
                        List<String> out = new ArrayList<>();
                        while (rs.next()) {
                            out.add(rs.getString(1));
                        }
                        return out;
                    }
                }
            });
        }
    }

    private final Path dir;
    private final DevPki pki;
    private final TrustAnchors trust;
    private final Map<String, Member> members;

    private NodeNetwork(Path dir, DevPki pki, TrustAnchors trust, Map<String, Member> members) {
        this.dir = dir;
        this.pki = pki;
        this.trust = trust;
        this.members = members;
    }

    public static Builder builder(Path dir) throws Exception {
        return new Builder(dir);
    }

    /** Declares the nodes, then starts them all (the first declared last, so that its peers are up when it sends). */
    public static final class Builder {
        private final Path dir;
        private final DevPki pki;
        private final TrustAnchors trust;
        private final Map<String, Member> members = new LinkedHashMap<>();
        private final Map<String, KeyMaterial> contactPoints = new LinkedHashMap<>();

        private Builder(Path dir) throws Exception {
            this.dir = dir;
            this.pki = DevPki.loadOrCreate(dir.resolve("pki"), Clock.systemUTC());
            this.trust = TrustAnchors.of(List.of(pki.rootCertificate()));
        }

        /** A node {@code <country lower case>-247} for the Party {@code country}, with a simulated platform portal or not. */
        public Builder node(String country, String contactPointName, boolean withPortal) throws Exception {
            String nodeId = country.toLowerCase(Locale.ROOT) + "-247";
            KeyMaterial key = pki.issue(new IssueRequest("node " + nodeId, Role.NODE, List.of("127.0.0.1", "localhost"), KeyKind.EC_P256,
                    Duration.ofDays(3), true, true));
            SimulatedPlatformPortal portal = null;
            KeyMaterial platformKey = null;
            if (withPortal) {
                platformKey = pki.issue(new IssueRequest("platform of " + country, Role.PLATFORM, List.of("127.0.0.1"), KeyKind.EC_P256,
                        Duration.ofDays(3), true, true));
                portal = SimulatedPlatformPortal.start(platformKey, trust, dir.resolve("portal-" + nodeId), Duration.ofDays(90), Clock.systemUTC());
            }
            Member m = new Member(new NodeIdentity(nodeId, country, NodeRole.CONTACT_POINT_24_7), key, freePort(), portal, platformKey);
            members.put(country, m);
            // the contact point's certificate is issued now, its client made once the node is up
            contactPoints.put(country, pki.issue(new IssueRequest(contactPointName, Role.CONTACT_POINT, List.of(), KeyKind.EC_P256,
                    Duration.ofDays(3), false, true)));
            return this;
        }

        public NodeNetwork start() throws Exception {
            NodeNetwork network = new NodeNetwork(dir, pki, trust, members);
            List<Member> order = new ArrayList<>(members.values());
            java.util.Collections.reverse(order);
            try {
                for (Member m : order) {
                    List<PeerSpec> peers = new ArrayList<>();
                    for (Member other : members.values()) {
                        if (other != m) {
                            peers.add(new PeerSpec(other.identity, URI.create("https://127.0.0.1:" + other.port + "/"), other.key.certificate(), Set.of()));
                        }
                    }
                    List<PlatformSpec> platforms = m.portal == null ? List.of()
                            : List.of(new PlatformSpec(Demo.PLATFORM_ID, "json-portal", URI.create(m.portal.baseUrl()), m.platformKey.certificate(),
                                    List.of()));
                    m.config = NodeConfig.embedded(dir.resolve(m.nodeId())).withPort(m.port).withKeys(m.key, trust).withPlatforms(platforms)
                            .withRetry(RETRY).withNetwork(m.identity, peers);
                    m.node = GatewayNode.start(m.config);
                    m.cp = new ContactPointClient(m.node.baseUrl(), contactPoints.get(m.identity.country()), trust);
                    if (m.portal != null) {
                        m.platform = new ContactPointClient(m.node.baseUrl(), m.platformKey, trust);
                    }
                }
            } catch (Exception | Error e) {
                network.close();
                throw e;
            }
            return network;
        }
    }

    /** The node of a Party (ISO country code as declared). */
    public Member get(String country) {
        Member m = members.get(country);
        if (m == null) {
            throw new IllegalArgumentException("no node for " + country);
        }
        return m;
    }

    public DevPki pki() {
        return pki;
    }

    public TrustAnchors trust() {
        return trust;
    }

    public Path dir() {
        return dir;
    }

    /** Publishes every node's custody log and checks it with the independent auditor command ({@code audit verify}). */
    public void assertEveryCustodyLogVerifies() throws Exception {
        String ca = dir.resolve("pki/ca.pem").toString();
        for (Member m : members.values()) {
            m.node.custody().flushAndPublish();
            String base = m.node.baseUrl() + "/custody/";
            String vkey = m.node.custody().log().verifierKey().encode();
            assertThat(GatewayCli.execute("audit", "verify", "--log", base, "--vkey", vkey, "--trust", ca)).as(m.nodeId()).isZero();
        }
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        for (Member m : members.values()) {
            for (AutoCloseable c : new AutoCloseable[] {m.node, m.portal}) {
                try {
                    if (c != null) {
                        c.close();
                    }
                } catch (Exception ignored) {
                    // best effort: the other nodes still close
                }
            }
        }
    }
}
