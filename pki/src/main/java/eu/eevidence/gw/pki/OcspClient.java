package eu.eevidence.gw.pki;

import java.security.cert.X509Certificate;

/**
 * Transport for OCSP: sends a DER OCSPRequest about {@code cert} (issued by {@code issuer}) and returns the DER
 * OCSPResponse. {@link HttpOcspClient} posts to the responder named in the certificate's AIA extension or to a
 * configured URL; tests and a node's own responder plug {@code eu.eevidence.gw.pki.ca.OcspResponder#respond}
 * in directly.
 */
@FunctionalInterface
public interface OcspClient {

    /** @throws PkiException {@link PkiError#REVOCATION_UNKNOWN} when no answer could be obtained */
    byte[] query(byte[] ocspRequest, X509Certificate cert, X509Certificate issuer) throws PkiException;
}
