package eu.eevidence.gw.gateway.alert;

import eu.eevidence.gw.pki.Tls;
import eu.eevidence.gw.pki.TrustAnchors;

import javax.net.ssl.SSLContext;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** The TLS context of a channel: the CA certificates of a PEM file only, or the JDK's default trust when none is named. */
final class TlsTrust {

    private TlsTrust() {
    }

    static SSLContext context(Path pemOrNull) {
        try {
            if (pemOrNull == null) {
                return SSLContext.getDefault();
            }
            List<X509Certificate> certs = new ArrayList<>();
            try (InputStream in = Files.newInputStream(pemOrNull)) {
                CertificateFactory.getInstance("X.509").generateCertificates(in).forEach(c -> certs.add((X509Certificate) c));
            }
            if (certs.isEmpty()) {
                throw new IllegalArgumentException(AlertError.ALM_CONFIG.code() + " no certificate in " + pemOrNull.getFileName());
            }
            return Tls.sslContext(null, TrustAnchors.of(certs));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalArgumentException(AlertError.ALM_CONFIG.code() + " trust file " + pemOrNull.getFileName() + " cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        }
    }
}
