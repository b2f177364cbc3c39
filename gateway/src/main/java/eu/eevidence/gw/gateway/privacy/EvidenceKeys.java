package eu.eevidence.gw.gateway.privacy;

import eu.eevidence.gw.gateway.evidence.EvidenceException;
import eu.eevidence.gw.gateway.evidence.EvidenceStore;
import eu.eevidence.gw.gateway.infra.Database;

import javax.crypto.SecretKey;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import eu.eevidence.gw.gateway.evidence.EvidenceError;

/** The evidence store's access to requests' data keys (ADR-0020): none for a purged request ({@code EEG-RET-PURGED}, 410). */
public final class EvidenceKeys {

    private EvidenceKeys() {
    }

    public static EvidenceStore.RequestKeys of(Database db, Clock clock) {
        return requestId -> {
            SecretKey key;
            try {
                key = db.inTransaction(c -> {
                    try (PreparedStatement ps = c.prepareStatement("SELECT purged_at FROM request WHERE id = ?")) {
                        ps.setString(1, requestId);
                        try (ResultSet rs = ps.executeQuery()) {
                            if (!rs.next() || rs.getObject(1) != null) {
                                return null;
                            }
                        }
                    }
                    try {
                        return db.dataKeys().keyFor(c, requestId, clock.instant());
                    } catch (eu.eevidence.gw.gateway.infra.DataKeys.DestroyedKeyException destroyed) {
                        return null;
                    }
                });
            } catch (SQLException e) {
                throw new EvidenceException(503, EvidenceError.EVD_STORE.code(), "the data key of the request cannot be read: " + e.getMessage(), e);
            }
            if (key == null) {
                throw new EvidenceException(410, PrivacyError.RET_PURGED.code(), "the personal data of this request were purged");
            }
            return key;
        };
    }
}
