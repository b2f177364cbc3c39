package eu.eevidence.gw.gateway.evidence;

import eu.eevidence.gw.gateway.infra.Database;
import eu.eevidence.gw.gateway.infra.StorageException;
import eu.eevidence.gw.gateway.order.NewRequest;
import eu.eevidence.gw.gateway.order.RequestRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The evidence feature's row stores on H2 in PostgreSQL mode: upload sessions and their parts, item rows (ADR-0026). */
class EvidenceRowStoresTest {

    static final Instant T0 = Instant.parse("2026-12-08T01:00:00Z");
    static final String SHA_A = "a".repeat(64);
    static final String SHA_B = "b".repeat(64);

    final UploadStore uploads = new UploadStore();
    final EvidenceItemStore items = new EvidenceItemStore();
    Database db;
    RequestRepository requests;

    @BeforeEach
    void open() {
        db = Database.open("jdbc:h2:mem:evidence-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", "sa", "");
        requests = new RequestRepository(db);
        request("REQ-1");
        request("REQ-2");
    }

    @AfterEach
    void close() {
        db.close();
    }

    void request(String id) {
        db.inTx(c -> {
            requests.insert(c, new NewRequest(id, "BUDAPEST_ART29_PRESERVATION", "acme", "IE", "f".repeat(64), "CN=cp", "key-" + id, "0".repeat(64),
                    "{}".getBytes(), new byte[] {1, 2, 3}, "1".repeat(64), null, T0), List.of());
            return null;
        });
    }

    static EvidenceService.Upload upload(String id, String requestId, String uploader, long partSize) {
        return new EvidenceService.Upload(id, requestId, "item-1", SHA_A, 10, "text/plain", partSize, (int) ((10 + partSize - 1) / partSize), "ANS-1",
                uploader, UploadStore.OPEN, T0, List.of());
    }

    static EvidenceService.Item item(String requestId, String itemId, String sha, String cms, Instant at) {
        return new EvidenceService.Item(requestId, itemId, sha, 10, "text/plain", "UPLOAD", "platform:acme", "ANS-1", cms, at, new byte[] {7});
    }

    java.util.Optional<EvidenceService.Upload> findUpload(String id) {
        return db.read(c -> uploads.find(c, id));
    }

    java.util.Optional<String> findOpen(String requestId, String itemId, String sha, String uploader, long partSize) {
        return db.read(c -> uploads.findOpen(c, requestId, itemId, sha, uploader, partSize));
    }

    java.util.Optional<EvidenceService.Item> findItem(String requestId, String itemId) {
        return db.read(c -> items.find(c, requestId, itemId));
    }

    String knownCms(String sha, String requestId) {
        return db.read(c -> items.knownCms(c, sha, requestId));
    }

    List<EvidenceService.Item> listItems(String requestId) {
        return db.read(c -> items.list(c, requestId));
    }

    @Test
    void anUnknownUploadIsEmptyAndAnUploadForAnUnknownRequestIsRefusedByTheDatabase() {
        assertThat(findUpload("UPL-none")).isEmpty();
        assertThatThrownBy(() -> db.inTx(c -> {
            uploads.insert(c, upload("UPL-x", "REQ-none", "fp", 4));
            return null;
        })).isInstanceOf(StorageException.class);
        assertThat(findUpload("UPL-x")).as("rolled back").isEmpty();
    }

    @Test
    void onlyAnOpenUploadOfTheSameItemContentUploaderAndPartSizeIsResumed() {
        db.inTx(c -> {
            uploads.insert(c, upload("UPL-1", "REQ-1", "fp-1", 4));
            return null;
        });
        assertThat(findOpen("REQ-1", "item-1", SHA_A, "fp-1", 4)).contains("UPL-1");
        assertThat(findOpen("REQ-1", "item-1", SHA_A, "fp-2", 4)).as("other uploader").isEmpty();
        assertThat(findOpen("REQ-1", "item-1", SHA_A, "fp-1", 5)).as("other part size").isEmpty();
        assertThat(findOpen("REQ-1", "item-1", SHA_B, "fp-1", 4)).as("other content").isEmpty();
        assertThat(findOpen("REQ-2", "item-1", SHA_A, "fp-1", 4)).as("other request").isEmpty();
        db.inTx(c -> {
            uploads.complete(c, "UPL-1", T0.plusSeconds(5));
            return null;
        });
        assertThat(findOpen("REQ-1", "item-1", SHA_A, "fp-1", 4)).as("completed").isEmpty();
    }

    @Test
    void aPartStoredAgainReplacesItsEarlierVersionAndCompletingForgetsTheParts() {
        db.inTx(c -> {
            uploads.insert(c, upload("UPL-1", "REQ-1", "fp-1", 4));
            uploads.putPart(c, "UPL-1", new EvidenceService.Part(3, 2, SHA_A), T0);
            uploads.putPart(c, "UPL-1", new EvidenceService.Part(1, 4, SHA_A), T0);
            uploads.putPart(c, "UPL-1", new EvidenceService.Part(1, 4, SHA_B), T0.plusSeconds(1));
            return null;
        });
        EvidenceService.Upload u = findUpload("UPL-1").orElseThrow();
        assertThat(u.parts()).containsExactly(new EvidenceService.Part(1, 4, SHA_B), new EvidenceService.Part(3, 2, SHA_A));
        assertThat(u.missing()).containsExactly(2);
        assertThat(u.state()).isEqualTo(UploadStore.OPEN);
        assertThat(u.createdAt()).isEqualTo(T0);
        db.inTx(c -> {
            uploads.complete(c, "UPL-1", T0.plusSeconds(5));
            return null;
        });
        EvidenceService.Upload done = findUpload("UPL-1").orElseThrow();
        assertThat(done.state()).isEqualTo(UploadStore.COMPLETED);
        assertThat(done.parts()).isEmpty();
    }

    @Test
    void anItemIsStoredOnceAndTheKnownEncryptedFileIsFoundWithinItsRequestOrAnywhere() {
        assertThat(findItem("REQ-1", "item-1")).isEmpty();
        assertThat(knownCms(SHA_A, null)).isNull();
        db.inTx(c -> {
            items.insert(c, item("REQ-1", "item-2", SHA_A, "c".repeat(64), T0.plusSeconds(2)), "fp-1");
            items.insert(c, item("REQ-1", "item-1", SHA_B, "d".repeat(64), T0.plusSeconds(1)), null);
            return null;
        });
        assertThatThrownBy(() -> db.inTx(c -> {
            items.insert(c, item("REQ-1", "item-1", SHA_A, "e".repeat(64), T0), null);
            return null;
        })).as("same item twice").isInstanceOf(StorageException.class);
        EvidenceService.Item found = findItem("REQ-1", "item-2").orElseThrow();
        assertThat(found.sha256()).isEqualTo(SHA_A);
        assertThat(found.cmsSha256()).isEqualTo("c".repeat(64));
        assertThat(found.storedAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(found.signedRecord()).containsExactly(7);
        assertThat(listItems("REQ-1")).extracting(EvidenceService.Item::itemId).as("in the order stored")
                .containsExactly("item-1", "item-2");
        assertThat(listItems("REQ-2")).isEmpty();
        assertThat(knownCms(SHA_A, null)).isEqualTo("c".repeat(64));
        assertThat(knownCms(SHA_A, "REQ-1")).isEqualTo("c".repeat(64));
        assertThat(knownCms(SHA_A, "REQ-2")).as("per-request layout: not another request's file").isNull();
    }
}
