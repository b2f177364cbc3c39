package eu.eevidence.gw.pki;

import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;

/**
 * The identity of a signed message for replay detection: the SHA-256 of its (first) signer's signature value, as
 * {@link ReplayGuard} receives it from {@link CmsProfile}. Unlike a hash of the SignedData bytes it does not change when
 * the message is re-encoded or unsigned attributes are added: one signature = one message.
 */
public final class SignatureIds {

    private SignatureIds() {
    }

    /** @throws PkiException {@link PkiError#MALFORMED_CMS} when {@code signedData} is not a SignedData with a signer */
    public static String of(byte[] signedData) throws PkiException {
        try {
            CMSSignedData sd = new CMSSignedData(signedData);
            if (sd.getSignerInfos().size() == 0) {
                throw new PkiException(PkiError.MALFORMED_CMS, "no signer");
            }
            SignerInformation si = sd.getSignerInfos().getSigners().iterator().next();
            return Certificates.hex(Certificates.sha256(si.getSignature()));
        } catch (CMSException | RuntimeException e) {
            throw new PkiException(PkiError.MALFORMED_CMS, "not a CMS SignedData", e);
        }
    }
}
