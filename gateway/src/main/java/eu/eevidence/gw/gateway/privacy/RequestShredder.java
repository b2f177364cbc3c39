package eu.eevidence.gw.gateway.privacy;

import eu.eevidence.gw.gateway.infra.StorageException;
import java.sql.SQLException;
import java.sql.ResultSet;
import java.sql.PreparedStatement;
import eu.eevidence.gw.gateway.infra.Tx;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.eevidence.gw.gateway.evidence.EvidenceStore;
import eu.eevidence.gw.gateway.infra.DataKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Destroys the personal data of one request in every store (ADR-0020): its data key (and the keys of the inbound cases
 * it answers), the content columns of every table that holds the request's messages, the free text of its timeline,
 * the texts and salts of its custody records (the log keeps only the commitments, now unlinkable), and after the
 * commit its files (evidence items, upload parts, the manual hand-off package). What stays is the metadata an audit
 * needs: ids, states, times, actors' certificate fingerprints, hashes of ciphertexts and of evidence items.
 *
 * <p>Call {@link #shred} inside the purge's transaction (row lock held), then {@link Shredded#deleteFiles} after commit.
 */
public final class RequestShredder {

    private static final Logger LOG = LoggerFactory.getLogger(RequestShredder.class);
    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private static final byte[] ERASED = new byte[0];

    private final EvidenceStore evidence;

    /** A shredder that deletes no evidence files (a node without an evidence store). */
    public RequestShredder() {
        this(null);
    }

    /** {@code store}: the evidence store whose files of a purged request are deleted (null: none). */
    public RequestShredder(EvidenceStore store) {
        this.evidence = store;
    }

    /** Files of a purged request, deleted once the purge committed. */
    public final class Shredded {
        private final String requestId;
        private final List<String> uploads = new ArrayList<>();
        private final List<String> itemShas = new ArrayList<>();
        private final List<Path> packages = new ArrayList<>();
        private java.util.Set<String> stillReferenced = java.util.Set.of();

        private Shredded(String requestId) {
            this.requestId = requestId;
        }

        /** Deletes the request's files (after the commit: a rolled-back purge keeps them). */
        public void deleteFiles() {
            EvidenceStore store = evidence;
            if (store != null) {
                for (String u : uploads) {
                    store.deleteParts(u);
                }
                store.deleteRequest(requestId, itemShas, stillReferenced::contains);
            }
            for (Path p : packages) {
                deleteTree(p);
            }
        }
    }

    /** Erases everything personal of request {@code id} in the caller's transaction. */
    public Shredded shred(Tx c, DataKeys keys, String id, Instant now) {
        Shredded s = new Shredded(id);
        keys.destroy(c, id);
        update(c, "UPDATE request SET canonical_json = ?, sealed_cms = ?, receipt_body = NULL, failure_reason = NULL, purged_at = ?, "
                + "version = version + 1 WHERE id = ?", ERASED, ERASED, java.time.OffsetDateTime.ofInstant(now, java.time.ZoneOffset.UTC), id);
        update(c, "UPDATE outbound_notice SET payload = ?, last_error = NULL WHERE request_id = ?", ERASED, id);
        update(c, "UPDATE platform_answer SET body = ? WHERE request_id = ?", ERASED, id);
        update(c, "UPDATE portal_answer SET raw_body = ? WHERE request_id = ?", ERASED, id);
        update(c, "UPDATE portal_answer_item SET download_uri = NULL WHERE request_id = ?", id);
        update(c, "DELETE FROM network_evidence_fetch WHERE request_id = ?", id);
        update(c, "DELETE FROM signed_submission WHERE request_id = ?", id); // replay guard (ADR-0021): signer fingerprints
        update(c, "DELETE FROM request_victim_data WHERE request_id = ?", id); // ADR-0037: sealed under the destroyed key anyway
        // evidence: the rows stay as metadata (hashes, node-signed record); the files go after the commit
        s.uploads.addAll(strings(c, "SELECT upload_id FROM evidence_upload WHERE request_id = ?", id));
        update(c, "DELETE FROM evidence_upload_part WHERE upload_id IN (SELECT upload_id FROM evidence_upload WHERE request_id = ?)", id);
        update(c, "UPDATE evidence_upload SET state = 'PURGED' WHERE request_id = ? AND state <> 'COMPLETED'", id);
        s.itemShas.addAll(strings(c, "SELECT sha256 FROM evidence_item WHERE request_id = ?", id));
        s.stillReferenced = new java.util.HashSet<>(strings(c, "SELECT DISTINCT e.sha256 FROM evidence_item e JOIN evidence_item o ON o.sha256 = e.sha256 "
                + "AND o.request_id <> e.request_id JOIN request q ON q.id = o.request_id WHERE e.request_id = ? AND q.purged_at IS NULL", id));
        for (String dir : strings(c, "SELECT package_dir FROM manual_handoff WHERE request_id = ?", id)) {
            s.packages.add(Path.of(dir));
        }
        // follow-ups about this request sent to a peer node through the outbox (each under its own key)
        for (String outbox : strings(c, "SELECT o.id FROM network_outbox o JOIN request q ON o.correlation_id = q.message_id "
                + "WHERE q.id = ? AND o.kind = 'MESSAGE'", id)) {
            keys.destroy(c, outbox);
            update(c, "UPDATE network_outbox SET envelope = ? WHERE id = ?", ERASED, outbox);
        }
        // the requested Party's cases that this request executes domestically
        for (String caseId : strings(c, "SELECT id FROM inbound_case WHERE domestic_request_id = ?", id)) {
            shredCase(c, keys, caseId);
        }
        update(c, "UPDATE request_event SET detail = NULL WHERE request_id = ?", id);
        redactCustody(c, id);
        return s;
    }

    /** Erases the content of an inbound case (its data key, the request received, the messages of both directions). */
    public void shredCase(Tx c, DataKeys keys, String caseId) {
        keys.destroy(c, caseId);
        // the answers sent to the requesting node: each outbox message has its own key
        for (String outbox : strings(c, "SELECT outbox_id FROM inbound_case_message WHERE case_id = ? AND outbox_id IS NOT NULL", caseId)) {
            keys.destroy(c, outbox);
            update(c, "UPDATE network_outbox SET envelope = ? WHERE id = ? AND kind = 'MESSAGE'", ERASED, outbox);
        }
        update(c, "UPDATE inbound_case SET content = ?, reason_text = NULL WHERE id = ?", ERASED, caseId);
        update(c, "UPDATE inbound_case_message SET body = ? WHERE case_id = ?", ERASED, caseId);
        update(c, "UPDATE inbound_case_event SET detail = NULL WHERE case_id = ?", caseId);
    }

    /**
     * The custody log is append-only: its entries hold only salted commitments to the full records. The records (kept
     * in the database for auditors) lose their free text and their salt, so the commitment can no longer be opened or
     * linked to any content; type, times, actors and request id stay.
     */
    private static void redactCustody(Tx c, String id) {
        try {
            List<Object[]> rows = new ArrayList<>();
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT id, record_text FROM custody_record WHERE request_id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Object[] {rs.getLong(1), rs.getString(2)});
                    }
                }
            }
            for (Object[] r : rows) {
                String text;
                try {
                    ObjectNode rec = (ObjectNode) JSON.readTree((String) r[1]);
                    rec.remove("detail");
                    rec.put("purged", true);
                    text = JSON.writeValueAsString(JSON.treeToValue(rec, java.util.TreeMap.class));
                } catch (IOException | ClassCastException e) {
                    text = "{\"purged\":true}";
                }
                try (PreparedStatement ps = c.connection().prepareStatement("UPDATE custody_record SET record_text = ?, salt = ? WHERE id = ?")) {
                    ps.setString(1, text);
                    ps.setBytes(2, ERASED);
                    ps.setLong(3, (Long) r[0]);
                    ps.executeUpdate();
                }
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    private static void update(Tx c, String sql, Object... args) {
        try {
            try (PreparedStatement ps = c.connection().prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    ps.setObject(i + 1, args[i]);
                }
                ps.executeUpdate();
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    private static List<String> strings(Tx c, String sql, String arg) {
        try {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.connection().prepareStatement(sql)) {
                ps.setString(1, arg);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            return out;
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warn(PrivacyError.RET_FILES.code() + " cannot delete a hand-off package of a purged request: {}", e.getMessage());
        }
    }
}
