package eu.eevidence.gw.pki;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A private key with its certificate chain (leaf first).
 *
 * <p>PKCS#12 files are read with Bouncy Castle's PKCS#12 key store (which also reads files written by
 * OpenSSL 3 and the JDK) and written by Bouncy Castle's {@code PKCS12-AES256-AES128} key store (PBES2
 * with AES-256-CBC for keys, AES-128-CBC for certificates). The tests check that the JDK's own
 * {@code PKCS12} key store and {@code openssl pkcs12} read the written files.
 */
public record KeyMaterial(PrivateKey privateKey, List<X509Certificate> chain) {

    static final String WRITE_STORE_TYPE = "PKCS12-AES256-AES128";
    private static final long MAX_P12_BYTES = 1024 * 1024;

    public KeyMaterial {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(chain, "chain");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("chain must contain at least the certificate");
        }
    }

    /** The end-entity certificate, {@code chain.get(0)}. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** Lowercase hex SHA-256 of the certificate DER. */
    public String fingerprint() {
        return Certificates.sha256Fingerprint(certificate());
    }

    /** Loads the first private-key entry of a PKCS#12 file. */
    public static KeyMaterial loadPkcs12(Path p12, char[] password) throws PkiException {
        try {
            if (Files.size(p12) > MAX_P12_BYTES) {
                throw new PkiException(PkiError.KEYSTORE_UNREADABLE, "PKCS#12 file too large: " + p12);
            }
            byte[] bytes = Files.readAllBytes(p12);
            KeyStore ks = KeyStore.getInstance("PKCS12", BouncyCastle.provider());
            ks.load(new ByteArrayInputStream(bytes), password);
            for (String alias : Collections.list(ks.aliases())) {
                if (!ks.isKeyEntry(alias)) {
                    continue;
                }
                Key key = ks.getKey(alias, password);
                if (!(key instanceof PrivateKey)) {
                    continue;
                }
                Certificate[] certs = ks.getCertificateChain(alias);
                if (certs == null || certs.length == 0) {
                    continue;
                }
                List<X509Certificate> chain = new ArrayList<>();
                for (Certificate c : certs) {
                    chain.add((X509Certificate) c);
                }
                return new KeyMaterial((PrivateKey) key, chain);
            }
            throw new PkiException(PkiError.KEYSTORE_UNREADABLE, "no private key entry with a certificate in " + p12);
        } catch (PkiException e) {
            throw e;
        } catch (Exception e) {
            throw new PkiException(PkiError.KEYSTORE_UNREADABLE, "cannot read PKCS#12 " + p12, e);
        }
    }

    /** Writes this key and chain as a PKCS#12 file with owner-only permissions where POSIX. */
    public void savePkcs12(Path p12, char[] password, String alias) throws PkiException {
        try {
            KeyStore ks = KeyStore.getInstance(WRITE_STORE_TYPE, BouncyCastle.provider());
            ks.load(null, null);
            ks.setKeyEntry(alias == null || alias.isBlank() ? "key" : alias, privateKey, password,
                    chain.toArray(new X509Certificate[0]));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ks.store(out, password);
            FileSecurity.writeOwnerOnly(p12, out.toByteArray());
        } catch (IOException | java.security.GeneralSecurityException | RuntimeException e) {
            throw new PkiException(PkiError.KEYSTORE_UNREADABLE, "cannot write PKCS#12 " + p12, e);
        }
    }
}
