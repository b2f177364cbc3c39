package eu.eevidence.gw.gateway.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.eevidence.gw.gateway.demo.Demo;
import eu.eevidence.gw.gateway.delivery.EmbeddedBroker;
import eu.eevidence.gw.gateway.node.GatewayNode;
import eu.eevidence.gw.gateway.node.NodeConfig;
import eu.eevidence.gw.gateway.routing.PlatformSpec;
import eu.eevidence.gw.pki.DevPki;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.pki.TrustAnchors;
import eu.eevidence.gw.testkit.ContactPointClient;
import eu.eevidence.gw.testkit.SimulatedPlatformPortal;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A node, a simulated portal and contact-point credentials on loopback, for integration tests. */
final class TestNetwork implements AutoCloseable {

    static final EmbeddedBroker.RetryPolicy FAST_RETRY = new EmbeddedBroker.RetryPolicy(Duration.ofMillis(100), 1.5, Duration.ofSeconds(1), 4);

    final Path dir;
    final DevPki pki;
    final TrustAnchors trust;
    final KeyMaterial platformKey;
    final KeyMaterial contactPoint;
    final SimulatedPlatformPortal portal;
    final EmbeddedBroker.RetryPolicy retry;
    /** The delivery policy (null: derived from {@link #retry}). */
    eu.eevidence.gw.gateway.delivery.DeliveryPolicy delivery;
    GatewayNode node;
    private int port;

    TestNetwork(Path dir) throws Exception {
        this(dir, FAST_RETRY);
    }

    TestNetwork(Path dir, EmbeddedBroker.RetryPolicy retry) throws Exception {
        this(dir, retry, null);
    }

    TestNetwork(Path dir, EmbeddedBroker.RetryPolicy retry, eu.eevidence.gw.gateway.delivery.DeliveryPolicy delivery) throws Exception {
        this(dir, retry, delivery, c -> c);
    }

    /** With {@code configure} applied to the node's configuration (e.g. ADR-0021 access settings). */
    TestNetwork(Path dir, java.util.function.UnaryOperator<NodeConfig> configure) throws Exception {
        this(dir, FAST_RETRY, null, configure);
    }

    /** Applied to the node's configuration at each start. */
    private final java.util.function.UnaryOperator<NodeConfig> configure;
    /** ADR-0030: where the node's alarms go (null: they stay in the node). */
    private final eu.eevidence.gw.gateway.alert.AlarmsConfig alarms;

    /** With a delivery policy and an alarms configuration (ADR-0030). */
    TestNetwork(Path dir, eu.eevidence.gw.gateway.delivery.DeliveryPolicy delivery, eu.eevidence.gw.gateway.alert.AlarmsConfig alarms)
            throws Exception {
        this(dir, FAST_RETRY, delivery, c -> c, alarms);
    }

    TestNetwork(Path dir, EmbeddedBroker.RetryPolicy retry, eu.eevidence.gw.gateway.delivery.DeliveryPolicy delivery,
            java.util.function.UnaryOperator<NodeConfig> configure) throws Exception {
        this(dir, retry, delivery, configure, null);
    }

    private TestNetwork(Path dir, EmbeddedBroker.RetryPolicy retry, eu.eevidence.gw.gateway.delivery.DeliveryPolicy delivery,
            java.util.function.UnaryOperator<NodeConfig> configure, eu.eevidence.gw.gateway.alert.AlarmsConfig alarms) throws Exception {
        this.configure = configure;
        this.alarms = alarms;
        this.dir = dir;
        this.retry = retry;
        this.delivery = delivery;
        Clock clock = Clock.systemUTC();
        pki = DevPki.loadOrCreate(dir.resolve("pki"), clock);
        trust = TrustAnchors.of(List.of(pki.rootCertificate()));
        platformKey = pki.issue(new IssueRequest("test platform", Role.PLATFORM, List.of("127.0.0.1"), KeyKind.EC_P256, Duration.ofDays(30), true, true));
        contactPoint = pki.issue(new IssueRequest("test contact point", Role.CONTACT_POINT, List.of(), KeyKind.EC_P256, Duration.ofDays(30), false, true));
        portal = SimulatedPlatformPortal.start(platformKey, trust, dir.resolve("portal"), Duration.ofDays(90), clock);
        startNode();
    }

    void startNode() throws Exception {
        NodeConfig config = NodeConfig.embedded(dir).withPort(port).withRetry(retry).withDelivery(delivery)
                .withPlatforms(List.of(new PlatformSpec(Demo.PLATFORM_ID, "json-portal", URI.create(portal.baseUrl()), platformKey.certificate(), List.of())));
        node = GatewayNode.start(configure.apply(config), null, alarms);
        port = URI.create(node.baseUrl()).getPort(); // the same port after a restart
    }

    void stopNode() {
        node.close();
    }

    ContactPointClient client(KeyMaterial key) throws Exception {
        return new ContactPointClient(node.baseUrl(), key, trust);
    }

    /**
     * Submits the corpus's valid EPOC (a fresh message id) as {@code cp} and waits until the portal acknowledged it;
     * returns the request id. The platform API tests start from such a request.
     */
    String acknowledgedEpoc(ContactPointClient cp, String keyPrefix) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode epoc = (ObjectNode) json.readTree(
                Files.readString(Path.of("..", "message-schemas", "src", "test", "resources", "corpus", "EU_EPOC", "valid.json")));
        epoc.put("messageId", "msg-epoc-" + UUID.randomUUID());
        ContactPointClient.Answer a = cp.post("api/v1/requests", json.writeValueAsBytes(epoc), "application/json", keyPrefix + UUID.randomUUID());
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        String id = json.readTree(a.body()).get("id").asText();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> json.readTree(cp.get("api/v1/requests/" + id).body()).path("state").asText(), "ACKNOWLEDGED"::equals);
        return id;
    }

    KeyMaterial issue(String name, Role role) throws Exception {
        return pki.issue(new IssueRequest(name, role, List.of(), KeyKind.EC_P256, Duration.ofDays(30), false, true));
    }

    @Override
    public void close() {
        try {
            if (node != null) {
                node.close();
            }
        } finally {
            portal.close();
        }
    }
}
