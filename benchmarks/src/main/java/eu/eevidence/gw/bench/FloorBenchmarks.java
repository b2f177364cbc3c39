package eu.eevidence.gw.bench;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.TimeUnit;

import javax.crypto.KeyAgreement;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import eu.eevidence.gw.pki.BouncyCastle;

/**
 * The floor of a seal and an open (issue 18): P-256 signature, verification, key-pair generation and ECDH on one
 * thread, on Bouncy Castle (the profile's provider) and SunEC (for comparison).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FloorBenchmarks {

    private static final byte[] DATA = new byte[32];

    @Param({"BC", "SunEC"})
    public String provider;

    private KeyPairGenerator generator;
    private KeyPair mine;
    private KeyPair peer;
    private Signature signer;
    private Signature verifier;
    private KeyAgreement agreement;
    private byte[] signature;

    /** The provider's objects, built once. */
    @Setup
    public void setUp() throws Exception {
        java.security.Provider p = "BC".equals(provider) ? BouncyCastle.provider()
                : java.security.Security.getProvider(provider);
        generator = KeyPairGenerator.getInstance("EC", p);
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        mine = generator.generateKeyPair();
        peer = generator.generateKeyPair();
        signer = Signature.getInstance("SHA256withECDSA", p);
        signer.initSign(mine.getPrivate());
        verifier = Signature.getInstance("SHA256withECDSA", p);
        verifier.initVerify(mine.getPublic());
        agreement = KeyAgreement.getInstance("ECDH", p);
        signer.update(DATA);
        signature = signer.sign();
    }

    /** ECDSA P-256/SHA-256 signature of 32 bytes. */
    @Benchmark
    public byte[] sign() throws Exception {
        signer.update(DATA);
        return signer.sign();
    }

    /** ECDSA P-256/SHA-256 verification. */
    @Benchmark
    public boolean verify() throws Exception {
        verifier.update(DATA);
        return verifier.verify(signature);
    }

    /** P-256 key-pair generation (the ephemeral key of a seal). */
    @Benchmark
    public KeyPair keyPair() {
        return generator.generateKeyPair();
    }

    /** P-256 ECDH agreement. */
    @Benchmark
    public byte[] ecdh() throws Exception {
        agreement.init(mine.getPrivate());
        agreement.doPhase(peer.getPublic(), true);
        return agreement.generateSecret();
    }
}
