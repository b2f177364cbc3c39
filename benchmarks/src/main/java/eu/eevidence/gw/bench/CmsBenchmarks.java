package eu.eevidence.gw.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import eu.eevidence.gw.pki.CmsProfile;
import eu.eevidence.gw.pki.DevPki;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.OpenedMessage;
import eu.eevidence.gw.pki.PkiException;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.pki.TrustAnchors;

/**
 * Seal and open of a 4 KiB message with the CMS profile (ECDSA P-256 signer, ECDH P-256 recipient, chain validated
 * against the development root), as {@code cms bench} measures them; compare with {@link FloorBenchmarks}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CmsBenchmarks {

    private CmsProfile profile;
    private KeyMaterial signer;
    private KeyMaterial recipient;
    private List<java.security.cert.X509Certificate> recipients;
    private TrustAnchors trust;
    private byte[] message;
    private byte[] sealed;
    private Path dir;

    /** Keys generated at start in a temporary directory (development PKI), never stored. */
    @Setup
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("eeg-jmh-");
        DevPki pki = DevPki.loadOrCreate(dir.resolve("pki"), Clock.systemUTC());
        signer = pki.issue(node("jmh-signer"));
        recipient = pki.issue(node("jmh-recipient"));
        recipients = List.of(recipient.certificate());
        trust = TrustAnchors.of(List.of(pki.rootCertificate()));
        profile = new CmsProfile(Clock.systemUTC());
        message = new byte[4096];
        new SplittableRandom(1).nextBytes(message);
        sealed = profile.seal(message, signer, recipients);
    }

    /** The temporary development PKI (keys included) goes with the benchmark. */
    @TearDown
    public void tearDown() throws java.io.IOException {
        try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static IssueRequest node(String name) {
        return new IssueRequest(name, Role.NODE, List.of(), KeyKind.EC_P256, Duration.ofDays(2), false, false);
    }

    /** One seal: a signature, an ephemeral key pair, an ECDH, AES-256-GCM and the DER encoding. */
    @Benchmark
    public byte[] seal4KiB() throws PkiException {
        return profile.seal(message, signer, recipients);
    }

    /** One open: an ECDH, AES-256-GCM, a verification, the CAdES checks and the (remembered) path validation. */
    @Benchmark
    public OpenedMessage open4KiB() throws PkiException {
        return profile.open(sealed, recipient, trust);
    }
}
