package eu.eevidence.gw.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Security;
import java.security.spec.ECGenParameterSpec;

import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

import eu.eevidence.gw.pki.CmsAlgorithms.ContentEncryption;
import eu.eevidence.gw.pki.CmsAlgorithms.Curve;

/**
 * The cryptographic objects of the CMS profile that are built once and not per message (issue 18, ADR-0034): the digest
 * calculator provider, one P-256 key-pair generator per thread for ephemeral ECDH keys, and the JCA provider of the
 * in-memory AES-256-GCM content encryption.
 *
 * <p>Provider choice, measured (docs/design/performance.md): signatures, key agreement, key generation and every
 * signature verification stay on Bouncy Castle (faster than SunEC on P-256, and the module's rule that a signature is
 * never verified by the JDK's default providers). Message digests of contents run on the JDK. The AES-256-GCM of
 * in-memory messages runs on the JDK's SunJCE, whose AES and
 * GHASH use the processor's AES-NI/CLMUL instructions; the algorithm, its parameters and the allow-list are the same,
 * and a JDK without SunJCE falls back to Bouncy Castle. Streaming decryption stays on Bouncy Castle because SunJCE
 * buffers a whole GCM ciphertext before it releases plaintext.
 */
final class CmsProviders {

    private static final Provider GCM = gcmProvider();
    private static final ThreadLocal<KeyPairGenerator> P256 = ThreadLocal.withInitial(CmsProviders::p256Generator);
    private static final DigestCalculatorProvider DIGESTS = digests();

    private CmsProviders() {
    }

    /** The provider of in-memory AES-256-GCM: SunJCE when present, else Bouncy Castle. */
    static Provider gcm() {
        return GCM;
    }

    /** A fresh builder of the profile's AES-256-GCM content encryptor on {@link #gcm()}. */
    static JceCMSContentEncryptorBuilder gcmEncryptorBuilder() {
        return new JceCMSContentEncryptorBuilder(ContentEncryption.AES256_GCM.oid()).setProvider(GCM);
    }

    /** A fresh ephemeral P-256 key pair (Bouncy Castle), from this thread's generator. */
    static KeyPair ephemeralP256() {
        return P256.get().generateKeyPair();
    }

    /**
     * Digest calculators (SHA-2 of contents and signed attributes) on the JDK's providers, whose SHA-256 uses the
     * processor's SHA instructions where present; Bouncy Castle when the JDK has no SHA-256. Stateless, thread-safe.
     */
    static DigestCalculatorProvider digestCalculators() {
        return DIGESTS;
    }

    private static Provider gcmProvider() {
        Provider sun = Security.getProvider("SunJCE");
        if (sun != null) {
            try {
                javax.crypto.Cipher.getInstance("AES/GCM/NoPadding", sun);
                return sun;
            } catch (GeneralSecurityException e) {
                return BouncyCastle.provider();
            }
        }
        return BouncyCastle.provider();
    }

    private static KeyPairGenerator p256Generator() {
        try {
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC", BouncyCastle.provider());
            kpg.initialize(new ECGenParameterSpec(Curve.P256.id()));
            return kpg;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no P-256 key-pair generator", e);
        }
    }

    private static DigestCalculatorProvider digests() {
        try {
            java.security.MessageDigest.getInstance("SHA-256");
            return new JcaDigestCalculatorProviderBuilder().build();
        } catch (java.security.NoSuchAlgorithmException e) {
            return bcDigests();
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("no digest calculators", e);
        }
    }

    private static DigestCalculatorProvider bcDigests() {
        try {
            return new JcaDigestCalculatorProviderBuilder().setProvider(BouncyCastle.provider()).build();
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("no digest calculators", e);
        }
    }
}
