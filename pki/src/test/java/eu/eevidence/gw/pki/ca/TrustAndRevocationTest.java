package eu.eevidence.gw.pki.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import eu.eevidence.gw.pki.CmsProfile;
import eu.eevidence.gw.pki.InMemoryReplayGuard;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.OcspClient;
import eu.eevidence.gw.pki.PkiError;
import eu.eevidence.gw.pki.PkiException;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.pki.SignerValidator;
import eu.eevidence.gw.pki.TrustStore;

/** Root and node CAs, role certificates, revocation by CRL and OCSP, reloading, roles, replay. */
class TrustAndRevocationTest {

    @TempDir
    static Path dir;

    static final char[] PW = "test-password".toCharArray();
    static CertificateAuthority root;
    static CertificateAuthority node;
    static KeyMaterial recipient;
    static final byte[] CONTENT = "emergency disclosure request 7".getBytes();

    @BeforeAll
    static void setUp() throws Exception {
        root = CertificateAuthority.initRoot(dir.resolve("root"), "EEG Test Root", KeyKind.EC_P256, Duration.ofDays(3650), PW,
                null, null, Clock.systemUTC());
        node = root.issueIntermediate(dir.resolve("node-at"), "EEG Node AT CA", KeyKind.EC_P256, Duration.ofDays(1000), PW,
                "http://node-at.example/crl.pem", "http://node-at.example/ocsp");
        recipient = node.issue(req("gateway-at", Role.NODE, KeyKind.EC_P256));
        root.publishCrl(Duration.ofDays(7));
        node.publishCrl(Duration.ofDays(7));
    }

    static IssueRequest req(String cn, Role role, KeyKind kind) {
        return new IssueRequest(cn, role, List.of(), kind, Duration.ofDays(90), false, false);
    }

    static PkiError errorOf(ThrowingCallable c) {
        Throwable t = catchThrowable(c);
        assertThat(t).as("expected a PkiException").isInstanceOf(PkiException.class);
        return ((PkiException) t).error();
    }

    static TrustStore crlTrust(boolean require) throws PkiException {
        return TrustStore.load(Clock.systemUTC(), List.of(root.directory().resolve("ca.pem")),
                List.of(root.directory().resolve("crl.pem"), node.directory().resolve("crl.pem")), null, require);
    }

    static OcspClient inProcess(CertificateAuthority... cas) {
        return (request, cert, issuer) -> {
            for (CertificateAuthority ca : cas) {
                if (ca.certificate().equals(issuer)) {
                    return ca.ocspResponder(Duration.ofHours(1)).respond(request);
                }
            }
            throw new PkiException(PkiError.REVOCATION_UNKNOWN, "no responder");
        };
    }

    @Test
    void chainRolesAndDatabase() throws Exception {
        KeyMaterial cp = node.issue(req("contact-point-at", Role.CONTACT_POINT, KeyKind.RSA_3072));
        assertThat(cp.chain()).hasSize(3);
        assertThat(Role.of(cp.certificate())).containsExactly(Role.CONTACT_POINT);
        assertThat(node.find(cp.certificate().getSerialNumber())).isNotNull();
        assertThat(node.issued()).extracting(IssuedCertificate::role).contains("CONTACT_POINT", "NODE");
        CertificateAuthority reopened = CertificateAuthority.open(node.directory(), PW, Clock.systemUTC());
        assertThat(reopened.certificate()).isEqualTo(node.certificate());
        assertThat(reopened.chain()).isEqualTo(node.chain());
        assertThat(errorOf(() -> CertificateAuthority.open(node.directory(), "wrong".toCharArray(), Clock.systemUTC())))
                .isEqualTo(PkiError.KEYSTORE_UNREADABLE);
        assertThat(errorOf(() -> CertificateAuthority.initRoot(root.directory(), "x", KeyKind.EC_P256, Duration.ofDays(1), PW,
                null, null, Clock.systemUTC()))).isEqualTo(PkiError.CA_DATABASE);
        assertThat(errorOf(() -> node.revoke(BigInteger.valueOf(12345), 1))).isEqualTo(PkiError.CA_DATABASE);

        root.publishCrl(Duration.ofDays(7));
        node.publishCrl(Duration.ofDays(7));
        TrustStore trust = crlTrust(true);
        CmsProfile p = new CmsProfile(Clock.systemUTC());
        byte[] sealed = p.seal(CONTENT, cp, List.of(recipient.certificate()));
        assertThat(p.open(sealed, recipient, trust).signerRoles()).containsExactly(Role.CONTACT_POINT);
        // role check: a contact point may not act as a judicial authority
        assertThat(errorOf(() -> p.open(sealed, recipient, trust.requiringRole(Role.JUDICIAL_AUTHORITY))))
                .isEqualTo(PkiError.ROLE_MISMATCH);
        assertThat(p.open(sealed, recipient, trust.requiringRole(Role.CONTACT_POINT, Role.NODE)).content()).isEqualTo(CONTENT);
    }

    @Test
    void revokedByCrlAndReloadWithoutRestart() throws Exception {
        KeyMaterial signer = node.issue(req("judge-at", Role.JUDICIAL_AUTHORITY, KeyKind.EC_P256));
        root.publishCrl(Duration.ofDays(7));
        node.publishCrl(Duration.ofDays(7));
        TrustStore trust = crlTrust(true);
        CmsProfile p = new CmsProfile(Clock.systemUTC());
        byte[] sealed = p.seal(CONTENT, signer, List.of(recipient.certificate()));
        assertThat(p.open(sealed, recipient, trust).content()).isEqualTo(CONTENT);

        node.revoke(signer.certificate().getSerialNumber(), 1); // keyCompromise
        X509CRL crl = node.publishCrl(Duration.ofDays(7));
        assertThat(crl.getRevokedCertificate(signer.certificate())).isNotNull();
        // the file changed: the same TrustStore picks it up without reload() or restart
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(errorOf(() -> p.openStream(new ByteArrayInputStream(sealed), out, recipient, trust))).isEqualTo(PkiError.REVOKED);
        assertThat(out.size()).isZero();
        assertThat(errorOf(() -> p.open(sealed, recipient, trust))).isEqualTo(PkiError.REVOKED);
    }

    @Test
    void supersededAfterSigningStaysValidForOldSignatures() throws Exception {
        KeyMaterial signer = node.issue(req("platform-x", Role.PLATFORM, KeyKind.EC_P256));
        CmsProfile early = new CmsProfile(Clock.fixed(Instant.now().minus(Duration.ofMinutes(3)), ZoneOffset.UTC));
        byte[] sealed = early.seal(CONTENT, signer, List.of(recipient.certificate()));
        node.revoke(signer.certificate().getSerialNumber(), 4); // superseded, now: after the signing time
        node.publishCrl(Duration.ofDays(7));
        root.publishCrl(Duration.ofDays(7));
        CmsProfile p = new CmsProfile(Clock.systemUTC());
        assertThat(p.open(sealed, recipient, crlTrust(true)).content()).isEqualTo(CONTENT);
        byte[] fresh = p.seal(CONTENT, signer, List.of(recipient.certificate()));
        assertThat(errorOf(() -> p.open(fresh, recipient, crlTrust(true)))).isEqualTo(PkiError.REVOKED);
    }

    @Test
    void revokedIntermediateRevokesItsLeaves() throws Exception {
        CertificateAuthority rogue = root.issueIntermediate(dir.resolve("node-rogue"), "Rogue node CA", KeyKind.EC_P256,
                Duration.ofDays(100), PW, null, null);
        KeyMaterial signer = rogue.issue(req("fake-police", Role.JUDICIAL_AUTHORITY, KeyKind.EC_P256));
        rogue.publishCrl(Duration.ofDays(7));
        root.revoke(rogue.certificate().getSerialNumber(), 2); // cACompromise
        root.publishCrl(Duration.ofDays(7));
        TrustStore trust = TrustStore.load(Clock.systemUTC(), List.of(root.directory().resolve("ca.pem")),
                List.of(root.directory().resolve("crl.pem"), rogue.directory().resolve("crl.pem")), null, true);
        CmsProfile p = new CmsProfile(Clock.systemUTC());
        byte[] sealed = p.seal(CONTENT, signer, List.of(recipient.certificate()));
        assertThat(errorOf(() -> p.open(sealed, recipient, trust))).isEqualTo(PkiError.REVOKED);
    }

    @Test
    void missingOrStaleRevocationInformation() throws Exception {
        KeyMaterial signer = node.issue(req("auditor", Role.AUDITOR, KeyKind.EC_P256));
        Path crlDir = Files.createDirectories(dir.resolve("crls-empty"));
        CmsProfile p = new CmsProfile(Clock.systemUTC());
        byte[] sealed = p.seal(CONTENT, signer, List.of(recipient.certificate()));
        TrustStore strict = TrustStore.load(Clock.systemUTC(), List.of(root.directory().resolve("ca.pem")), List.of(crlDir), null, true);
        assertThat(errorOf(() -> p.open(sealed, recipient, strict))).isEqualTo(PkiError.REVOCATION_UNKNOWN);
        TrustStore lenient = TrustStore.load(Clock.systemUTC(), List.of(root.directory().resolve("ca.pem")), List.of(crlDir), null, false);
        assertThat(p.open(sealed, recipient, lenient).content()).isEqualTo(CONTENT);
        // a CRL that expired is not current: unknown again
        root.publishCrl(Duration.ofDays(1));
        node.publishCrl(Duration.ofDays(1));
        Files.copy(root.directory().resolve("crl.pem"), crlDir.resolve("root.pem"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(node.directory().resolve("crl.pem"), crlDir.resolve("node.pem"), StandardCopyOption.REPLACE_EXISTING);
        assertThat(p.open(sealed, recipient, strict).content()).isEqualTo(CONTENT); // picked up from the directory
        TrustStore later = TrustStore.load(Clock.fixed(Instant.now().plus(Duration.ofDays(3)), ZoneOffset.UTC),
                List.of(root.directory().resolve("ca.pem")), List.of(crlDir), null, true);
        assertThat(errorOf(() -> later.validate(signer.certificate(), signer.chain(), Instant.now())))
                .isEqualTo(PkiError.REVOCATION_UNKNOWN);
        // a CRL signed by another CA with the same name does not count
        CertificateAuthority twin = CertificateAuthority.initRoot(dir.resolve("twin"), "EEG Test Root", KeyKind.EC_P256,
                Duration.ofDays(10), PW, null, null, Clock.systemUTC());
        twin.publishCrl(Duration.ofDays(7));
        TrustStore forged = TrustStore.load(Clock.systemUTC(), List.of(root.directory().resolve("ca.pem")),
                List.of(twin.directory().resolve("crl.pem")), null, true);
        assertThat(errorOf(() -> forged.validate(signer.certificate(), signer.chain(), Instant.now())))
                .isEqualTo(PkiError.REVOCATION_UNKNOWN);
    }

    @Test
    void ocspGoodRevokedUnknownAndForged() throws Exception {
        KeyMaterial signer = node.issue(req("contact-ocsp", Role.CONTACT_POINT, KeyKind.EC_P256));
        AtomicInteger calls = new AtomicInteger();
        OcspClient client = inProcess(root, node);
        OcspClient counting = (r, c, i) -> {
            calls.incrementAndGet();
            return client.query(r, c, i);
        };
        Path noCrls = Files.createDirectories(dir.resolve("no-crls"));
        TrustStore trust = TrustStore.load(Clock.systemUTC(), List.of(root.directory().resolve("ca.pem")), List.of(noCrls),
                counting, true);
        CmsProfile p = new CmsProfile(Clock.systemUTC());
        byte[] sealed = p.seal(CONTENT, signer, List.of(recipient.certificate()));
        assertThat(p.open(sealed, recipient, trust).content()).isEqualTo(CONTENT);
        assertThat(calls.get()).isEqualTo(2); // leaf at the node CA, node CA at the root

        node.revoke(signer.certificate().getSerialNumber(), 1);
        assertThat(errorOf(() -> p.open(sealed, recipient, trust))).isEqualTo(PkiError.REVOKED);

        // a responder of another CA signing "good" is not believed
        CertificateAuthority evil = CertificateAuthority.initRoot(dir.resolve("evil"), "Evil", KeyKind.EC_P256,
                Duration.ofDays(10), PW, null, null, Clock.systemUTC());
        OcspClient forged = (r, c, i) -> evil.ocspResponder(Duration.ofHours(1)).respond(r);
        TrustStore fooled = TrustStore.load(Clock.systemUTC(), List.of(root.directory().resolve("ca.pem")), List.of(noCrls),
                forged, true);
        KeyMaterial other = node.issue(req("contact-2", Role.CONTACT_POINT, KeyKind.EC_P256));
        assertThat(errorOf(() -> fooled.validate(other.certificate(), other.chain(), Instant.now())))
                .isEqualTo(PkiError.REVOCATION_UNKNOWN);
        // garbage from the responder
        TrustStore garbage = TrustStore.load(Clock.systemUTC(), List.of(root.directory().resolve("ca.pem")), List.of(noCrls),
                (r, c, i) -> new byte[] {1, 2, 3}, true);
        assertThat(errorOf(() -> garbage.validate(other.certificate(), other.chain(), Instant.now())))
                .isEqualTo(PkiError.REVOCATION_UNKNOWN);
    }

    @Test
    void ocspResponderIsAPureFunctionThatNeverThrows() throws Exception {
        OcspResponder r = node.ocspResponder(Duration.ofMinutes(10));
        for (byte[] bad : List.of(new byte[0], new byte[] {0x30, 0x00}, new byte[] {0x30, (byte) 0x84, 1, 2}, new byte[70_000])) {
            assertThat(new OCSPResp(r.respond(bad)).getStatus()).isEqualTo(OCSPResp.MALFORMED_REQUEST);
        }
        assertThat(new OCSPResp(r.respond(null)).getStatus()).isEqualTo(OCSPResp.MALFORMED_REQUEST);
    }

    @Test
    void expiredAndNotYetValidSigners() throws Exception {
        root.publishCrl(Duration.ofDays(7));
        node.publishCrl(Duration.ofDays(7));
        TrustStore trust = crlTrust(false);
        KeyMaterial shortLived = node.issue(new IssueRequest("short", Role.CONTACT_POINT, List.of(), KeyKind.EC_P256,
                Duration.ofDays(1), false, false));
        Instant later = Instant.now().plus(Duration.ofDays(3));
        CmsProfile future = new CmsProfile(Clock.fixed(later, ZoneOffset.UTC));
        byte[] expired = future.seal(CONTENT, shortLived, List.of(recipient.certificate()));
        assertThat(errorOf(() -> future.open(expired, recipient, trust))).isEqualTo(PkiError.SIGNER_EXPIRED);
        CmsProfile past = new CmsProfile(Clock.fixed(Instant.now().minus(Duration.ofDays(2)), ZoneOffset.UTC));
        byte[] notYet = past.seal(CONTENT, shortLived, List.of(recipient.certificate()));
        assertThat(errorOf(() -> new CmsProfile(Clock.systemUTC()).open(notYet, recipient, trust)))
                .isEqualTo(PkiError.SIGNER_EXPIRED);
    }

    @Test
    void replayOfAnOldMessageIsRejected() throws Exception {
        Clock past = Clock.fixed(Instant.now().minus(Duration.ofDays(2)), ZoneOffset.UTC);
        CertificateAuthority oldRoot = CertificateAuthority.initRoot(dir.resolve("old-root"), "Old root", KeyKind.EC_P256,
                Duration.ofDays(100), PW, null, null, past);
        KeyMaterial signer = oldRoot.issue(req("cp-replay", Role.CONTACT_POINT, KeyKind.EC_P256));
        SignerValidator trust = TrustStore.load(Clock.systemUTC(), List.of(oldRoot.directory().resolve("ca.pem")), List.of(),
                null, false);
        CmsProfile twoDaysAgo = new CmsProfile(past);
        byte[] old = twoDaysAgo.seal(CONTENT, signer, List.of(recipient.certificate()));
        InMemoryReplayGuard guard = new InMemoryReplayGuard(Clock.systemUTC(), Duration.ofDays(1), Duration.ofMinutes(5));
        CmsProfile p = new CmsProfile(Clock.systemUTC()).withReplayGuard(guard);
        assertThat(errorOf(() -> p.open(old, recipient, trust))).isEqualTo(PkiError.REPLAY);
        byte[] fresh = p.seal(CONTENT, signer, List.of(recipient.certificate()));
        assertThat(p.open(fresh, recipient, trust).content()).isEqualTo(CONTENT);
        assertThat(errorOf(() -> p.open(fresh, recipient, trust))).isEqualTo(PkiError.REPLAY);
        assertThat(guard.size()).isEqualTo(1);
        assertThat(errorOf(() -> guard.checkAndRecord("id", Instant.now().plus(Duration.ofHours(1))))).isEqualTo(PkiError.REPLAY);
    }
}
