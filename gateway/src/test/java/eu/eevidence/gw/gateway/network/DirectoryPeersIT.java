package eu.eevidence.gw.gateway.network;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import eu.eevidence.gw.gateway.delivery.DeliveryPolicy;
import eu.eevidence.gw.gateway.delivery.EmbeddedBroker;
import eu.eevidence.gw.gateway.node.GatewayNode;
import eu.eevidence.gw.gateway.node.NodeConfig;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestState;
import eu.eevidence.gw.gateway.routing.NodeIdentity;
import eu.eevidence.gw.gateway.routing.NodeRole;
import eu.eevidence.gw.gateway.routing.PeerSpec;
import eu.eevidence.gw.pki.CmsProfile;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.pki.Tls;
import eu.eevidence.gw.testkit.ContactPointClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Peer nodes follow the fetched directory without restart. Three nodes on loopback: A (be-247) and B (nl-247) fetch the
 * signed directory from a directory server every 200 ms; C (de-247) runs with A as a configured peer. Version 1 lists A
 * and B: a request from A to C's Party has no route and C's certificate is refused by A's network endpoint. Version 2
 * adds C: A's next Art. 29 to Germany is delivered to C with C's signed receipt, and A's endpoint authenticates C.
 * Version 3 removes C: a request pending for C (down) is not sent and ends FAILED with EEG-DIR-PEER-REMOVED, new requests to
 * Germany get the no-route answer again and C gets 403 EEG-NET-UNKNOWN-PEER.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DirectoryPeersIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EmbeddedBroker.RetryPolicy RETRY = new EmbeddedBroker.RetryPolicy(Duration.ofMillis(100), 1.5, Duration.ofSeconds(1), 40);
    private static final DeliveryPolicy POLICY = new DeliveryPolicy(Duration.ofMillis(200), 1.0, Duration.ofMillis(200), 0.0, 20, Duration.ofHours(1),
            Duration.ofSeconds(1), 1000, Duration.ofSeconds(1));
    private static final NodeIdentity A = new NodeIdentity("be-247", "BE", NodeRole.CONTACT_POINT_24_7);
    private static final NodeIdentity B = new NodeIdentity("nl-247", "NL", NodeRole.CONTACT_POINT_24_7);
    private static final NodeIdentity C = new NodeIdentity("de-247", "DE", NodeRole.CONTACT_POINT_24_7);

    @TempDir
    static Path dir;
    DirectoryFixture f;
    KeyMaterial contactPoint;
    HttpsServer server;
    final AtomicReference<byte[]> served = new AtomicReference<>();
    int portA;
    int portB;
    int portC;
    GatewayNode nodeA;
    GatewayNode nodeB;
    GatewayNode nodeC;
    final TwoNodeTransportIT.RecordingCases casesC = new TwoNodeTransportIT.RecordingCases();
    ContactPointClient cpA;

    @BeforeAll
    void threeNodes() throws Exception {
        f = new DirectoryFixture(dir);
        contactPoint = f.pki.issue(DirectoryFixture.req("BE 24/7 contact point", Role.CONTACT_POINT, true));
        KeyMaterial serverKey = f.pki.issue(DirectoryFixture.req("directory server", Role.NODE, true));
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(Tls.sslContext(serverKey, f.trust)));
        server.createContext("/api/v1/network/directory", exchange -> {
            byte[] body = served.get();
            exchange.getResponseHeaders().add("Content-Type", NetworkProtocol.MEDIA_TYPE);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        portA = freePort();
        portB = freePort();
        portC = freePort();
        served.set(version(1, false));
        URI url = URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/network/directory");
        DirectorySettings fetch = new DirectorySettings(null, List.of(url), Duration.ofMillis(200));
        PeerSpec peerA = new PeerSpec(A, endpoint(portA), f.be.certificate(), Set.of());
        nodeC = GatewayNode.start(config(dir.resolve("c"), portC, f.de247).withNetwork(C, List.of(peerA)), casesC);
        nodeB = GatewayNode.start(config(dir.resolve("b"), portB, f.nl).withNetwork(B, List.of()).withNetworkDirectory(fetch));
        nodeA = GatewayNode.start(config(dir.resolve("a"), portA, f.be).withNetwork(A, List.of()).withNetworkDirectory(fetch));
        cpA = new ContactPointClient(nodeA.baseUrl(), contactPoint, f.trust);
    }

    @AfterAll
    void stop() {
        for (AutoCloseable c : new AutoCloseable[]{nodeA, nodeB, nodeC}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // the others still close
            }
        }
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    @Order(1)
    void beforeCIsListedARequestToItsPartyHasNoRouteAndItsCertificateIsRefused() throws Exception {
        assertThat(nodeA.probe().networkDirectory().accepted().version()).isEqualTo(1);
        assertNoRoute("DIRPEER-0001");
        assertProblem(postToA(f.de247, "de-247", "de-247:dirpeer-0001"), 403, "EEG-NET-UNKNOWN-PEER");
    }

    @Test
    @Order(2)
    void aNodeAddedByVersion2GetsTheNextRequestWithoutRestart() throws Exception {
        long t0 = System.nanoTime();
        served.set(version(2, true));
        await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(20)).until(() -> nodeA.probe().networkDirectory().accepted().version() == 2);
        long inUse = (System.nanoTime() - t0) / 1_000_000;

        ContactPointClient.Answer created = cpA.submit(art29("DIRPEER-0002"), "dirpeer-0002");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.location().substring(created.location().lastIndexOf('/') + 1);
        await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(50))
                .until(() -> nodeA.requests().find(id).orElseThrow().state() == RequestState.DELIVERED);
        System.out.printf("EEG-DIR-MEASURE version 2 (adds de-247) in use on A %d ms after it was served (check every 200 ms); A's Art. 29 to DE"
                + " DELIVERED with de-247's receipt %d ms after%n", inUse, (System.nanoTime() - t0) / 1_000_000);
        String messageId = "be-247:" + id;
        assertThat(casesC.requestsWithId(messageId)).isEqualTo(1);
        NetworkReceipt receipt = NetworkReceipt.verify(new CmsProfile(Clock.systemUTC()), receiptBody(id), f.trust, f.de247.certificate(), messageId,
                nodeA.requests().find(id).orElseThrow().sealedSha256());
        assertThat(receipt.issuer()).isEqualTo("de-247");

        // A's network endpoint now authenticates C: an unreadable body gets a signed rejection (422), not 403
        HttpResponse<byte[]> fromC = postToA(f.de247, "de-247", "de-247:dirpeer-0002");
        assertThat(fromC.statusCode()).as(new String(fromC.body(), StandardCharsets.ISO_8859_1)).isEqualTo(422);
    }

    @Test
    @Order(3)
    void aNodeRemovedByVersion3HasNoRouteAndIsRefused() throws Exception {
        // a request pending for C (C is down) when C is removed: not sent to its last endpoint, FAILED per the policy
        nodeC.close();
        nodeC = null;
        ContactPointClient.Answer created = cpA.submit(art29("DIRPEER-0004"), "dirpeer-0004");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String pending = created.location().substring(created.location().lastIndexOf('/') + 1);
        await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(20))
                .until(() -> nodeA.requests().find(pending).orElseThrow().deliveryAttempts() >= 1);

        served.set(version(3, false));
        await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(20)).until(() -> nodeA.probe().networkDirectory().accepted().version() == 3);
        RequestRecord failed = await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(50))
                .until(() -> nodeA.requests().find(pending).orElseThrow(), r -> r.state() == RequestState.FAILED);
        assertThat(failed.failureCode()).isEqualTo("EEG-DIR-PEER-REMOVED");
        assertThat(failed.deliveryAttempts()).isEqualTo(POLICY.maxAttempts());

        assertNoRoute("DIRPEER-0003");
        assertProblem(postToA(f.de247, "de-247", "de-247:dirpeer-0003"), 403, "EEG-NET-UNKNOWN-PEER");
        assertThat(nodeA.probe().networkInbox().acceptedFrom("de-247")).isZero();
    }

    // ------------------------------------------------------------------ helpers

    private byte[] version(long v, boolean withC) throws Exception {
        NetworkDirectory d = f.directory(v);
        List<NetworkDirectory.NodeEntry> nodes = new ArrayList<>();
        nodes.add(node("be-247", "BE", portA, f.be));
        nodes.add(node("nl-247", "NL", portB, f.nl));
        if (withC) {
            nodes.add(node("de-247", "DE", portC, f.de247));
        }
        return f.sign(new NetworkDirectory(v, d.issuedAt(), d.validUntil(), d.issuer(), nodes, d.platforms()));
    }

    private static NetworkDirectory.NodeEntry node(String id, String country, int port, KeyMaterial key) {
        return new NetworkDirectory.NodeEntry(id, country, NodeRole.CONTACT_POINT_24_7, endpoint(port).toString(), List.of(DirectoryFixture.pem(key)),
                DirectoryFixture.ALL_TYPES, List.of("1.0"), Map.of(Instrument.BUDAPEST, DirectoryFixture.terms()), List.of("en"), null, null,
                null);
    }

    private static URI endpoint(int port) {
        return URI.create("https://127.0.0.1:" + port + "/");
    }

    private NodeConfig config(Path data, int port, KeyMaterial key) {
        return new NodeConfig(data, "127.0.0.1", port, null, null, null, key, f.trust, List.of(), RETRY, 0, null).withDelivery(POLICY);
    }

    private void assertNoRoute(String reference) throws Exception {
        ContactPointClient.Answer refused = cpA.submit(art29(reference), reference.toLowerCase(java.util.Locale.ROOT));
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.body()).contains("EEG-REQ-UNKNOWN-PLATFORM");
    }

    /** A's contact point's Art. 29 preservation request to Germany. */
    private static byte[] art29(String reference) throws Exception {
        try (InputStream in = DirectoryPeersIT.class.getResourceAsStream("/demo/art29-preservation.json")) {
            ObjectNode n = (ObjectNode) JSON.readTree(in);
            n.put("clientRequestId", reference);
            n.put("requestedParty", "DE");
            return JSON.writeValueAsBytes(n);
        }
    }

    private HttpResponse<byte[]> postToA(KeyMaterial tlsKey, String sender, String messageId) throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(Tls.sslContext(tlsKey, f.trust)).connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest r = HttpRequest.newBuilder(URI.create(nodeA.baseUrl() + NetworkProtocol.MESSAGES_PATH)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", NetworkProtocol.MEDIA_TYPE).header(NetworkProtocol.HEADER_SENDER_NODE, sender)
                .header(NetworkProtocol.HEADER_MESSAGE_ID, messageId)
                .POST(HttpRequest.BodyPublishers.ofByteArray("not a sealed message".getBytes(StandardCharsets.UTF_8))).build();
        return http.send(r, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void assertProblem(HttpResponse<byte[]> r, int status, String code) throws Exception {
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(status);
        assertThat(JSON.readTree(r.body()).get("code").asText()).isEqualTo(code);
    }

    private byte[] receiptBody(String id) throws Exception {
        return nodeA.requests().receiptBody(id); // stored under the request's data key (ADR-0020)
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
