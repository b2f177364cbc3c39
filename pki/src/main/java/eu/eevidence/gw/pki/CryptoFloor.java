package eu.eevidence.gw.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Objects;

import javax.crypto.KeyAgreement;

/**
 * The floor of the CMS profile's primitives on one thread (issue 18, ADR-0034): ECDSA P-256/SHA-256 signatures and
 * verifications, P-256 key-pair generations and ECDH agreements per second of the thread's CPU time (as
 * {@code openssl speed} counts), each in a hot loop for a fixed time after a warm-up, on one JCA provider
 * ({@link #BC Bouncy Castle}, the profile's, or {@code SunEC} for comparison).
 * A 4 KiB seal costs one signature, one key pair and one ECDH, an open one verification and one ECDH; the floor of
 * a seal or an open is what those operations alone allow ({@link Rates#sealFloor()}, {@link Rates#openFloor()}).
 * Verifications cycle through 256 different signed messages and agreements through 256 different peer keys, as a
 * stream of messages does (the same signature verified in a loop runs about twice as fast as different ones).
 */
public final class CryptoFloor {

    /** The name of the profile's provider, Bouncy Castle. */
    public static final String BC = "BC";

    private static final byte[] MESSAGE = new byte[32];
    /** Distinct signatures and peer keys cycled through: verification is variable-time code, and one signature
     *  verified again and again trains the branch predictor into figures no stream of messages reaches. */
    private static final int RING = 256;

    private CryptoFloor() {
    }

    /** Operations per second of each primitive on one thread. */
    public record Rates(String provider, double signs, double verifies, double keyPairs, double agreements) {

        /** Seals per second allowed by the primitives alone: 1 / (1/sign + 1/key pair + 1/ECDH). */
        public double sealFloor() {
            return 1 / (1 / signs + 1 / keyPairs + 1 / agreements);
        }

        /** Opens per second allowed by the primitives alone: 1 / (1/verify + 1/ECDH). */
        public double openFloor() {
            return 1 / (1 / verifies + 1 / agreements);
        }
    }

    /**
     * Measures the four primitives on {@code providerName} ("BC" or "SunEC"), {@code each} per primitive after a
     * warm-up of a fifth of it.
     */
    public static Rates measure(String providerName, Duration each) throws PkiException {
        Objects.requireNonNull(each, "each");
        Provider provider = BC.equals(providerName) ? BouncyCastle.provider() : Security.getProvider(providerName);
        if (provider == null) {
            throw new PkiException(PkiError.INTERNAL, "no JCA provider " + providerName);
        }
        try {
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC", provider);
            kpg.initialize(new ECGenParameterSpec(CmsAlgorithms.Curve.P256.id()));
            KeyPair mine = kpg.generateKeyPair();
            Signature signer = Signature.getInstance("SHA256withECDSA", provider);
            signer.initSign(mine.getPrivate());
            byte[][] messages = new byte[RING][];
            byte[][] signatures = new byte[RING][];
            java.security.PublicKey[] peers = new java.security.PublicKey[RING];
            for (int i = 0; i < RING; i++) {
                messages[i] = java.nio.ByteBuffer.allocate(32).putInt(i).array();
                signer.update(messages[i]);
                signatures[i] = signer.sign();
                peers[i] = kpg.generateKeyPair().getPublic();
            }
            Signature verifier = Signature.getInstance("SHA256withECDSA", provider);
            verifier.initVerify(mine.getPublic());
            KeyAgreement ka = KeyAgreement.getInstance("ECDH", provider);
            long nanos = each.toNanos();
            int[] next = new int[1];
            double signs = rate(nanos, () -> {
                signer.update(MESSAGE);
                signer.sign();
            });
            double verifies = rate(nanos, () -> {
                int i = next[0]++ & (RING - 1);
                verifier.update(messages[i]);
                if (!verifier.verify(signatures[i])) {
                    throw new IllegalStateException("floor signature does not verify");
                }
            });
            double keyPairs = rate(nanos, kpg::generateKeyPair);
            double agreements = rate(nanos, () -> {
                ka.init(mine.getPrivate());
                ka.doPhase(peers[next[0]++ & (RING - 1)], true);
                ka.generateSecret();
            });
            return new Rates(provider.getName(), signs, verifies, keyPairs, agreements);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new PkiException(PkiError.INTERNAL, "cannot measure the " + providerName + " floor", e);
        }
    }

    private interface Op {
        void run() throws GeneralSecurityException;
    }

    private static double rate(long nanos, Op op) throws GeneralSecurityException {
        loop(nanos / 5, op);
        return loop(nanos, op);
    }

    private static double loop(long nanos, Op op) throws GeneralSecurityException {
        long cpu0 = cpuNanos();
        long start = System.nanoTime();
        long end = start + nanos;
        long n = 0;
        long now;
        do {
            for (int i = 0; i < 16; i++) {
                op.run();
            }
            n += 16;
            now = System.nanoTime();
        } while (now < end);
        long cpu = cpuNanos() - cpu0;
        return n / ((cpu > 0 ? cpu : now - start) / 1e9);
    }

    /**
     * CPU time of the current thread in nanoseconds, or wall time where the JVM cannot measure it. Rates are per second
     * of CPU time, as {@code openssl speed} reports them, so that other load on the machine does not lower them.
     */
    public static long cpuNanos() {
        java.lang.management.ThreadMXBean t = java.lang.management.ManagementFactory.getThreadMXBean();
        return t.isCurrentThreadCpuTimeSupported() ? t.getCurrentThreadCpuTime() : System.nanoTime();
    }
}
