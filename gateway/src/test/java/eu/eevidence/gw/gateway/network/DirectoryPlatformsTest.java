package eu.eevidence.gw.gateway.network;

import eu.eevidence.gw.gateway.routing.PeerRoutes;
import eu.eevidence.gw.gateway.routing.Platform;
import eu.eevidence.gw.gateway.routing.PlatformRoutes;
import eu.eevidence.gw.gateway.routing.SnapshotChanges;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The delivery platforms follow accepted directory versions: one snapshot swap, a diff, peers untouched. */
class DirectoryPlatformsTest {

    @TempDir
    static Path dir;
    static DirectoryFixture f;
    static KeyMaterial other;

    @BeforeAll
    static void keys() throws Exception {
        f = new DirectoryFixture(dir);
        other = f.pki.issue(DirectoryFixture.req("p2 portal", Role.PLATFORM, true));
    }

    static NetworkDirectory.PlatformEntry entry(String id, String adapter, String endpoint, KeyMaterial key) {
        return new NetworkDirectory.PlatformEntry(id, id + " Ltd", adapter, endpoint, DirectoryFixture.pem(key),
                List.of(new NetworkDirectory.ProviderEntity("IE", List.of("*"))), List.of("BUDAPEST_ART29_PRESERVATION"));
    }

    static VerifiedDirectory version(long v, NetworkDirectory.PlatformEntry... platforms) throws Exception {
        NetworkDirectory d = f.directory(v);
        return f.verify(f.sign(new NetworkDirectory(v, d.issuedAt(), d.validUntil(), d.issuer(), d.nodes(), List.of(platforms))));
    }

    static Platform peer(String id) {
        return new Platform(id, PeerRoutes.ADAPTER_KIND, URI.create("https://" + id + ".example/"), f.nl.certificate(), null);
    }

    static Platform configured(String id) {
        return new Platform(id, "json-portal", URI.create("https://" + id + ".dev.example/"), f.platform.certificate(), null);
    }

    final List<String> started = new ArrayList<>();

    DirectoryPlatforms live(PlatformRoutes target, List<Platform> configured) {
        return new DirectoryPlatforms(target, p -> !PeerRoutes.ADAPTER_KIND.equals(p.adapterKind()), configured, null,
                kind -> kind.equals("json-portal"), started::add);
    }

    @Test
    void aVersionWhosePlatformHasAPeerNodesIdChangesNothing() throws Exception {
        PlatformRoutes target = new PlatformRoutes(List.of(peer("fr-dev"), configured("dev")));
        Collection<Platform> before = target.all();
        SnapshotChanges<Platform> c = live(target, List.of(configured("dev"))).apply(version(1, entry("fr-dev", "json-portal", "https://x.example/", other)));
        assertThat(c.isEmpty()).isTrue();
        assertThat(target.all()).containsExactlyElementsOf(before);
        assertThat(started).isEmpty();
        assertThatThrownBy(() -> target.replace(p -> true, List.of(configured("a"), configured("a")))).hasMessageStartingWith("EEG-CFG-002");
    }

    @Test
    void aPlatformWithAnAdapterThisNodeLacksIsLeftOut() throws Exception {
        PlatformRoutes target = new PlatformRoutes(List.of());
        SnapshotChanges<Platform> c = live(target, List.of()).apply(version(1, entry("p1", "json-portal", "https://p1.example/", f.platform),
                entry("p9", "etsi-unknown", "https://p9.example/", other)));
        assertThat(c.added()).extracting(Platform::id).containsExactly("p1");
        assertThat(target.find("p9")).isEmpty();
        assertThat(started).containsExactly("p1");
    }

    @Test
    void addedChangedAndRemovedPlatformsAreSwappedInAtOnceAndPeersStay() throws Exception {
        PlatformRoutes target = new PlatformRoutes(List.of(peer("fr-dev"), configured("dev"), configured("p1")));
        DirectoryPlatforms live = live(target, List.of(configured("dev")));

        // version 1: p1 from the directory (its entry wins over the configured one), dev stays (not listed)
        SnapshotChanges<Platform> c1 = live.apply(version(1, entry("p1", "json-portal", "https://p1.example/", f.platform)));
        assertThat(c1.changed()).extracting(Platform::id).containsExactly("p1");
        assertThat(target.find("p1").orElseThrow().endpoint()).hasToString("https://p1.example/");
        Collection<Platform> readerView = target.all();

        // version 2: p2 added, p1 re-keyed and moved
        SnapshotChanges<Platform> c2 = live.apply(version(2, entry("p1", "json-portal", "https://p1-new.example/", other),
                entry("p2", "json-portal", "https://p2.example/", other)));
        assertThat(c2.added()).extracting(Platform::id).containsExactly("p2");
        assertThat(c2.changed()).extracting(Platform::id).containsExactly("p1");
        assertThat(c2.removed()).isEmpty();
        assertThat(started).containsExactly("p2");
        assertThat(target.find("p1").orElseThrow().encryptionCertificate()).isEqualTo(other.certificate());
        assertThat(target.find("p1").orElseThrow().endpoint()).hasToString("https://p1-new.example/");
        assertThat(readerView).extracting(Platform::id).containsExactlyInAnyOrder("fr-dev", "dev", "p1"); // a reader's snapshot is not changed under it
        assertThat(readerView.stream().filter(p -> p.id().equals("p1")).findFirst().orElseThrow().endpoint()).hasToString("https://p1.example/");

        // the same version content again: nothing changes, instances kept
        Platform p2 = target.find("p2").orElseThrow();
        assertThat(live.apply(version(3, entry("p1", "json-portal", "https://p1-new.example/", other),
                entry("p2", "json-portal", "https://p2.example/", other))).isEmpty()).isTrue();
        assertThat(target.find("p2").orElseThrow()).isSameAs(p2);

        // version 4: p2 removed; the peer and the configured platform stay
        SnapshotChanges<Platform> c4 = live.apply(version(4, entry("p1", "json-portal", "https://p1-new.example/", other)));
        assertThat(c4.removed()).extracting(Platform::id).containsExactly("p2");
        assertThat(target.find("p2")).isEmpty();
        assertThat(target.wasRemoved("p2")).isTrue();
        assertThat(target.wasRemoved("never-known")).isFalse();
        assertThat(target.all()).extracting(Platform::id).containsExactlyInAnyOrder("fr-dev", "dev", "p1");

        // version 5: p2 back; no second route
        SnapshotChanges<Platform> c5 = live.apply(version(5, entry("p1", "json-portal", "https://p1-new.example/", other),
                entry("p2", "json-portal", "https://p2.example/", other)));
        assertThat(c5.added()).extracting(Platform::id).containsExactly("p2");
        assertThat(target.wasRemoved("p2")).isFalse();
    }
}
