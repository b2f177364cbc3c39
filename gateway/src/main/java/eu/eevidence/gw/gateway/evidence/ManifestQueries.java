package eu.eevidence.gw.gateway.evidence;

import eu.eevidence.gw.gateway.infra.DataKeys;
import eu.eevidence.gw.gateway.infra.StorageException;
import eu.eevidence.gw.gateway.infra.Tx;
import eu.eevidence.gw.schema.EvidenceManifest;
import eu.eevidence.gw.schema.ExecutionReport;
import eu.eevidence.gw.schema.catalogue.MessageCatalogue;
import eu.eevidence.gw.schema.codec.Decoded;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Read-only queries over the answers stored for a request (table {@code platform_answer}, written by the answer
 * feature; bodies sealed under the request's data key, ADR-0020): the evidence feature and the evidence transfer learn
 * from the execution reports which items a manifest declares. Every method runs in the caller's transaction or read
 * (ADR-0026).
 */
public final class ManifestQueries {

    private static final MessageCatalogue CATALOGUE = new MessageCatalogue();
    private static final String EXECUTION_REPORT = "EXECUTION_REPORT";

    private final DataKeys keys;

    public ManifestQueries(DataKeys keys) {
        this.keys = keys;
    }

    /** A stored answer: its message id and its body as received (empty when it cannot be opened, e.g. purged). */
    public record StoredAnswer(String messageId, byte[] body) {
    }

    /** An item as declared in the manifest of an execution report ({@code answerId}: the report's message id). */
    public record Declared(String answerId, EvidenceManifest.Item item) {
    }

    /** The execution reports stored for a request, latest received first. */
    public List<StoredAnswer> executionReports(Tx c, String requestId) {
        try (PreparedStatement ps = c.connection().prepareStatement(
                "SELECT message_id, body FROM platform_answer WHERE request_id = ? AND message_type = ? ORDER BY received_at DESC")) {
            ps.setString(1, requestId);
            ps.setString(2, EXECUTION_REPORT);
            try (ResultSet rs = ps.executeQuery()) {
                List<StoredAnswer> list = new ArrayList<>();
                while (rs.next()) {
                    String messageId = rs.getString(1);
                    list.add(new StoredAnswer(messageId, open(c, requestId, messageId, rs.getBytes(2)).orElse(new byte[0])));
                }
                return list;
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** The body of the answer {@code messageId} of a request, if stored and readable. */
    public Optional<byte[]> answerBody(Tx c, String requestId, String messageId) {
        try (PreparedStatement ps = c.connection().prepareStatement("SELECT body FROM platform_answer WHERE message_id = ? AND request_id = ?")) {
            ps.setString(1, messageId);
            ps.setString(2, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? open(c, requestId, messageId, rs.getBytes(1)) : Optional.empty();
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** The item as declared in the latest stored execution report of the request that lists it. */
    public Optional<Declared> declared(Tx c, String requestId, String itemId) {
        return declaredIn(executionReports(c, requestId), itemId);
    }

    /** The first of {@code reports} (valid execution reports, others skipped) whose manifest lists {@code itemId}. */
    public static Optional<Declared> declaredIn(List<StoredAnswer> reports, String itemId) {
        for (StoredAnswer a : reports) {
            Decoded d = CATALOGUE.decodeJson(a.body());
            if (d instanceof Decoded.Valid v && v.envelope().body() instanceof ExecutionReport er) {
                for (EvidenceManifest.Item i : er.manifest().items()) {
                    if (i.itemId().equals(itemId)) {
                        return Optional.of(new Declared(a.messageId(), i));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private Optional<byte[]> open(Tx c, String requestId, String messageId, byte[] blob) {
        return keys.open(c, requestId, "platform_answer.body:" + messageId, blob);
    }
}
