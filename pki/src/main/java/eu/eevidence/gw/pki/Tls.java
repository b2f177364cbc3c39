package eu.eevidence.gw.pki;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * TLS helpers on the JDK's JSSE provider. Keys and certificates are converted to JDK-native objects
 * so that JSSE never has to hand a Bouncy Castle key object to another provider.
 */
public final class Tls {

    /** Protocols enabled on every socket and engine created from {@link #sslContext}. */
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private Tls() {
    }

    /**
     * A TLS context restricted to TLSv1.3 and TLSv1.2: sockets, server sockets and engines created from it
     * (and its default SSL parameters) have only these protocols enabled.
     *
     * @param own   own key and chain for server or client authentication; {@code null} for a client without
     *              certificate
     * @param trust the only anchors accepted for the peer
     */
    public static SSLContext sslContext(KeyMaterial own, TrustAnchors trust) throws PkiException {
        if (trust == null) {
            throw new PkiException(PkiError.INTERNAL, "trust anchors are required");
        }
        try {
            SSLContext delegate = SSLContext.getInstance("TLSv1.3");
            delegate.init(own == null ? null : keyManagers(own), new TrustManager[] {trust.trustManager()}, new SecureRandom());
            return new RestrictedSslContext(delegate, PROTOCOLS);
        } catch (GeneralSecurityException | IllegalStateException e) {
            throw new PkiException(PkiError.INTERNAL, "cannot create TLS context", e);
        }
    }

    /** Key managers (JSSE "PKIX") holding exactly {@code own}. */
    public static KeyManager[] keyManagers(KeyMaterial own) throws PkiException {
        if (own == null) {
            throw new PkiException(PkiError.INTERNAL, "key material is required");
        }
        try {
            char[] pw = Base64.getEncoder().encodeToString(randomBytes()).toCharArray();
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            X509Certificate[] chain = new X509Certificate[own.chain().size()];
            for (int i = 0; i < chain.length; i++) {
                chain[i] = toJdkCertificate(own.chain().get(i));
            }
            ks.setKeyEntry("own", toJdkKey(own.privateKey()), pw, chain);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
            kmf.init(ks, pw);
            return kmf.getKeyManagers();
        } catch (GeneralSecurityException | java.io.IOException | RuntimeException e) {
            throw new PkiException(PkiError.KEYSTORE_UNREADABLE, "cannot build key managers", e);
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        return b;
    }

    static X509Certificate toJdkCertificate(X509Certificate c) throws GeneralSecurityException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(c.getEncoded()));
    }

    static PrivateKey toJdkKey(PrivateKey k) throws GeneralSecurityException {
        String alg;
        if (k instanceof ECPrivateKey) {
            alg = "EC";
        } else if (k instanceof RSAPrivateKey) {
            alg = "RSA";
        } else {
            alg = k.getAlgorithm();
        }
        return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(k.getEncoded()));
    }
}
