package eu.eevidence.gw.gateway.e2e;

import eu.eevidence.gw.gateway.api.NetworkDirectoryResource;
import eu.eevidence.gw.gateway.demo.Demo;
import eu.eevidence.gw.gateway.network.DirectoryFixture;
import eu.eevidence.gw.gateway.network.NetworkDirectory;
import eu.eevidence.gw.gateway.routing.NodeIdentity;
import eu.eevidence.gw.gateway.routing.NodeRole;
import eu.eevidence.gw.gateway.routing.PeerSpec;
import eu.eevidence.gw.gateway.node.GatewayNode;
import eu.eevidence.gw.gateway.node.NodeConfig;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.pki.Tls;
import eu.eevidence.gw.testkit.ContactPointClient;
import eu.eevidence.gw.testkit.SimulatedPlatformPortal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A node run from a signed network directory: its platforms come from the directory, it serves the signed directory to
 * authenticated clients, takes a newer version without restart, keeps the accepted version across a restart with a
 * rolled-back file, and refuses to start when the directory does not list it.
 */
class NetworkDirectoryIT {

    static final NodeIdentity SELF = new NodeIdentity("be-247", "BE", NodeRole.CONTACT_POINT_24_7);

    @TempDir
    static Path dir;
    static DirectoryFixture f;
    static SimulatedPlatformPortal portal;
    static KeyMaterial contactPoint;

    @BeforeAll
    static void world() throws Exception {
        f = new DirectoryFixture(dir);
        portal = SimulatedPlatformPortal.start(f.platform, f.trust, dir.resolve("portal"), Duration.ofDays(90), Clock.systemUTC());
        contactPoint = f.pki.issue(DirectoryFixture.req("BE 24/7 contact point", Role.CONTACT_POINT, true));
    }

    @AfterAll
    static void stop() {
        if (portal != null) {
            portal.close();
        }
    }

    /** The fixture's directory, with the platform renamed to the demo's and pointing at the simulated portal. */
    static NetworkDirectory directory(long version, boolean withSelf) {
        NetworkDirectory d = f.directory(version);
        NetworkDirectory.PlatformEntry acme = d.platforms().get(0);
        NetworkDirectory.PlatformEntry demo = new NetworkDirectory.PlatformEntry(Demo.PLATFORM_ID, "Demo Platform", "json-portal", portal.baseUrl(),
                acme.encryptionCertificate(), acme.providerEntities(), acme.messageTypes());
        List<NetworkDirectory.NodeEntry> nodes = new ArrayList<>(d.nodes());
        if (!withSelf) {
            nodes.remove(0);
        }
        return new NetworkDirectory(version, d.issuedAt(), d.validUntil(), d.issuer(), nodes, List.of(demo));
    }

    static NodeConfig config(Path data, Path file, int port) {
        return new NodeConfig(data, "127.0.0.1", port, null, null, null, f.be, f.trust, List.of(), TestNetwork.FAST_RETRY, 0, null)
                .withNetwork(SELF, List.of()).withNetworkDirectory(file);
    }

    static HttpResponse<byte[]> getDirectory(GatewayNode node) throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(Tls.sslContext(contactPoint, f.trust)).connectTimeout(Duration.ofSeconds(10)).build();
        return http.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/api/v1/network/directory")).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void aNodeRunsFromTheSignedDirectoryAndFollowsItsUpdates() throws Exception {
        Path data = dir.resolve("node-be");
        Path file = dir.resolve("directory.p7s");
        byte[] v1 = f.sign(directory(1, true));
        Files.write(file, v1);
        int port;
        try (GatewayNode node = GatewayNode.start(config(data, file, 0))) {
            port = URI.create(node.baseUrl()).getPort();
            HttpResponse<byte[]> r = getDirectory(node);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/pkcs7-mime"));
            assertThat(r.headers().firstValue(NetworkDirectoryResource.HEADER_VERSION)).contains("1");
            assertThat(r.body()).isEqualTo(v1);
            assertThat(node.probe().networkDirectory().current().peers(SELF)).extracting(PeerSpec::nodeId).containsExactly("nl-247", "de-247", "de-ca");

            // the platform comes from the directory: a request for it is accepted and delivered to the portal
            ContactPointClient client = new ContactPointClient(node.baseUrl(), contactPoint, f.trust);
            byte[] request = Demo.class.getResourceAsStream("/demo/art29-preservation.json").readAllBytes();
            ContactPointClient.Answer a = client.submit(request, "dir-it-1");
            assertThat(a.status()).as(a.body()).isEqualTo(201);

            // a newer version without restart
            byte[] v2 = f.sign(directory(2, true));
            Files.write(file, v2);
            assertThat(node.probe().networkDirectory().reload()).isTrue();
            HttpResponse<byte[]> r2 = getDirectory(node);
            assertThat(r2.headers().firstValue(NetworkDirectoryResource.HEADER_VERSION)).contains("2");
            assertThat(r2.body()).isEqualTo(v2);
        }
        // restart with the old file deployed again: version 2 stays in use
        Files.write(file, v1);
        try (GatewayNode node = GatewayNode.start(config(data, file, port))) {
            HttpResponse<byte[]> r = getDirectory(node);
            assertThat(r.headers().firstValue(NetworkDirectoryResource.HEADER_VERSION)).contains("2");
            assertThat(node.probe().networkDirectory().accepted().version()).isEqualTo(2);
        }
    }

    @Test
    void aNodeThatTheDirectoryDoesNotListRefusesToStart() throws Exception {
        Path file = dir.resolve("without-self.p7s");
        Files.write(file, f.sign(directory(1, false)));
        Exception e = assertThrows(Exception.class, () -> GatewayNode.start(config(dir.resolve("node-missing"), file, 0)).close());
        assertThat(e.getMessage()).startsWith("EEG-DIR-SELF-MISSING");
        Exception noIdentity = assertThrows(Exception.class, () -> GatewayNode.start(new NodeConfig(dir.resolve("node-anon"), "127.0.0.1", 0, null, null,
                null, f.be, f.trust, List.of(), null, 0, null).withNetworkDirectory(file)).close());
        assertThat(noIdentity.getMessage()).startsWith("EEG-DIR-SELF-MISSING");
    }
}
