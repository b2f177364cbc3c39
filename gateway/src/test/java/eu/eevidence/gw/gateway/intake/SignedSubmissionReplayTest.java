package eu.eevidence.gw.gateway.intake;

import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.routing.Platform;
import eu.eevidence.gw.gateway.routing.PlatformRoutes;
import eu.eevidence.gw.gateway.infra.Database;
import eu.eevidence.gw.gateway.order.PayloadFormat;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.pki.Certificates;
import eu.eevidence.gw.pki.CmsProfile;
import eu.eevidence.gw.pki.DevPki;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.pki.TrustAnchors;
import eu.eevidence.gw.schema.codec.JsonCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ADR-0021: a signed submission must be signed by the TLS client (or a configured delegate) and is accepted once,
 * within its signing-time window; refusals store nothing. A real in-memory database, a test clock.
 */
class SignedSubmissionReplayTest {

    private static final AtomicInteger DB = new AtomicInteger();
    private static KeyMaterial contactPoint;
    private static KeyMaterial otherContactPoint;
    private static TrustAnchors trust;
    private static byte[] sample;
    private static Platform platform;

    private final eu.eevidence.gw.testkit.MutableClock clock = new eu.eevidence.gw.testkit.MutableClock(Instant.now());
    private Database db;
    private RequestRepository repo;

    @BeforeAll
    static void pki(@TempDir Path dir) throws Exception {
        DevPki pki = DevPki.loadOrCreate(dir, Clock.systemUTC());
        trust = TrustAnchors.of(List.of(pki.rootCertificate()));
        contactPoint = pki.issue(new IssueRequest("cp", Role.CONTACT_POINT, List.of(), KeyKind.EC_P256, Duration.ofDays(5), false, true));
        otherContactPoint = pki.issue(new IssueRequest("cp2", Role.CONTACT_POINT, List.of(), KeyKind.EC_P256, Duration.ofDays(5), false, true));
        platform = new Platform("demo-platform", "json-portal", URI.create("https://127.0.0.1:1/"),
                pki.issue(new IssueRequest("p", Role.PLATFORM, List.of(), KeyKind.EC_P256, Duration.ofDays(5), true, false)).certificate(), null);
        try (InputStream in = SignedSubmissionReplayTest.class.getResourceAsStream("/demo/art29-preservation.json")) {
            sample = in.readAllBytes();
        }
    }

    @BeforeEach
    void database() {
        db = Database.open("jdbc:h2:mem:signed" + DB.incrementAndGet() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1", "sa", "");
        repo = new RequestRepository(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private IntakeService intake(SignedSubmissionPolicy policy, DeliveryQueue queue) {
        CmsProfile verifying = new CmsProfile(Clock.systemUTC());
        return new IntakeService(new JsonCodec(), repo, new PlatformRoutes(List.of(platform)), (content, recipient) -> ("sealed:" + content.length).getBytes(),
                queue, clock, eu.eevidence.gw.gateway.custody.CustodyRecorder.NONE,
                new IntakeService.Options(null, null, signed -> verifying.verify(signed, trust), policy));
    }

    private IntakeService intake() {
        return intake(SignedSubmissionPolicy.defaults(), (p, id) -> { });
    }

    private static eu.eevidence.gw.gateway.access.ClientIdentity client(KeyMaterial k) {
        return new ClientIdentity(Certificates.sha256Fingerprint(k.certificate()), k.certificate().getSubjectX500Principal().getName(),
                Set.of(Role.CONTACT_POINT));
    }

    private static byte[] signed(KeyMaterial k) throws Exception {
        return new CmsProfile(Clock.systemUTC()).sign(sample, k);
    }

    private int count(String table) throws Exception {
        return db.read(c -> {
            try (var rs = c.connection().createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    private static void assertRefused(IntakeResult r, int status, String code) {
        assertThat(r).isInstanceOfSatisfying(IntakeResult.Refused.class, x -> {
            assertThat(x.status()).isEqualTo(status);
            assertThat(x.code()).isEqualTo(code);
        });
    }

    @Test
    void aRequestSignedByAnotherContactPointThanTheTlsClientIsRefusedAndNothingStored() throws Exception {
        IntakeResult r = intake().submit(client(contactPoint), signed(otherContactPoint), "k-mismatch", PayloadFormat.SIGNED_CMS);
        assertRefused(r, 403, "EEG-TRUST-SIGNER-MISMATCH");
        assertThat(count("request")).isZero();
        assertThat(count("signed_submission")).isZero();
    }

    @Test
    void aSignedRequestReplayedUnderANewKeyIsRefusedWhileTheSameKeyIsTheIdempotentReplay() throws Exception {
        IntakeService intake = intake();
        byte[] cms = signed(contactPoint);
        assertThat(intake.submit(client(contactPoint), cms, "k-1", PayloadFormat.SIGNED_CMS)).isInstanceOf(IntakeResult.Created.class);
        assertRefused(intake.submit(client(contactPoint), cms, "k-2", PayloadFormat.SIGNED_CMS), 409, "EEG-PKI-014");
        assertThat(intake.submit(client(contactPoint), cms, "k-1", PayloadFormat.SIGNED_CMS)).isInstanceOf(IntakeResult.Replayed.class);
        assertThat(count("request")).isEqualTo(1);
        assertThat(count("signed_submission")).isEqualTo(1);
        // the same content signed anew is a new message
        assertThat(intake.submit(client(contactPoint), signed(contactPoint), "k-3", PayloadFormat.SIGNED_CMS))
                .isInstanceOf(IntakeResult.Created.class);
    }

    @Test
    void aSignatureOlderThanTheWindowIsRefusedButTheIdempotentReplayStillAnswers() throws Exception {
        IntakeService intake = intake();
        byte[] accepted = signed(contactPoint);
        byte[] old = signed(contactPoint);
        assertThat(intake.submit(client(contactPoint), accepted, "k-old-1", PayloadFormat.SIGNED_CMS)).isInstanceOf(IntakeResult.Created.class);
        clock.advance(Duration.ofHours(25));
        assertRefused(intake.submit(client(contactPoint), old, "k-old-2", PayloadFormat.SIGNED_CMS), 409, "EEG-PKI-014");
        assertThat(intake.submit(client(contactPoint), accepted, "k-old-1", PayloadFormat.SIGNED_CMS)).isInstanceOf(IntakeResult.Replayed.class);
        assertThat(count("request")).isEqualTo(1);
    }

    @Test
    void aConfiguredDelegationLetsAClientSubmitForAnotherSigner() throws Exception {
        String tls = Certificates.sha256Fingerprint(contactPoint.certificate());
        String signer = Certificates.sha256Fingerprint(otherContactPoint.certificate());
        SignedSubmissionPolicy delegated = new SignedSubmissionPolicy(Duration.ofHours(24), Duration.ofMinutes(5),
                (c, s) -> c.equals(s) || Map.of(tls, Set.of(signer)).getOrDefault(c, Set.of()).contains(s));
        assertThat(intake(delegated, (p, id) -> { }).submit(client(contactPoint), signed(otherContactPoint), "k-delegated",
                PayloadFormat.SIGNED_CMS)).isInstanceOf(IntakeResult.Created.class);
        // the delegation is one way
        assertRefused(intake(delegated, (p, id) -> { }).submit(client(otherContactPoint), signed(contactPoint), "k-reverse",
                PayloadFormat.SIGNED_CMS), 403, "EEG-TRUST-SIGNER-MISMATCH");
    }

    @Test
    void aRequestRemovedBecauseTheBrokerFailedCanBeRetriedWithTheSameKey() throws Exception {
        byte[] cms = signed(contactPoint);
        IntakeResult failed = intake(SignedSubmissionPolicy.defaults(), (p, id) -> {
            throw new IllegalStateException("broker down");
        }).submit(client(contactPoint), cms, "k-broker", PayloadFormat.SIGNED_CMS);
        assertThat(failed).isInstanceOf(IntakeResult.Unavailable.class);
        assertThat(count("signed_submission")).isZero();
        assertThat(intake().submit(client(contactPoint), cms, "k-broker", PayloadFormat.SIGNED_CMS)).isInstanceOf(IntakeResult.Created.class);
    }

    @Test
    void theWindowRefusesTheFutureToo() {
        SignedSubmissionPolicy p = SignedSubmissionPolicy.defaults();
        Instant now = Instant.parse("2026-03-01T10:00:00Z");
        assertThat(p.window(now.plus(Duration.ofMinutes(6)), now)).hasValueSatisfying(r -> assertThat(r.code()).isEqualTo("EEG-PKI-014"));
        assertThat(p.window(now.minus(Duration.ofHours(24)).minusSeconds(1), now)).isPresent();
        assertThat(p.window(now.plus(Duration.ofMinutes(4)), now)).isEmpty();
        assertThat(p.window(now.minus(Duration.ofHours(23)), now)).isEmpty();
    }
}
