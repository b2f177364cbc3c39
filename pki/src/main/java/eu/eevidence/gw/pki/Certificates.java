package eu.eevidence.gw.pki;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;

/** Static certificate helpers (PEM, fingerprints). */
public final class Certificates {

    private static final int MAX_PEM_CHARS = 10 * 1024 * 1024;

    private Certificates() {
    }

    /** Lowercase hex SHA-256 of the certificate's DER encoding. */
    public static String sha256Fingerprint(X509Certificate c) {
        try {
            return HexFormat.of().formatHex(sha256(c.getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded", e);
        }
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256", BouncyCastle.provider()).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PEM ("CERTIFICATE") encoding with 64-character lines and a trailing newline. */
    public static String toPem(X509Certificate c) {
        try {
            return pem("CERTIFICATE", c.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded", e);
        }
    }

    /** PKCS#8 "PRIVATE KEY" PEM (unencrypted; for tests and the dev PKI export only). */
    public static String privateKeyToPem(PrivateKey k) {
        return pem("PRIVATE KEY", k.getEncoded());
    }

    static String pem(String type, byte[] der) {
        String b64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + b64 + "\n-----END " + type + "-----\n";
    }

    /** Reads one or more certificates from a PEM file. */
    public static List<X509Certificate> readPem(Path pemFile) throws PkiException {
        String text;
        try {
            if (Files.size(pemFile) > MAX_PEM_CHARS) {
                throw new PkiException(PkiError.CERTIFICATE_INVALID, "PEM file too large: " + pemFile);
            }
            text = Files.readString(pemFile, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new PkiException(PkiError.CERTIFICATE_INVALID, "cannot read " + pemFile, e);
        }
        return parsePem(text);
    }

    /**
     * Parses one or more "CERTIFICATE" PEM blocks; other PEM objects are ignored. At least one
     * certificate is required.
     */
    public static List<X509Certificate> parsePem(String pem) throws PkiException {
        if (pem == null || pem.length() > MAX_PEM_CHARS) {
            throw new PkiException(PkiError.CERTIFICATE_INVALID, "no PEM input or input too large");
        }
        List<X509Certificate> out = new ArrayList<>();
        JcaX509CertificateConverter conv = new JcaX509CertificateConverter().setProvider(BouncyCastle.provider());
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object o;
            while ((o = parser.readObject()) != null) {
                if (o instanceof X509CertificateHolder) {
                    out.add(conv.getCertificate((X509CertificateHolder) o));
                }
            }
        } catch (IOException | CertificateException | RuntimeException e) {
            throw new PkiException(PkiError.CERTIFICATE_INVALID, "unparseable PEM certificate", e);
        }
        if (out.isEmpty()) {
            throw new PkiException(PkiError.CERTIFICATE_INVALID, "no certificate in PEM input");
        }
        return List.copyOf(out);
    }

    /**
     * Reads a PEM PKCS#10 certification request (for example from {@code openssl req -new}), checks its
     * self-signature with the BC provider and returns its public key.
     */
    public static java.security.PublicKey readCsrPublicKey(Path csrPem) throws PkiException {
        try (PEMParser p = new PEMParser(Files.newBufferedReader(csrPem, StandardCharsets.US_ASCII))) {
            Object o = p.readObject();
            if (!(o instanceof org.bouncycastle.pkcs.PKCS10CertificationRequest)) {
                throw new PkiException(PkiError.CERTIFICATE_INVALID, "no PKCS#10 request in " + csrPem);
            }
            org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest req = new org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest(
                    (org.bouncycastle.pkcs.PKCS10CertificationRequest) o).setProvider(BouncyCastle.provider());
            if (!req.isSignatureValid(new org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder()
                    .setProvider(BouncyCastle.provider()).build(req.getPublicKey()))) {
                throw new PkiException(PkiError.CERTIFICATE_INVALID, "the request's self-signature does not verify");
            }
            return req.getPublicKey();
        } catch (PkiException e) {
            throw e;
        } catch (Exception e) {
            throw new PkiException(PkiError.CERTIFICATE_INVALID, "unreadable PKCS#10 request " + csrPem, e);
        }
    }
}
