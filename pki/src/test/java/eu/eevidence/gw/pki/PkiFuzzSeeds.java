package eu.eevidence.gw.pki;

import eu.eevidence.gw.pki.ca.CertificateAuthority;
import eu.eevidence.gw.pki.ca.DevTsa;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes the committed seed corpora of {@link CmsFuzzTest} and {@link TrustServicesFuzzTest} with the project's own
 * code. Not part of the build: run it when the formats change,
 * {@code mvn -o -pl pki test -Dtest=PkiFuzzSeeds -Dfuzz.seeds=write}. Keys are minted in a temporary directory and
 * thrown away: the seeds carry public certificates only.
 */
@EnabledIfSystemProperty(named = "fuzz.seeds", matches = "write")
class PkiFuzzSeeds {

    static final Path RESOURCES = Path.of("src/test/resources/eu/eevidence/gw/pki");

    @TempDir
    Path dir;

    @Test
    void write() throws Exception {
        CertificateAuthority root = CertificateAuthority.initRoot(dir.resolve("root"), "seed root", KeyKind.EC_P256, Duration.ofDays(3650),
                "pw".toCharArray(), null, null, Clock.systemUTC());
        KeyMaterial ec = root.issue(new IssueRequest("seed signer", Role.CONTACT_POINT, List.of(), KeyKind.EC_P256, Duration.ofDays(3650), false, false));
        KeyMaterial rsa = root.issue(new IssueRequest("seed node", Role.NODE, List.of(), KeyKind.RSA_3072, Duration.ofDays(3650), false, false));
        DevTsa tsa = new DevTsa(root.issueTimeStamping("seed TSA", KeyKind.EC_P256, Duration.ofDays(3650)), Clock.systemUTC());
        CmsProfile p = new CmsProfile(Clock.systemUTC());
        byte[] content = "{\"seed\":\"fuzz\"}".getBytes();

        Path cms = RESOURCES.resolve("CmsFuzzTestInputs");
        put(cms.resolve("verify/signed-ec"), p.sign(content, ec));
        put(cms.resolve("verify/signed-rsa-pss"), p.sign(content, rsa));
        put(cms.resolve("verify/signed-timestamped"), p.withTimeStamper(tsa).sign(content, ec));
        put(cms.resolve("verify/signed-attributes-application-tag"), CmsLazyParsingTest.signedAttributesTaggedApplication(p.sign(content, ec)));
        put(cms.resolve("open/sealed-ec"), p.seal(content, ec, List.of(ec.certificate())));
        put(cms.resolve("open/sealed-rsa"), p.seal(content, ec, List.of(rsa.certificate())));
        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        p.protect(new ByteArrayInputStream(content), streamed, ec, List.of(ec.certificate(), rsa.certificate()));
        put(cms.resolve("openStream/protected-two-recipients"), streamed.toByteArray());

        Path ts = RESOURCES.resolve("TrustServicesFuzzTestInputs");
        byte[] request = TrustServicesFuzzTest.fixedRequest().getEncoded();
        put(ts.resolve("timeStampRequest/request"), request);
        put(ts.resolve("timeStampResponse/granted"), tsa.respond(request));
        CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().setProvider(BouncyCastle.provider()).build()
                .get(CertificateID.HASH_SHA1), new JcaX509CertificateHolder(root.certificate()), ec.certificate().getSerialNumber());
        byte[] ocspRequest = new OCSPReqBuilder().addRequest(id).build().getEncoded();
        put(ts.resolve("ocspRequest/request"), ocspRequest);
        put(ts.resolve("ocspResponse/good"), root.ocspResponder(Duration.ofHours(1)).respond(ocspRequest));
    }

    private static void put(Path file, byte[] bytes) throws Exception {
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }
}
