package eu.eevidence.gw.gateway.evidence;

import eu.eevidence.gw.pki.CmsProfile;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.PkiException;
import eu.eevidence.gw.pki.ProtectedStream;

import java.io.IOException;
import java.io.OutputStream;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * An item of the store re-protected for another node (ADR-0017): the store's checked opening (file hash, GCM tag,
 * node signature, content hash) feeds, through a bounded {@link Pipe}, the streaming CMS protection (SignedData by this
 * node inside AuthEnvelopedData to {@code recipient}) written to {@code out}: constant memory whatever the size. A
 * failure of the opening ends the protection before its last bytes (no final tag, no signature): the receiver cannot
 * open a cut stream.
 */
public final class EvidenceExport {

    private EvidenceExport() {
    }

    /**
     * Writes item {@code sha256} to {@code out}, signed by {@code signer} and encrypted for {@code recipient}. Call
     * {@link EvidenceStore#check} first when the answer must be decided before streaming.
     *
     * @return what was protected (content hash and length, hash of the CMS written)
     * @throws EvidenceException {@code EEG-EVD-TAMPERED} when the stored item fails a check (the output is then unusable)
     * @throws IOException       when {@code out} fails (a reader that went away)
     */
    public static ProtectedStream reprotect(EvidenceStore store, String sha256, CmsProfile cms, KeyMaterial signer, X509Certificate recipient,
                                            OutputStream out) throws EvidenceException, IOException {
        return reprotect(store, null, sha256, cms, signer, recipient, out);
    }

    /** {@link #reprotect} of an item of request {@code requestId} (its own file in the per-request layout). */
    public static ProtectedStream reprotect(EvidenceStore store, String requestId, String sha256, CmsProfile cms, KeyMaterial signer, X509Certificate recipient,
                                            OutputStream out) throws EvidenceException, IOException {
        try (Pipe.Input in = Pipe.start("evidence-export-" + sha256.substring(0, 12), sink -> store.readChecked(requestId, sha256, sink))) {
            ProtectedStream ps;
            try {
                ps = cms.protect(in, out, signer, List.of(recipient));
            } catch (PkiException e) {
                Throwable f = in.failure();
                if (f instanceof EvidenceException ee) {
                    throw ee;
                }
                if (f != null) {
                    throw new EvidenceException(500, EvidenceError.EVD_TAMPERED.code(), "the stored item could not be opened: " + f.getMessage(), f);
                }
                throw new IOException("the item could not be protected and written: " + e.getMessage(), e);
            }
            if (!ps.contentSha256Hex().equals(sha256)) {
                throw new EvidenceException(500, EvidenceError.EVD_TAMPERED.code(), "the stored item holds other content than recorded");
            }
            return ps;
        }
    }
}
