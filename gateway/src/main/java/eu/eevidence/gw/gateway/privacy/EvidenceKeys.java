package eu.eevidence.gw.gateway.privacy;

import eu.eevidence.gw.gateway.infra.StorageException;
import eu.eevidence.gw.gateway.evidence.EvidenceException;
import eu.eevidence.gw.gateway.evidence.EvidenceStore;
import eu.eevidence.gw.gateway.infra.Database;
import eu.eevidence.gw.gateway.order.RequestRepository;

import javax.crypto.SecretKey;
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
                key = db.inTx(c -> {
                    if (!RequestRepository.existsUnpurged(c, requestId)) {
                        return null;
                    }
                    try {
                        return db.dataKeys().keyFor(c, requestId, clock.instant());
                    } catch (eu.eevidence.gw.gateway.infra.DataKeys.DestroyedKeyException destroyed) {
                        return null;
                    }
                });
            } catch (StorageException e) {
                throw new EvidenceException(503, EvidenceError.EVD_STORE.code(), "the data key of the request cannot be read: " + e.getMessage(), e);
            }
            if (key == null) {
                throw new EvidenceException(410, PrivacyError.RET_PURGED.code(), "the personal data of this request were purged");
            }
            return key;
        };
    }
}
