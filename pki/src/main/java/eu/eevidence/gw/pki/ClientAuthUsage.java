package eu.eevidence.gw.pki;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * RFC 5280 4.2.1.12: a certificate with an extended key usage extension may be used only for the purposes it lists.
 * A TLS client certificate that has one must list id-kp-clientAuth or anyExtendedKeyUsage; one without the extension
 * is not restricted.
 */
public final class ClientAuthUsage {

    /** id-kp-clientAuth (RFC 5280 4.2.1.12). */
    public static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    /** anyExtendedKeyUsage (RFC 5280 4.2.1.12). */
    public static final String ANY = "2.5.29.37.0";

    private ClientAuthUsage() {
    }

    /** True when {@code cert} may authenticate a TLS client: no EKU extension, or one listing clientAuth or any purpose. */
    public static boolean permitsClientAuth(X509Certificate cert) {
        List<String> eku;
        try {
            eku = cert.getExtendedKeyUsage();
        } catch (CertificateParsingException | RuntimeException e) {
            return false; // an unreadable extension restricts to nothing we can trust
        }
        return eku == null || eku.contains(CLIENT_AUTH) || eku.contains(ANY);
    }
}
