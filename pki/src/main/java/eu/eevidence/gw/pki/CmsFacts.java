package eu.eevidence.gw.pki;

import java.util.Optional;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;

/**
 * Facts read from CMS structures without verifying them, for reports (the court bundle's verifier, ADR-0029): the CAdES
 * baseline level of a SignedData, its signed message-digest attribute, whether bytes are an AuthEnvelopedData. Nothing
 * here is a verdict on a signature: {@link CmsProfile#verify} and {@link CmsProfile#verifyDetached} are.
 */
public final class CmsFacts {

    private CmsFacts() {
    }

    /** {@code CAdES-B-T (time-stamped)} when the (first) signer carries id-aa-signatureTimeStampToken, else {@code CAdES-B-B}. */
    public static String level(byte[] signedData) {
        try {
            SignerInformation s = firstSigner(signedData);
            boolean stamped = s.getUnsignedAttributes() != null
                    && s.getUnsignedAttributes().get(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken) != null;
            return stamped ? "CAdES-B-T (time-stamped)" : "CAdES-B-B";
        } catch (CMSException | RuntimeException e) {
            return "unknown";
        }
    }

    /** The (first) signer's signed message-digest attribute, or empty if the structure cannot be read. */
    public static Optional<byte[]> signedMessageDigest(byte[] signedData) {
        try {
            Attribute a = firstSigner(signedData).getSignedAttributes().get(CMSAttributes.messageDigest);
            return Optional.of(ASN1OctetString.getInstance(a.getAttrValues().getObjectAt(0)).getOctets());
        } catch (CMSException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** True when {@code der} is a ContentInfo holding an AuthEnvelopedData (RFC 5083), as the profile's sealed messages are. */
    public static boolean isAuthEnvelopedData(byte[] der) {
        try {
            return CMSObjectIdentifiers.authEnvelopedData.equals(ContentInfo.getInstance(der).getContentType());
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static SignerInformation firstSigner(byte[] signedData) throws CMSException {
        return new CMSSignedData(ContentInfo.getInstance(signedData)).getSignerInfos().getSigners().iterator().next();
    }
}
