package eu.eevidence.gw.pki;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import eu.eevidence.gw.pki.ca.CertificateAuthority;
import eu.eevidence.gw.pki.ca.DevTsa;
import eu.eevidence.gw.pki.ca.OcspResponder;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.nio.file.Files;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzz targets of the other DER parsers of outside bytes in pki (docs/design/fuzzing.md): a TSA's answer as the node
 * reads it ({@link TsaClient#tokenFrom}: a token or a {@link PkiException}), and the requests the node's own trust
 * services answer ({@link DevTsa#respond}, {@link OcspResponder#respond}: always a DER answer, never an exception), and an
 * OCSP responder's answer as {@link TrustStore} checks a certificate with it.
 */
class TrustServicesFuzzTest {

    @TempDir
    static Path dir;

    static final SignerValidator ANY = (leaf, intermediates, at) -> { };
    static DevTsa tsa;
    static OcspResponder ocsp;
    static TrustStore ocspTrust;
    static KeyMaterial leaf;
    static volatile byte[] ocspAnswer = new byte[0];

    @BeforeAll
    static void setUp() throws Exception {
        CertificateAuthority root = CertificateAuthority.initRoot(dir.resolve("root"), "fuzz root", KeyKind.EC_P256, Duration.ofDays(30),
                "pw".toCharArray(), null, null, Clock.systemUTC());
        tsa = new DevTsa(root.issueTimeStamping("fuzz TSA", KeyKind.EC_P256, Duration.ofDays(30)), Clock.systemUTC());
        ocsp = root.ocspResponder(Duration.ofMinutes(10));
        leaf = root.issue(new IssueRequest("fuzz leaf", Role.CONTACT_POINT, List.of(), KeyKind.EC_P256, Duration.ofDays(30), false, false));
        Path noCrls = Files.createDirectories(dir.resolve("no-crls"));
        ocspTrust = TrustStore.load(Clock.systemUTC(), List.of(root.directory().resolve("ca.pem")), List.of(noCrls),
                (request, cert, issuer) -> ocspAnswer, true);
    }

    /** The request the committed responses answer: SHA-256 imprint of 32 zero bytes, nonce 1, certReq. */
    static TimeStampRequest fixedRequest() {
        TimeStampRequestGenerator g = new TimeStampRequestGenerator();
        g.setCertReq(true);
        return g.generate(NISTObjectIdentifiers.id_sha256, new byte[32], BigInteger.ONE);
    }

    @FuzzTest
    void timeStampResponse(byte[] answer) {
        try {
            assertThat(TsaClient.tokenFrom(fixedRequest(), answer, ANY)).isNotEmpty();
        } catch (PkiException e) {
            assertThat(e.code()).startsWith("EEG-");
        }
    }

    /** An OCSP responder's answer as the node's TrustStore reads it (fail-closed): valid or a PkiException. */
    @FuzzTest
    void ocspResponse(byte[] answer) {
        ocspAnswer = answer;
        try {
            ocspTrust.validate(leaf.certificate(), leaf.chain(), Instant.now());
        } catch (PkiException e) {
            assertThat(e.code()).startsWith("EEG-");
        }
    }

    @FuzzTest
    void timeStampRequest(byte[] request) throws Exception {
        byte[] answer = tsa.respond(request);
        assertThat(new TimeStampResponse(answer).getStatus()).isBetween(0, 5);
    }

    @FuzzTest
    void ocspRequest(byte[] request) throws Exception {
        byte[] answer = ocsp.respond(request);
        assertThat(new OCSPResp(answer).getStatus()).isBetween(0, 6);
    }
}
