package eu.eevidence.gw.pki.ca;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

import eu.eevidence.gw.pki.BouncyCastle;

/**
 * RFC 6960 OCSP responder as a pure function of the CA database: DER OCSPRequest in, DER OCSPResponse out
 * ({@link #respond}). Answers "good" for valid certificates of this CA, "revoked" (time, reason) for revoked ones,
 * "unknown" for serials it did not issue or other issuers. The response is signed by the CA key (ResponderID by
 * name), carries the CA chain, thisUpdate = now, nextUpdate = now + validity, and echoes the request nonce.
 * Never throws: unparseable requests get {@code malformedRequest}, internal failures {@code internalError}.
 */
public final class OcspResponder {

    /** Largest request accepted (bytes). */
    public static final int MAX_REQUEST = 64 * 1024;

    private final CertificateAuthority ca;
    private final Duration validity;
    private final Clock clock;

    OcspResponder(CertificateAuthority ca, Duration validity, Clock clock) {
        this.ca = ca;
        this.validity = validity;
        this.clock = clock;
    }

    public byte[] respond(byte[] ocspRequest) {
        OCSPReq req;
        try {
            if (ocspRequest == null || ocspRequest.length == 0 || ocspRequest.length > MAX_REQUEST) {
                return status(OCSPRespBuilder.MALFORMED_REQUEST);
            }
            req = new OCSPReq(ocspRequest);
            if (req.getRequestList().length == 0) {
                return status(OCSPRespBuilder.MALFORMED_REQUEST);
            }
        } catch (Exception | StackOverflowError e) {
            return status(OCSPRespBuilder.MALFORMED_REQUEST);
        }
        try {
            Instant now = clock.instant();
            X509CertificateHolder caHolder = new JcaX509CertificateHolder(ca.certificate());
            DigestCalculatorProvider dcp = new JcaDigestCalculatorProviderBuilder().setProvider(BouncyCastle.provider()).build();
            BasicOCSPRespBuilder b = new BasicOCSPRespBuilder(new RespID(caHolder.getSubject()));
            for (Req r : req.getRequestList()) {
                CertificateID id = r.getCertID();
                CertificateStatus st;
                if (!id.matchesIssuer(caHolder, dcp)) {
                    st = new UnknownStatus();
                } else {
                    IssuedCertificate ic = ca.find(id.getSerialNumber());
                    if (ic == null) {
                        st = new UnknownStatus();
                    } else if (ic.revoked()) {
                        st = new RevokedStatus(Date.from(ic.revokedAt()), ic.reason());
                    } else {
                        st = CertificateStatus.GOOD;
                    }
                }
                b.addResponse(id, st, Date.from(now.minusSeconds(60)), Date.from(now.plus(validity)), null);
            }
            Extension nonce = req.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
            if (nonce != null) {
                b.setResponseExtensions(new Extensions(nonce));
            }
            List<java.security.cert.X509Certificate> chain = ca.chain();
            X509CertificateHolder[] certs = new X509CertificateHolder[chain.size()];
            for (int i = 0; i < certs.length; i++) {
                certs[i] = new JcaX509CertificateHolder(chain.get(i));
            }
            BasicOCSPResp basic = b.build(CaCrypto.signer(ca.keyMaterial().privateKey()), certs, Date.from(now));
            return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded();
        } catch (Exception e) {
            return status(OCSPRespBuilder.INTERNAL_ERROR);
        }
    }

    private static byte[] status(int status) {
        try {
            return new OCSPRespBuilder().build(status, null).getEncoded();
        } catch (Exception e) {
            // OCSPResponse ::= SEQUENCE { responseStatus ENUMERATED } with internalError (2)
            return new byte[] {0x30, 0x03, 0x0a, 0x01, 0x02};
        }
    }
}
