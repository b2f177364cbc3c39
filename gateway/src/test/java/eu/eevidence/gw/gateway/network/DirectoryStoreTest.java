package eu.eevidence.gw.gateway.network;

import eu.eevidence.gw.gateway.routing.NodeIdentity;
import eu.eevidence.gw.gateway.routing.NodeRole;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The directory in use: updates without restart, refusals that keep the last good directory, and rollback protection
 * that survives a restart. No sleeps: every check calls {@link DirectoryStore#reload()} directly.
 */
class DirectoryStoreTest {

    @TempDir
    static Path keys;
    static DirectoryFixture f;
    @TempDir
    Path dir;
    Path file;
    Path state;

    @BeforeAll
    static void mint() throws Exception {
        f = new DirectoryFixture(keys);
    }

    @BeforeEach
    void setUp() {
        f.clock.set(f.now);
        file = dir.resolve("directory.p7s");
        state = dir.resolve("data/network");
    }

    DirectoryStore open() throws NetworkException {
        return DirectoryStore.open(file, state, f.trust, f.cms, f.clock);
    }

    void deploy(long version) throws Exception {
        Files.write(file, f.sign(f.directory(version)));
    }

    static String code(DirectoryStoreTest.Call c) {
        return assertThrows(NetworkException.class, c::run).code();
    }

    interface Call {
        void run() throws Exception;
    }

    @Test
    void aStoreWithoutAnyValidDirectoryDoesNotOpen() throws Exception {
        assertThat(code(this::open)).isEqualTo("EEG-DIR-UNREADABLE");
        Files.write(file, f.sign(f.directory(1), f.nl));
        assertThat(code(this::open)).isEqualTo("EEG-DIR-SIGNER-ROLE");
        assertThat(Files.exists(state.resolve("directory-state.json"))).isFalse();
    }

    @Test
    void aNewerVersionReplacesTheOldWithoutRestart() throws Exception {
        deploy(1);
        try (DirectoryStore store = open()) {
            assertThat(store.current().version()).isEqualTo(1);
            List<Long> seen = new ArrayList<>();
            store.onChange(d -> seen.add(d.version()));
            assertThat(store.reload()).isFalse(); // same file: nothing to do
            deploy(2);
            assertThat(store.reload()).isTrue();
            assertThat(store.current().version()).isEqualTo(2);
            assertThat(store.accepted().version()).isEqualTo(2);
            assertThat(store.accepted().sha256()).isEqualTo(store.current().contentSha256());
            assertThat(seen).containsExactly(2L);
        }
    }

    @Test
    void aRefusedUpdateKeepsTheLastGoodDirectory() throws Exception {
        deploy(1);
        try (DirectoryStore store = open()) {
            byte[] bad = f.sign(f.directory(2));
            bad[bad.length / 2] ^= 0x01;
            Files.write(file, bad);
            assertThat(code(store::reload)).isIn("EEG-DIR-SIGNATURE", "EEG-DIR-UNTRUSTED");
            Files.write(file, f.sign(f.directory(2), f.be));
            assertThat(code(store::reload)).isEqualTo("EEG-DIR-SIGNER-ROLE");
            Files.write(file, "not a directory".getBytes(StandardCharsets.UTF_8));
            assertThat(code(store::reload)).isEqualTo("EEG-DIR-SIGNATURE");
            Files.delete(file);
            assertThat(code(store::reload)).isEqualTo("EEG-DIR-UNREADABLE");
            assertThat(store.current().version()).isEqualTo(1);
            assertThat(store.accepted().version()).isEqualTo(1);
        }
    }

    @Test
    void anOlderVersionIsARollbackAlsoAfterARestart() throws Exception {
        deploy(1);
        byte[] v1 = Files.readAllBytes(file);
        try (DirectoryStore store = open()) {
            deploy(5);
            assertThat(store.reload()).isTrue();
            Files.write(file, v1);
            assertThat(code(store::reload)).isEqualTo("EEG-DIR-ROLLBACK");
            assertThat(store.current().version()).isEqualTo(5);
        }
        // restart with the old file deployed: the persisted state and copy hold
        try (DirectoryStore store = open()) {
            assertThat(store.current().version()).isEqualTo(5);
            assertThat(store.accepted().version()).isEqualTo(5);
            assertThat(code(store::reload)).isEqualTo("EEG-DIR-ROLLBACK");
        }
    }

    @Test
    void theSameVersionWithOtherContentIsRefusedAndTheSameContentResignedIsANoOp() throws Exception {
        deploy(3);
        try (DirectoryStore store = open()) {
            NetworkDirectory d = f.directory(3);
            NetworkDirectory other = new NetworkDirectory(3, d.issuedAt(), d.validUntil(), "another issuer", d.nodes(), d.platforms());
            Files.write(file, f.sign(other));
            assertThat(code(store::reload)).isEqualTo("EEG-DIR-CONFLICT");
            f.clock.advance(Duration.ofSeconds(5));
            Files.write(file, f.sign(d)); // other signature bytes, same content
            assertThat(store.reload()).isFalse();
            assertThat(store.current().directory().issuer()).isEqualTo(d.issuer());
        }
    }

    @Test
    void anExpiredUpdateIsRefusedAndAnExpiredFileDoesNotOpen() throws Exception {
        deploy(1);
        try (DirectoryStore store = open()) {
            NetworkDirectory d = f.directory(2);
            Files.write(file, f.sign(new NetworkDirectory(2, d.issuedAt(), f.now.plusSeconds(60), d.issuer(), d.nodes(), d.platforms())));
            f.clock.advance(Duration.ofMinutes(2));
            assertThat(code(store::reload)).isEqualTo("EEG-DIR-EXPIRED");
            assertThat(store.current().version()).isEqualTo(1);
            assertThat(store.expired()).isFalse();
            f.clock.advance(Duration.ofDays(8));
            assertThat(store.expired()).isTrue();
        }
        // after restart the kept copy (version 1) has expired too: nothing valid is left
        assertThat(code(this::open)).isEqualTo("EEG-DIR-EXPIRED");
    }

    @Test
    void aNodeRuleRefusesADirectoryThatDropsThisNode() throws Exception {
        deploy(1);
        NodeIdentity self = new NodeIdentity("be-247", "BE", NodeRole.CONTACT_POINT_24_7);
        try (DirectoryStore store = DirectoryStore.open(file, state, f.trust, f.cms, f.clock, d -> d.requireSelf(self, f.be.certificate()))) {
            NetworkDirectory d = f.directory(2);
            Files.write(file, f.sign(new NetworkDirectory(2, d.issuedAt(), d.validUntil(), d.issuer(), d.nodes().subList(1, 4), d.platforms())));
            assertThat(code(store::reload)).isEqualTo("EEG-DIR-SELF-MISSING");
            assertThat(store.current().version()).isEqualTo(1);
            assertThat(store.accepted().version()).isEqualTo(1);
        }
        VerifiedDirectory v = f.verify(f.sign(f.directory(1)));
        assertThat(code(() -> v.requireSelf(new NodeIdentity("be-247", "BE", NodeRole.CENTRAL_AUTHORITY), f.be.certificate())))
                .isEqualTo("EEG-DIR-SELF-MISSING");
        assertThat(code(() -> v.requireSelf(self, f.nl.certificate()))).isEqualTo("EEG-DIR-SELF-MISSING");
        v.requireSelf(self, f.beNext.certificate());
    }

    @Test
    void aCorruptStateFileStopsTheStoreInsteadOfForgettingTheAcceptedVersion() throws Exception {
        deploy(2);
        open().close();
        Files.writeString(state.resolve("directory-state.json"), "{\"version\":\"x\"}");
        assertThat(code(this::open)).isEqualTo("EEG-DIR-STATE");
    }

    @Test
    void pollingStartsAndStops() throws Exception {
        deploy(1);
        try (DirectoryStore store = open()) {
            assertThat(store.startPolling(Duration.ofHours(1))).isSameAs(store);
        }
    }

    /** A source serving what the test puts in {@code bytes} (null: "not modified"), or failing with {@code failure}. */
    static final class FakeSource implements DirectoryStore.Source {
        volatile byte[] bytes;
        volatile NetworkException failure;
        volatile String askedWith;

        @Override
        public String name() {
            return "https://directory.example/d.p7s";
        }

        @Override
        public byte[] read(String currentSha256) throws NetworkException {
            askedWith = currentSha256;
            if (failure != null) {
                throw failure;
            }
            return bytes;
        }
    }

    @Test
    void aFailingOrRolledBackUrlKeepsTheDirectoryAndANewerOneFromAnySourceIsTaken() throws Exception {
        FakeSource url = new FakeSource();
        url.failure = new NetworkException("EEG-DIR-FETCH", "connection refused");
        assertThat(code(() -> DirectoryStore.open(List.of(url), state, f.trust, f.cms, f.clock, null))).isEqualTo("EEG-DIR-FETCH");
        deploy(1);
        try (DirectoryStore store = DirectoryStore.open(List.of(DirectoryStore.file(file), url), state, f.trust, f.cms, f.clock, null)) {
            assertThat(store.current().version()).isEqualTo(1); // the file was enough; the URL's failure is logged, not fatal
            url.failure = null;
            url.bytes = f.sign(f.directory(2));
            assertThat(store.reload()).isTrue();
            assertThat(store.current().version()).isEqualTo(2);
            url.bytes = null; // 304: not modified
            assertThat(store.reload()).isFalse();
            assertThat(url.askedWith).isEqualTo(store.current().contentSha256()); // asked with the version in use
            url.bytes = f.sign(f.directory(1));
            assertThat(code(store::reload)).isEqualTo("EEG-DIR-ROLLBACK"); // from both: the file is behind now too
            assertThat(store.current().version()).isEqualTo(2);
        }
        // a restart with the URL down and the file behind: the kept copy of version 2
        url.failure = new NetworkException("EEG-DIR-FETCH", "connection refused");
        try (DirectoryStore store = DirectoryStore.open(List.of(url), state, f.trust, f.cms, f.clock, null)) {
            assertThat(store.current().version()).isEqualTo(2);
        }
    }
}
