package eu.eevidence.gw.pki.ca;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import eu.eevidence.gw.pki.BouncyCastle;
import eu.eevidence.gw.pki.KeyKind;

/** The cryptographic building blocks of {@link CertificateAuthority}: key pairs, signers, names, serials, PEM. */
final class CaCrypto {

    private CaCrypto() {
    }

    static String pem(String type, byte[] der) {
        String b64 = java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + b64 + "\n-----END " + type + "-----\n";
    }

    static X500Name name(String cn) {
        if (cn == null || cn.isBlank() || cn.length() > 64) {
            throw new IllegalArgumentException("common name must have 1..64 characters");
        }
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "eevidence-gateway network").addRDN(BCStyle.CN, cn).build();
    }

    static BigInteger serial(SecureRandom rnd) {
        BigInteger s;
        do {
            s = new BigInteger(128, rnd);
        } while (s.signum() == 0);
        return s;
    }

    static KeyPair generate(KeyKind kind) throws GeneralSecurityException {
        if (kind == KeyKind.EC_P256) {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC", BouncyCastle.provider());
            g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            return g.generateKeyPair();
        }
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA", BouncyCastle.provider());
        g.initialize(new RSAKeyGenParameterSpec(3072, RSAKeyGenParameterSpec.F4), new SecureRandom());
        return g.generateKeyPair();
    }

    static ContentSigner signer(PrivateKey key) throws org.bouncycastle.operator.OperatorCreationException {
        String alg = key instanceof RSAPrivateKey ? "SHA256withRSA" : "SHA256withECDSA";
        return new JcaContentSignerBuilder(alg).setProvider(BouncyCastle.provider()).build(key);
    }

    static X509Certificate convert(X509CertificateHolder h) throws GeneralSecurityException {
        return new JcaX509CertificateConverter().setProvider(BouncyCastle.provider()).getCertificate(h);
    }
}
