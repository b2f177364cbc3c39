package eu.eevidence.gw.gateway.answer;

import eu.eevidence.gw.gateway.infra.DataKeys;
import eu.eevidence.gw.gateway.infra.StorageException;
import eu.eevidence.gw.gateway.infra.Tx;
import eu.eevidence.gw.gateway.order.RequestDataPurge;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/**
 * The answer feature's part of a request's purge (ADR-0020, ADR-0026): the bodies of its platform and portal answers
 * are erased and its portal answer items lose their download links; the rows stay as metadata.
 */
public final class AnswerPurgeStore implements RequestDataPurge {

    private static final byte[] ERASED = new byte[0];

    @Override
    public Runnable purge(Tx c, DataKeys keys, String requestId, Instant now) {
        update(c, "UPDATE platform_answer SET body = ? WHERE request_id = ?", ERASED, requestId);
        update(c, "UPDATE portal_answer SET raw_body = ? WHERE request_id = ?", ERASED, requestId);
        update(c, "UPDATE portal_answer_item SET download_uri = NULL WHERE request_id = ?", requestId);
        return NOTHING;
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
