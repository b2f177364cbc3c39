package eu.eevidence.gw.gateway.bundle;

import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.simplereport.SimpleReport;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;
import eu.europa.esig.dss.spi.x509.revocation.crl.ExternalResourcesCRLSource;
import eu.europa.esig.dss.validation.SignedDocumentValidator;
import eu.europa.esig.dss.validation.reports.Reports;
import eu.eevidence.gw.pki.CmsProfile;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.ca.DevTsa;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Independent validation (issue 19 item 5): the EU's DSS library validates the node's CAdES signatures, the request seal
 * (the SignedData inside the sealed request, as its addressee opens it) and the court bundle's detached manifest signature,
 * against the development CA as the only trust anchor and its CRL as the only revocation data (nothing fetched online).
 * Expected: TOTAL_PASSED at CAdES baseline B, and baseline T when the node time-stamps its signatures.
 */
class DssValidationTest {

    @TempDir
    Path dir;

    private static Reports validate(BundleFixture fx, byte[] signature, byte[] detached) throws Exception {
        return validate(fx, signature, detached, true);
    }

    private static Reports validate(BundleFixture fx, byte[] signature, byte[] detached, boolean withCrl) throws Exception {
        CommonCertificateVerifier cv = new CommonCertificateVerifier();
        CommonTrustedCertificateSource trusted = new CommonTrustedCertificateSource();
        trusted.addCertificate(new CertificateToken(fx.pki.rootCertificate()));
        cv.setTrustedCertSources(trusted);
        cv.setAIASource(null);
        cv.setOcspSource(null);
        if (withCrl) {
            byte[] crl = fx.pki.certificateAuthority().publishCrl(Duration.ofDays(1)).getEncoded();
            cv.setCrlSource(new ExternalResourcesCRLSource(new InMemoryDocument(crl)));
        } else {
            cv.setCrlSource(null);
        }
        SignedDocumentValidator v = SignedDocumentValidator.fromDocument(new InMemoryDocument(signature));
        v.setCertificateVerifier(cv);
        if (detached != null) {
            v.setDetachedContents(List.<DSSDocument>of(new InMemoryDocument(detached)));
        }
        return v.validateDocument();
    }

    private static void assertPassed(Reports reports, SignatureLevel level) {
        SimpleReport r = reports.getSimpleReport();
        String id = r.getFirstSignatureId();
        assertThat(r.getSignaturesCount()).isEqualTo(1);
        assertThat(r.getIndication(id)).as(r.getSubIndication(id) + " " + r.getAdESValidationErrors(id) + " " + r.getAdESValidationWarnings(id))
                .isEqualTo(Indication.TOTAL_PASSED);
        assertThat(r.getSignatureFormat(id)).isEqualTo(level);
    }

    private static Map<String, byte[]> entries(byte[] zip) throws Exception {
        Map<String, byte[]> m = new java.util.LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                m.put(e.getName(), in.readAllBytes());
            }
        }
        return m;
    }

    @Test
    void aChangedManifestIsNotPassedByDssEither() throws Exception {
        BundleFixture fx = new BundleFixture(dir);
        try {
            Map<String, byte[]> files = entries(fx.bundle());
            byte[] manifest = files.get(CourtBundle.MANIFEST).clone();
            manifest[manifest.length / 2] ^= 0x01;
            SimpleReport r = validate(fx, files.get(CourtBundle.SIGNATURE), manifest).getSimpleReport();
            assertThat(r.getIndication(r.getFirstSignatureId())).isNotEqualTo(Indication.TOTAL_PASSED);
        } finally {
            fx.log.close();
        }
    }

    /** Where DSS and the node differ (court-bundle.md): without revocation data DSS cannot conclude; the node checks offline. */
    @Test
    void withoutRevocationDataDssIsIndeterminateWhereTheNodesOfflineCheckPasses() throws Exception {
        BundleFixture fx = new BundleFixture(dir);
        try {
            byte[] bundle = fx.bundle();
            Map<String, byte[]> files = entries(bundle);
            SimpleReport r = validate(fx, files.get(CourtBundle.SIGNATURE), files.get(CourtBundle.MANIFEST), false).getSimpleReport();
            assertThat(r.getIndication(r.getFirstSignatureId())).as(String.valueOf(r.getSubIndication(r.getFirstSignatureId())))
                    .isEqualTo(Indication.INDETERMINATE);
            assertThat(fx.verifier().verify(fx.write(dir, "b.zip", bundle)).valid()).isTrue();
        } finally {
            fx.log.close();
        }
    }

    @Test
    void theRequestSealAndTheBundleSignatureAreTotalPassedAtBaselineB() throws Exception {
        BundleFixture fx = new BundleFixture(dir);
        try {
            byte[] signedData = fx.cms.unwrapSignedData(fx.sealed, fx.platform);
            assertPassed(validate(fx, signedData, null), SignatureLevel.CAdES_BASELINE_B);
            Map<String, byte[]> files = entries(fx.bundle());
            assertPassed(validate(fx, files.get(CourtBundle.SIGNATURE), files.get(CourtBundle.MANIFEST)), SignatureLevel.CAdES_BASELINE_B);
        } finally {
            fx.log.close();
        }
    }

    @Test
    void withTheNodesTimeStampsTheyAreTotalPassedAtBaselineT() throws Exception {
        BundleFixture plain = new BundleFixture(dir.resolve("ca"));
        plain.log.close();
        DevTsa tsa = new DevTsa(plain.pki.certificateAuthority().issueTimeStamping("Node TSA", KeyKind.EC_P256, Duration.ofDays(10)),
                Clock.systemUTC());
        BundleFixture fx = new BundleFixture(dir.resolve("ca"), new CmsProfile(Clock.systemUTC()).withTimeStamper(tsa));
        try {
            byte[] signedData = fx.cms.unwrapSignedData(fx.sealed, fx.platform);
            assertPassed(validate(fx, signedData, null), SignatureLevel.CAdES_BASELINE_T);
            Map<String, byte[]> files = entries(fx.bundle());
            assertPassed(validate(fx, files.get(CourtBundle.SIGNATURE), files.get(CourtBundle.MANIFEST)), SignatureLevel.CAdES_BASELINE_T);
            assertThat(BundleVerifier.level(files.get(CourtBundle.SIGNATURE))).contains("B-T");
        } finally {
            fx.log.close();
        }
    }
}
