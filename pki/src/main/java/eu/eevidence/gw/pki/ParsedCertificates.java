package eu.eevidence.gw.pki;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;

import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;

/**
 * Certificates carried in SignedData, converted to {@link X509Certificate} once per distinct encoding (issue 18,
 * ADR-0034): the same senders sign message after message, and a certificate parsed once keeps its decoded public key
 * (and Bouncy Castle's precomputation for it) for the next message. Keyed by the complete DER encoding, so a
 * different certificate is never mistaken for a cached one; bounded (least recently used out).
 */
final class ParsedCertificates {

    private static final int MAX = 512;
    private static final JcaX509CertificateConverter CONVERTER = new JcaX509CertificateConverter()
            .setProvider(BouncyCastle.provider());
    private static final Map<ByteBuffer, X509Certificate> CACHE = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteBuffer, X509Certificate> eldest) {
            return size() > MAX;
        }
    };

    private static final Map<X509Certificate, java.util.Set<Role>> ROLES = new java.util.IdentityHashMap<>();

    private ParsedCertificates() {
    }

    /** {@link Role#of} of a certificate returned by {@link #of}, read once per certificate object. */
    static java.util.Set<Role> roles(X509Certificate cert) {
        synchronized (ROLES) {
            java.util.Set<Role> r = ROLES.get(cert);
            if (r != null) {
                return r;
            }
        }
        java.util.Set<Role> r = Role.of(cert);
        synchronized (ROLES) {
            if (ROLES.size() >= MAX) {
                ROLES.clear();
            }
            ROLES.put(cert, r);
        }
        return r;
    }

    /** The certificate of {@code holder}, parsed once per encoding. */
    static X509Certificate of(X509CertificateHolder holder) throws CertificateException {
        ByteBuffer key;
        try {
            key = ByteBuffer.wrap(holder.getEncoded());
        } catch (IOException e) {
            throw new CertificateException("cannot encode certificate", e);
        }
        synchronized (CACHE) {
            X509Certificate c = CACHE.get(key);
            if (c != null) {
                return c;
            }
        }
        X509Certificate c = CONVERTER.getCertificate(holder);
        synchronized (CACHE) {
            CACHE.put(key, c);
        }
        return c;
    }
}
