package eu.eevidence.gw.gateway.infra;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DataKeysTest {

    private static final AtomicInteger DB = new AtomicInteger();
    private static final Instant T0 = Instant.parse("2026-12-07T09:00:00Z");
    private static final byte[] SECRET = "CANARY-victim Jane Roe, +353 1 234 5678".getBytes(StandardCharsets.UTF_8);

    private Database db;

    @BeforeEach
    void setUp() {
        db = Database.open("jdbc:h2:mem:datakeys" + DB.incrementAndGet() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1", "sa", "");
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void destroyingTheKeyMakesEverySealedCopyUnreadable() throws Exception {
        DataKeys keys = db.dataKeys();
        byte[] blob = db.inTx(c -> keys.seal(c, "REQ-1", "request.canonical_json", SECRET, T0));
        assertThat(new String(blob, StandardCharsets.ISO_8859_1)).doesNotContain("CANARY");
        java.util.Optional<byte[]> opened = db.read(c -> keys.open(c, "REQ-1", "request.canonical_json", blob));
        assertThat(opened.orElseThrow()).isEqualTo(SECRET);
        boolean destroyed = db.inTx(c -> keys.destroy(c, "REQ-1"));
        assertThat(destroyed).isTrue();
        java.util.Optional<byte[]> after = db.read(c -> keys.open(c, "REQ-1", "request.canonical_json", blob));
        assertThat(after.isPresent()).isFalse();
    }

    @Test
    void aBlobMovedToAnotherRowOrColumnDoesNotOpen() throws Exception {
        DataKeys keys = db.dataKeys();
        byte[] blob = db.inTx(c -> keys.seal(c, "REQ-2", "request.canonical_json", SECRET, T0));
        assertThatThrownBy(() -> db.read(c -> keys.open(c, "REQ-2", "request.sealed_cms", blob))).hasMessageContaining("EEG-KEY-BLOB");
        db.inTx(c -> keys.keyFor(c, "REQ-3", T0));
        assertThatThrownBy(() -> db.read(c -> keys.open(c, "REQ-3", "request.canonical_json", blob))).hasMessageContaining("EEG-KEY-BLOB");
    }

    @Test
    void commitmentsAreSaltedPerRequestAndStableWithinIt() throws Exception {
        DataKeys keys = db.dataKeys();
        String a1 = db.<String>inTx(c -> keys.commitment(c, "REQ-4", SECRET, T0));
        String a2 = db.<String>inTx(c -> keys.commitment(c, "REQ-4", SECRET, T0));
        String b = db.<String>inTx(c -> keys.commitment(c, "REQ-5", SECRET, T0));
        assertThat(a1).isEqualTo(a2).hasSize(64).isNotEqualTo(b);
    }

    @Test
    void theKeyEncryptionKeyFileIsCreatedOwnerOnlyAndReused(@TempDir Path dir) throws Exception {
        Path file = NodeKek.location(dir);
        NodeKek kek = NodeKek.loadOrCreate(file);
        assertThat(Files.size(file)).isEqualTo(32);
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
        assertThat(kek.toString()).doesNotContain(java.util.HexFormat.of().formatHex(Files.readAllBytes(file)));
        byte[] wrapped = kek.wrap(new byte[32], "REQ-6");
        assertThat(NodeKek.loadOrCreate(file).unwrap(wrapped, "REQ-6")).isEqualTo(new byte[32]);
        assertThatThrownBy(() -> NodeKek.ephemeral().unwrap(wrapped, "REQ-6")).hasMessageContaining("EEG-KEY-UNWRAP");
        assertThatThrownBy(() -> kek.unwrap(wrapped, "REQ-7")).hasMessageContaining("EEG-KEY-UNWRAP");
    }

    @Test
    void aDestroyedKeyIsNeverRecreatedAndLateContentIsNotKept() throws Exception {
        DataKeys keys = db.dataKeys();
        db.inTx(c -> keys.seal(c, "REQ-8", "request.canonical_json", SECRET, T0));
        boolean had = db.inTx(c -> keys.destroy(c, "REQ-8"));
        assertThat(had).isTrue();
        byte[] late = db.inTx(c -> keys.seal(c, "REQ-8", "platform_answer.body:m1", SECRET, T0));
        assertThat(late).isEmpty();
        boolean destroyed = db.read(c -> keys.destroyed(c, "REQ-8"));
        assertThat(destroyed).isTrue();
        assertThatThrownBy(() -> db.inTx(c -> keys.keyFor(c, "REQ-8", T0))).isInstanceOf(DataKeys.DestroyedKeyException.class)
                .hasMessageContaining("EEG-KEY-DESTROYED");
        // an owner that never had a key can be destroyed too (a request stored before data keys existed)
        boolean hadNone = db.inTx(c -> keys.destroy(c, "REQ-9"));
        assertThat(hadNone).isFalse();
        assertThat(db.<byte[]>inTx(c -> keys.seal(c, "REQ-9", "request.canonical_json", SECRET, T0))).isEmpty();
    }
}
