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

    /**
     * Loads key material from a PKCS#12 file or from PEM: a PEM file holding the private key (PKCS#8, encrypted
     * PKCS#8 or traditional OpenSSL EC/RSA, encrypted or not) and, unless {@code certPem} is given, the
     * certificate chain (leaf first, or any order). PKCS#12 is recognised by its content, not its name.
     *
     * @param certPem  PEM file with the certificate chain when it is not in {@code file}; may be {@code null}
     * @param password for PKCS#12 or an encrypted PEM key; may be {@code null} for an unencrypted PEM key
     */
    public static KeyMaterial load(Path file, Path certPem, char[] password) throws PkiException {
        byte[] head;
        try (java.io.InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(64);
        } catch (IOException e) {
            throw new PkiException(PkiError.KEYSTORE_UNREADABLE, "cannot read " + file, e);
        }
        boolean pem = new String(head, java.nio.charset.StandardCharsets.ISO_8859_1).contains("-----BEGIN");
        if (!pem) {
            KeyMaterial km = loadPkcs12(file, password == null ? new char[0] : password);
            if (certPem == null) {
                return km;
            }
            return new KeyMaterial(km.privateKey(), leafFirst(km.privateKey(), Certificates.readPem(certPem)));
        }
        return loadPem(file, certPem, password);
    }

    private static KeyMaterial loadPem(Path file, Path certPem, char[] password) throws PkiException {
        PrivateKey key = null;
        List<X509Certificate> certs = new ArrayList<>();
        try {
            if (Files.size(file) > MAX_P12_BYTES) {
                throw new PkiException(PkiError.KEYSTORE_UNREADABLE, "PEM file too large: " + file);
            }
            org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter conv = new org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter()
                    .setProvider(BouncyCastle.provider());
            try (org.bouncycastle.openssl.PEMParser parser = new org.bouncycastle.openssl.PEMParser(
                    Files.newBufferedReader(file, java.nio.charset.StandardCharsets.US_ASCII))) {
                Object o;
                while ((o = parser.readObject()) != null) {
                    if (o instanceof org.bouncycastle.cert.X509CertificateHolder) {
                        certs.add(new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().setProvider(BouncyCastle.provider())
                                .getCertificate((org.bouncycastle.cert.X509CertificateHolder) o));
                    } else if (o instanceof org.bouncycastle.asn1.pkcs.PrivateKeyInfo) {
                        key = conv.getPrivateKey((org.bouncycastle.asn1.pkcs.PrivateKeyInfo) o);
                    } else if (o instanceof org.bouncycastle.openssl.PEMKeyPair) {
                        key = conv.getKeyPair((org.bouncycastle.openssl.PEMKeyPair) o).getPrivate();
                    } else if (o instanceof org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo) {
                        if (password == null) {
                            throw new PkiException(PkiError.KEYSTORE_UNREADABLE, "the PEM key is encrypted: a password is required");
                        }
                        key = conv.getPrivateKey(((org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo) o).decryptPrivateKeyInfo(
                                new org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder()
                                        .setProvider(BouncyCastle.provider()).build(password)));
                    } else if (o instanceof org.bouncycastle.openssl.PEMEncryptedKeyPair) {
                        if (password == null) {
                            throw new PkiException(PkiError.KEYSTORE_UNREADABLE, "the PEM key is encrypted: a password is required");
                        }
                        key = conv.getKeyPair(((org.bouncycastle.openssl.PEMEncryptedKeyPair) o).decryptKeyPair(
                                new org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder()
                                        .setProvider(BouncyCastle.provider()).build(password))).getPrivate();
                    }
                }
            }
        } catch (PkiException e) {
            throw e;
        } catch (Exception e) {
            throw new PkiException(PkiError.KEYSTORE_UNREADABLE, "cannot read PEM key " + file + " (wrong password?)", e);
        }
        if (key == null) {
            throw new PkiException(PkiError.KEYSTORE_UNREADABLE, "no private key in " + file);
        }
        if (certPem != null) {
            certs = new ArrayList<>(Certificates.readPem(certPem));
        }
        if (certs.isEmpty()) {
            throw new PkiException(PkiError.KEYSTORE_UNREADABLE, "no certificate for the key in " + file + "; give it separately");
        }
        List<X509Certificate> ordered = leafFirst(key, certs);
        if (!matches(key, ordered.get(0))) {
            throw new PkiException(PkiError.KEYSTORE_UNREADABLE, "no certificate matches the private key of " + file);
        }
        return new KeyMaterial(key, ordered);
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
                return new KeyMaterial((PrivateKey) key, leafFirst((PrivateKey) key, chain));
            }
            throw new PkiException(PkiError.KEYSTORE_UNREADABLE, "no private key entry with a certificate in " + p12);
        } catch (PkiException e) {
            throw e;
        } catch (Exception e) {
            throw new PkiException(PkiError.KEYSTORE_UNREADABLE, "cannot read PKCS#12 " + p12, e);
        }
    }

    /**
     * Some PKCS#12 writers (and readers) do not keep the chain order: puts the certificate whose public key belongs
     * to {@code key} first and orders the rest issuer after subject.
     */
    static List<X509Certificate> leafFirst(PrivateKey key, List<X509Certificate> certs) {
        X509Certificate leaf = null;
        for (X509Certificate c : certs) {
            if (matches(key, c)) {
                leaf = c;
                break;
            }
        }
        if (leaf == null || (certs.get(0) == leaf && ordered(certs))) {
            return certs;
        }
        List<X509Certificate> rest = new ArrayList<>(certs);
        rest.remove(leaf);
        List<X509Certificate> out = new ArrayList<>();
        out.add(leaf);
        X509Certificate cur = leaf;
        while (!rest.isEmpty()) {
            X509Certificate next = null;
            for (X509Certificate c : rest) {
                if (c.getSubjectX500Principal().equals(cur.getIssuerX500Principal())) {
                    next = c;
                    break;
                }
            }
            if (next == null) {
                out.addAll(rest);
                break;
            }
            out.add(next);
            rest.remove(next);
            cur = next;
        }
        return out;
    }

    private static boolean ordered(List<X509Certificate> certs) {
        for (int i = 0; i + 1 < certs.size(); i++) {
            if (!certs.get(i).getIssuerX500Principal().equals(certs.get(i + 1).getSubjectX500Principal())) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(PrivateKey key, X509Certificate cert) {
        try {
            String alg = key instanceof java.security.interfaces.RSAPrivateKey ? "SHA256withRSA" : "SHA256withECDSA";
            byte[] probe = "key-match-probe".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            java.security.Signature s = java.security.Signature.getInstance(alg, BouncyCastle.provider());
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            s.initVerify(cert.getPublicKey());
            s.update(probe);
            return s.verify(sig);
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** Writes this key and chain as a PKCS#12 file with owner-only permissions where POSIX. */
    public void savePkcs12(Path p12, char[] password, String alias) throws PkiException {
        try {
            KeyStore ks = KeyStore.getInstance(WRITE_STORE_TYPE, BouncyCastle.provider());
            ks.load(null, null);
            // fresh copies: BC's key store records bag attributes (friendlyName) on the certificate objects it
            // stores, which would leak the alias of one file into the next file holding the same certificate
            java.security.cert.CertificateFactory cf = java.security.cert.CertificateFactory.getInstance("X.509",
                    BouncyCastle.provider());
            X509Certificate[] copies = new X509Certificate[chain.size()];
            for (int i = 0; i < copies.length; i++) {
                copies[i] = (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(chain.get(i).getEncoded()));
            }
            ks.setKeyEntry(alias == null || alias.isBlank() ? "key" : alias, privateKey, password, copies);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ks.store(out, password);
            FileSecurity.writeOwnerOnly(p12, out.toByteArray());
        } catch (IOException | java.security.GeneralSecurityException | RuntimeException e) {
            throw new PkiException(PkiError.KEYSTORE_UNREADABLE, "cannot write PKCS#12 " + p12, e);
        }
    }
}
