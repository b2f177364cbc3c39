package eu.eevidence.gw.gateway.e2e;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import eu.eevidence.gw.gateway.delivery.DeliveryPolicy;
import eu.eevidence.gw.gateway.demo.Demo;
import eu.eevidence.gw.gateway.network.DirectoryFixture;
import eu.eevidence.gw.gateway.network.DirectorySettings;
import eu.eevidence.gw.gateway.network.NetworkDirectory;
import eu.eevidence.gw.gateway.network.NetworkException;
import eu.eevidence.gw.gateway.network.NetworkProtocol;
import eu.eevidence.gw.gateway.routing.NodeIdentity;
import eu.eevidence.gw.gateway.routing.NodeRole;
import eu.eevidence.gw.gateway.node.GatewayNode;
import eu.eevidence.gw.gateway.node.NodeConfig;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestState;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.pki.Tls;
import eu.eevidence.gw.testkit.ContactPointClient;
import eu.eevidence.gw.testkit.SimulatedPlatformPortal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Directory distribution and live platforms: a node fetches the signed directory from an https URL (a directory server
 * on loopback standing in for another node's {@code GET /api/v1/network/directory}); a version adding platform P2 makes
 * requests to P2 accepted and delivered without restart; a rolled-back, expired or wrongly signed document served later
 * is refused and P2 keeps working; a version removing P2 makes new requests to it refused, while the one pending for it
 * is not sent to its last endpoint and fails per the delivery policy with EEG-DIR-PLATFORM-REMOVED; a restart with the
 * server down uses the persisted version.
 */
class DirectoryDistributionIT {

    static final NodeIdentity SELF = new NodeIdentity("be-247", "BE", NodeRole.CONTACT_POINT_24_7);
    static final String P2 = "p2-platform";
    /** Short, constant retries (no jitter to speak of), a circuit that does not open in this test. */
    static final DeliveryPolicy POLICY = new DeliveryPolicy(Duration.ofMillis(200), 1.0, Duration.ofMillis(200), 0.0, 20, Duration.ofHours(1),
            Duration.ofSeconds(1), 1000, Duration.ofSeconds(1));

    @TempDir
    static Path dir;
    static DirectoryFixture f;
    static KeyMaterial p2Key;
    static KeyMaterial contactPoint;
    static SimulatedPlatformPortal portal1;
    static SimulatedPlatformPortal portal2;
    static HttpsServer server;
    static final AtomicReference<byte[]> served = new AtomicReference<>();
    /** The directory server's answer status (503: down for maintenance). */
    static volatile int status = 200;

    @BeforeAll
    static void world() throws Exception {
        f = new DirectoryFixture(dir);
        p2Key = f.pki.issue(DirectoryFixture.req("p2 portal", Role.PLATFORM, true));
        contactPoint = f.pki.issue(DirectoryFixture.req("BE 24/7 contact point", Role.CONTACT_POINT, true));
        portal1 = SimulatedPlatformPortal.start(f.platform, f.trust, dir.resolve("portal1"), Duration.ofDays(90), Clock.systemUTC());
        portal2 = SimulatedPlatformPortal.start(p2Key, f.trust, dir.resolve("portal2"), Duration.ofDays(90), Clock.systemUTC());
        KeyMaterial serverKey = f.pki.issue(DirectoryFixture.req("directory server", Role.NODE, true));
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(Tls.sslContext(serverKey, f.trust)));
        server.createContext("/api/v1/network/directory", exchange -> {
            if (status != 200) {
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
                return;
            }
            byte[] body = served.get();
            exchange.getResponseHeaders().add("Content-Type", NetworkProtocol.MEDIA_TYPE);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop(0);
        }
        for (SimulatedPlatformPortal p : new SimulatedPlatformPortal[]{portal1, portal2}) {
            if (p != null) {
                p.close();
            }
        }
    }

    static NetworkDirectory.PlatformEntry platform(String id, SimulatedPlatformPortal portal, KeyMaterial key) {
        return new NetworkDirectory.PlatformEntry(id, id + " Ltd", "json-portal", portal.baseUrl(), DirectoryFixture.pem(key),
                List.of(new NetworkDirectory.ProviderEntity("IE", List.of("*"))), List.of("BUDAPEST_ART29_PRESERVATION"));
    }

    /** The fixture's nodes with the given platforms; valid for a week, or expired an hour ago. */
    static NetworkDirectory directory(long version, boolean expired, NetworkDirectory.PlatformEntry... platforms) {
        NetworkDirectory d = f.directory(version);
        Instant until = expired ? Instant.now().minus(Duration.ofHours(1)) : d.validUntil();
        Instant issued = expired ? until.minus(Duration.ofDays(1)) : d.issuedAt();
        return new NetworkDirectory(version, issued, until, d.issuer(), d.nodes(), List.of(platforms));
    }

    static byte[] v1() throws Exception {
        return f.sign(directory(1, false, platform(Demo.PLATFORM_ID, portal1, f.platform)));
    }

    static NodeConfig config(Path data) {
        URI url = URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/network/directory");
        return new NodeConfig(data, "127.0.0.1", 0, null, null, null, f.be, f.trust, List.of(), TestNetwork.FAST_RETRY, 0, null)
                .withNetwork(SELF, List.of())
                .withNetworkDirectory(new DirectorySettings(null, List.of(url), Duration.ofMillis(200)))
                .withDelivery(POLICY);
    }

    static byte[] requestTo(String platformId) throws Exception {
        return new String(Demo.sample(), StandardCharsets.UTF_8).replace("\"" + Demo.PLATFORM_ID + "\"", "\"" + platformId + "\"")
                .getBytes(StandardCharsets.UTF_8);
    }

    static String submit(ContactPointClient client, String platformId, String key) throws Exception {
        ContactPointClient.Answer a = client.submit(requestTo(platformId), key);
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        return com.fasterxml.jackson.databind.json.JsonMapper.builder().build().readTree(a.body()).get("id").asText();
    }

    static void assertUnknownPlatform(ContactPointClient client, String platformId, String key) throws Exception {
        ContactPointClient.Answer a = client.submit(requestTo(platformId), key);
        assertThat(a.status()).as(a.body()).isBetween(400, 499);
        assertThat(a.body()).contains("EEG-REQ-UNKNOWN-PLATFORM");
    }

    static void awaitDelivered(GatewayNode node, SimulatedPlatformPortal portal, String id) throws Exception {
        await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(50))
                .until(() -> portal.accepted().stream().anyMatch(a -> a.requestId().equals(id))
                        && !node.requests().find(id).orElseThrow().state().awaitsDelivery());
        assertThat(node.requests().find(id).orElseThrow().state()).isNotIn(RequestState.FAILED, RequestState.REFUSED);
    }

    @Test
    void aNodeWithoutAValidDirectoryAtItsUrlDoesNotStart() throws Exception {
        status = 200;
        served.set(f.sign(directory(1, false, platform(Demo.PLATFORM_ID, portal1, f.platform)), f.be)); // signed by a node
        assertThatThrownBy(() -> GatewayNode.start(config(dir.resolve("node-wrong-signer"))).close()).hasMessageStartingWith("EEG-DIR-SIGNER-ROLE");
        assertThatThrownBy(() -> new DirectorySettings(null, List.of(URI.create("http://127.0.0.1/x")), null)).hasMessageStartingWith("EEG-DIR-URL");
        assertThatThrownBy(() -> new DirectorySettings(null, List.of(), null)).hasMessageStartingWith("EEG-DIR-UNAVAILABLE");
    }

    @Test
    void platformsFollowTheFetchedDirectoryWithoutRestart() throws Exception {
        Path data = dir.resolve("node-be");
        status = 200;
        served.set(v1());
        String pendingForP2;
        try (GatewayNode node = GatewayNode.start(config(data))) {
            assertThat(node.probe().networkDirectory().accepted().version()).isEqualTo(1);
            ContactPointClient client = new ContactPointClient(node.baseUrl(), contactPoint, f.trust);
            assertUnknownPlatform(client, P2, "dist-p2-before");
            awaitDelivered(node, portal1, submit(client, Demo.PLATFORM_ID, "dist-p1-1"));

            // version 2 adds P2: fetched by the node's own polling, then requests to P2 are accepted and delivered
            byte[] v2 = f.sign(directory(2, false, platform(Demo.PLATFORM_ID, portal1, f.platform), platform(P2, portal2, p2Key)));
            long t0 = System.nanoTime();
            served.set(v2);
            await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(10)).until(() -> node.probe().networkDirectory().accepted().version() == 2);
            long inUse = (System.nanoTime() - t0) / 1_000_000;
            awaitDelivered(node, portal2, submit(client, P2, "dist-p2-1"));
            System.out.printf("EEG-DIR-MEASURE version 2 in use %d ms after it was served (check every 200 ms); P2 request delivered %d ms after%n",
                    inUse, (System.nanoTime() - t0) / 1_000_000);

            // served later and refused: a rollback, an expired version, a version signed by a node; version 2 stays, P2 works
            served.set(v1());
            assertThatThrownBy(() -> node.probe().networkDirectory().reload()).isInstanceOfSatisfying(NetworkException.class,
                    e -> assertThat(e.code()).isEqualTo("EEG-DIR-ROLLBACK"));
            served.set(f.sign(directory(3, true, platform(Demo.PLATFORM_ID, portal1, f.platform))));
            assertThatThrownBy(() -> node.probe().networkDirectory().reload()).isInstanceOfSatisfying(NetworkException.class,
                    e -> assertThat(e.code()).isEqualTo("EEG-DIR-EXPIRED"));
            served.set(f.sign(directory(3, false, platform(Demo.PLATFORM_ID, portal1, f.platform)), f.nl));
            assertThatThrownBy(() -> node.probe().networkDirectory().reload()).isInstanceOfSatisfying(NetworkException.class,
                    e -> assertThat(e.code()).isEqualTo("EEG-DIR-SIGNER-ROLE"));
            assertThat(node.probe().networkDirectory().accepted().version()).isEqualTo(2);
            awaitDelivered(node, portal2, submit(client, P2, "dist-p2-2"));

            // a request to P2 stays pending (its portal fails), then version 3 removes P2
            portal2.failNext(1000, 503);
            pendingForP2 = submit(client, P2, "dist-p2-pending");
            await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(20))
                    .until(() -> node.requests().find(pendingForP2).orElseThrow().deliveryAttempts() >= 1);
            int receivedBefore = portal2.deliveriesReceived();
            served.set(f.sign(directory(3, false, platform(Demo.PLATFORM_ID, portal1, f.platform))));
            await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(20)).until(() -> node.probe().networkDirectory().accepted().version() == 3);
            assertUnknownPlatform(client, P2, "dist-p2-after");
            RecordCheck.awaitFailedAsRemoved(node, pendingForP2);
            // at most the attempt in flight when version 3 arrived reached the portal
            assertThat(portal2.deliveriesReceived()).isLessThanOrEqualTo(receivedBefore + 1);
            portal2.heal();
            awaitDelivered(node, portal1, submit(client, Demo.PLATFORM_ID, "dist-p1-2"));
        }

        // a restart while the directory server is down: the persisted version 3 is used
        status = 503;
        try (GatewayNode node = GatewayNode.start(config(data))) {
            assertThat(node.probe().networkDirectory().accepted().version()).isEqualTo(3);
            ContactPointClient client = new ContactPointClient(node.baseUrl(), contactPoint, f.trust);
            assertUnknownPlatform(client, P2, "dist-p2-restart");
            awaitDelivered(node, portal1, submit(client, Demo.PLATFORM_ID, "dist-p1-restart"));
        }
    }

    @Test
    void aNodeFetchesTheDirectoryFromAnotherNodesEndpoint() throws Exception {
        Path file = dir.resolve("from-node").resolve("directory.p7s");
        java.nio.file.Files.createDirectories(file.getParent());
        java.nio.file.Files.write(file, v1());
        NodeConfig publisher = new NodeConfig(dir.resolve("node-publisher"), "127.0.0.1", 0, null, null, null, f.be, f.trust, List.of(),
                TestNetwork.FAST_RETRY, 0, null).withNetwork(SELF, List.of()).withNetworkDirectory(file);
        try (GatewayNode be = GatewayNode.start(publisher)) {
            URI url = URI.create(be.baseUrl() + "/api/v1/network/directory");
            NodeConfig fetching = new NodeConfig(dir.resolve("node-nl"), "127.0.0.1", 0, null, null, null, f.nl, f.trust, List.of(),
                    TestNetwork.FAST_RETRY, 0, null).withNetwork(new NodeIdentity("nl-247", "NL", NodeRole.CONTACT_POINT_24_7), List.of())
                    .withNetworkDirectory(new DirectorySettings(null, List.of(url), Duration.ofMillis(200)));
            try (GatewayNode nl = GatewayNode.start(fetching)) {
                assertThat(nl.probe().networkDirectory().accepted().version()).isEqualTo(1);
                assertThat(nl.probe().networkDirectory().reload()).isFalse(); // unchanged: the publisher answers 304
                java.nio.file.Files.write(file, f.sign(directory(2, false, platform(Demo.PLATFORM_ID, portal1, f.platform),
                        platform(P2, portal2, p2Key))));
                assertThat(be.probe().networkDirectory().reload()).isTrue();
                await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(20)).until(() -> nl.probe().networkDirectory().accepted().version() == 2);
                assertThat(nl.probe().networkDirectory().current().signedBytes()).isEqualTo(be.probe().networkDirectory().current().signedBytes());
            }
        }
    }

    /** The pending request's end: FAILED with EEG-DIR-PLATFORM-REMOVED, after the policy's attempts. */
    static final class RecordCheck {
        static void awaitFailedAsRemoved(GatewayNode node, String id) throws Exception {
            RequestRecord r = await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(50))
                    .until(() -> node.requests().find(id).orElseThrow(), x -> x.state() == RequestState.FAILED);
            assertThat(r.failureCode()).isEqualTo("EEG-DIR-PLATFORM-REMOVED");
            assertThat(r.deliveryAttempts()).isEqualTo(POLICY.maxAttempts());
            assertThat(node.requests().timeline(id)).anySatisfy(e -> assertThat(e.toString()).contains("EEG-DIR-PLATFORM-REMOVED"));
        }
    }
}
