package eu.eevidence.gw.gateway.network;

import eu.eevidence.gw.gateway.routing.NodeIdentity;
import eu.eevidence.gw.gateway.routing.NodeRole;
import eu.eevidence.gw.gateway.routing.PeerRoutes;
import eu.eevidence.gw.gateway.routing.PeerSpec;
import eu.eevidence.gw.gateway.routing.Platform;
import eu.eevidence.gw.gateway.routing.PlatformRoutes;
import eu.eevidence.gw.gateway.routing.SnapshotChanges;
import eu.eevidence.gw.pki.Certificates;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Role;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The peer nodes follow accepted directory versions: one snapshot swap of the peers and of their destinations, a diff. */
class DirectoryPeersTest {

    @TempDir
    static Path dir;
    static DirectoryFixture f;
    static KeyMaterial fr;
    static NodeIdentity self = new NodeIdentity("nl-247", "NL", NodeRole.CONTACT_POINT_24_7);

    @BeforeAll
    static void keys() throws Exception {
        f = new DirectoryFixture(dir);
        fr = f.pki.issue(DirectoryFixture.req("node fr-247", Role.NODE, true));
    }

    static NetworkDirectory.NodeEntry node(String id, String country, String endpoint, KeyMaterial... keys) {
        List<String> pems = new ArrayList<>();
        for (KeyMaterial k : keys) {
            pems.add(DirectoryFixture.pem(k));
        }
        return new NetworkDirectory.NodeEntry(id, country, NodeRole.CONTACT_POINT_24_7, endpoint, pems, DirectoryFixture.ALL_TYPES, List.of("1.0"),
                Map.of(Instrument.BUDAPEST, DirectoryFixture.terms()), List.of("en"), null, null,
                null);
    }

    static VerifiedDirectory version(long v, NetworkDirectory.NodeEntry... others) throws Exception {
        NetworkDirectory d = f.directory(v);
        List<NetworkDirectory.NodeEntry> nodes = new ArrayList<>();
        nodes.add(node("nl-247", "NL", "https://nl-247.example.eu/", f.nl));
        nodes.addAll(List.of(others));
        return f.verify(f.sign(new NetworkDirectory(v, d.issuedAt(), d.validUntil(), d.issuer(), nodes, d.platforms())));
    }

    static Platform platform(String id) {
        return new Platform(id, "json-portal", URI.create("https://" + id + ".example/"), f.platform.certificate(), null);
    }

    static PeerSpec configuredPeer(String id, String country) {
        return new PeerSpec(new NodeIdentity(id, country, NodeRole.CONTACT_POINT_24_7), URI.create("https://" + id + ".dev.example/"),
                fr.certificate(), Set.of());
    }

    final List<String> started = new ArrayList<>();

    @Test
    void aVersionWhoseNodeHasAPlatformsIdChangesNothing() throws Exception {
        PeerRoutes routes = new PeerRoutes(self, List.of());
        PlatformRoutes target = new PlatformRoutes(List.of(platform("acme-eu")));
        Collection<Platform> before = target.all();
        SnapshotChanges<PeerSpec> c = new DirectoryPeers(routes, target, List.of(), null, started::add)
                .apply(version(1, node("acme-eu", "BE", "https://be.example.eu/", f.be)));
        assertThat(c.isEmpty()).isTrue();
        assertThat(routes.all()).isEmpty();
        assertThat(target.all()).containsExactlyElementsOf(before);
        assertThat(started).isEmpty();
        assertThatThrownBy(() -> routes.replace(List.of(configuredPeer("x-1", "FR"), configuredPeer("x-1", "FR"))))
                .hasMessageStartingWith("EEG-NET-CONFIG");
        assertThatThrownBy(() -> routes.replace(List.of(configuredPeer("nl-247", "NL")))).hasMessageStartingWith("EEG-NET-CONFIG");
    }

    @Test
    void addedChangedAndRemovedPeersAreSwappedInWithTheirDestinations() throws Exception {
        PeerSpec dev = configuredPeer("fr-dev", "FR");
        PeerRoutes routes = new PeerRoutes(self, List.of(dev));
        PlatformRoutes target = new PlatformRoutes(List.of(platform("acme-eu"), PeerRoutes.destination(dev, null)));
        DirectoryPeers live = new DirectoryPeers(routes, target, List.of(dev), null, started::add);

        // version 1: be-247 joins; the configured peer stays (not listed)
        SnapshotChanges<PeerSpec> c1 = live.apply(version(1, node("be-247", "BE", "https://be.example.eu/", f.be)));
        assertThat(c1.added()).extracting(PeerSpec::nodeId).containsExactly("be-247");
        assertThat(started).containsExactly("be-247");
        assertThat(routes.forParty("BE", "BUDAPEST_ART29_PRESERVATION")).map(PeerSpec::nodeId).contains("be-247");
        assertThat(target.find("be-247").orElseThrow().adapterKind()).isEqualTo(PeerRoutes.ADAPTER_KIND);
        assertThat(target.find("be-247").orElseThrow().endpoint()).hasToString("https://be.example.eu/");
        assertThat(routes.byId("fr-dev")).contains(dev);
        Collection<PeerSpec> readerView = routes.all();

        // version 2: be-247 rolls its key over (new first, old still listed) and moves
        SnapshotChanges<PeerSpec> c2 = live.apply(version(2, node("be-247", "BE", "https://be-new.example.eu/", f.beNext, f.be)));
        assertThat(c2.changed()).extracting(PeerSpec::nodeId).containsExactly("be-247");
        assertThat(c2.added()).isEmpty();
        PeerSpec be = routes.byId("be-247").orElseThrow();
        assertThat(be.certificate()).isEqualTo(f.beNext.certificate());
        assertThat(be.hasFingerprint(Certificates.sha256Fingerprint(f.be.certificate()))).isTrue();
        assertThat(be.hasCertificate(f.beNext.certificate())).isTrue();
        assertThat(be.hasCertificate(f.nl.certificate())).isFalse();
        assertThat(target.find("be-247").orElseThrow().endpoint()).hasToString("https://be-new.example.eu/");
        assertThat(target.find("be-247").orElseThrow().encryptionCertificate()).isEqualTo(f.beNext.certificate());
        assertThat(readerView).extracting(PeerSpec::endpoint).map(URI::toString).contains("https://be.example.eu/"); // a reader's snapshot stays
        assertThat(started).containsExactly("be-247");

        // the same content again: nothing changes, the instance is kept
        assertThat(live.apply(version(3, node("be-247", "BE", "https://be-new.example.eu/", f.beNext, f.be))).isEmpty()).isTrue();
        assertThat(routes.byId("be-247").orElseThrow()).isSameAs(be);

        // version 4: be-247 leaves; the configured peer takes a directory entry under its id (the directory wins)
        SnapshotChanges<PeerSpec> c4 = live.apply(version(4, node("fr-dev", "FR", "https://fr.example.eu/", fr)));
        assertThat(c4.removed()).extracting(PeerSpec::nodeId).containsExactly("be-247");
        assertThat(c4.changed()).extracting(PeerSpec::nodeId).containsExactly("fr-dev");
        assertThat(routes.byId("be-247")).isEmpty();
        assertThat(routes.forParty("BE", "BUDAPEST_ART29_PRESERVATION")).isEmpty();
        assertThat(target.find("be-247")).isEmpty();
        assertThat(target.wasRemoved("be-247")).isTrue();
        assertThat(target.removalCode("be-247")).isEqualTo("EEG-DIR-PEER-REMOVED");
        assertThat(routes.all().stream().anyMatch(p -> p.hasCertificate(f.be.certificate()) || p.hasCertificate(f.beNext.certificate()))).isFalse();
        assertThat(target.find("acme-eu")).isPresent(); // platforms untouched
        assertThat(routes.byId("fr-dev").orElseThrow().endpoint()).hasToString("https://fr.example.eu/");

        // version 5: the directory drops fr-dev: the configured entry comes back; be-247 returns, no second route
        SnapshotChanges<PeerSpec> c5 = live.apply(version(5, node("be-247", "BE", "https://be-new.example.eu/", f.beNext)));
        assertThat(c5.added()).extracting(PeerSpec::nodeId).containsExactly("be-247");
        assertThat(routes.byId("fr-dev")).contains(dev);
        assertThat(target.wasRemoved("be-247")).isFalse();
    }

    @Test
    void aPeerSpecListsItsCurrentCertificateFirst() {
        NodeIdentity id = new NodeIdentity("be-247", "BE", NodeRole.CONTACT_POINT_24_7);
        assertThatThrownBy(() -> new PeerSpec(id, URI.create("https://be.example.eu/"), f.be.certificate(), Set.of(),
                List.of(f.beNext.certificate(), f.be.certificate()))).isInstanceOf(IllegalArgumentException.class);
        assertThat(new PeerSpec(id, URI.create("https://be.example.eu/"), f.be.certificate(), Set.of()).certificates())
                .containsExactly(f.be.certificate());
    }
}
