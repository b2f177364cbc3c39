package eu.eevidence.gw.gateway.cases;

import eu.eevidence.gw.gateway.infra.DataKeys;
import eu.eevidence.gw.gateway.infra.StorageException;
import eu.eevidence.gw.gateway.infra.Tx;
import eu.eevidence.gw.gateway.network.OutboxStore;
import eu.eevidence.gw.gateway.order.RequestDataPurge;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The cases' part of a request's purge (ADR-0020, ADR-0026): the requested Party's inbound cases that the request
 * executes domestically lose their content: their data keys, the request received, the messages of both directions
 * (the answers sent to the requesting node through the network outbox, each under its own key, erased there) and the
 * free text of their events.
 */
public final class CasePurgeStore implements RequestDataPurge {

    private static final byte[] ERASED = new byte[0];

    private final OutboxStore outbox;

    public CasePurgeStore(OutboxStore outbox) {
        this.outbox = outbox;
    }

    @Override
    public Runnable purge(Tx c, DataKeys keys, String requestId, Instant now) {
        for (String caseId : strings(c, "SELECT id FROM inbound_case WHERE domestic_request_id = ?", requestId)) {
            purgeCase(c, keys, caseId);
        }
        return NOTHING;
    }

    /** Erases the content of inbound case {@code caseId} (its data key, the request received, the messages of both directions). */
    public void purgeCase(Tx c, DataKeys keys, String caseId) {
        keys.destroy(c, caseId);
        for (String outboxId : strings(c, "SELECT outbox_id FROM inbound_case_message WHERE case_id = ? AND outbox_id IS NOT NULL", caseId)) {
            outbox.eraseMessage(c, keys, outboxId);
        }
        update(c, "UPDATE inbound_case SET content = ?, reason_text = NULL WHERE id = ?", ERASED, caseId);
        update(c, "UPDATE inbound_case_message SET body = ? WHERE case_id = ?", ERASED, caseId);
        update(c, "UPDATE inbound_case_event SET detail = NULL WHERE case_id = ?", caseId);
    }

    private static List<String> strings(Tx c, String sql, String arg) {
        try (PreparedStatement ps = c.connection().prepareStatement(sql)) {
            ps.setString(1, arg);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    private static void update(Tx c, String sql, Object... args) {
        try (PreparedStatement ps = c.connection().prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }
}
