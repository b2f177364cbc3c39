package eu.eevidence.gw.gateway.intake;

import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.routing.Platform;
import eu.eevidence.gw.gateway.order.Digests;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestState;
import eu.eevidence.gw.pki.DevPki;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.schema.Envelope;
import eu.eevidence.gw.schema.EvidenceRequest;
import eu.eevidence.gw.schema.catalogue.MessageCatalogue;
import eu.eevidence.gw.schema.codec.DecodeResult;
import eu.eevidence.gw.schema.codec.Decoded;
import eu.eevidence.gw.schema.codec.JsonCodec;
import eu.eevidence.gw.schema.validation.Violation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The intake policy alone: every decision, from plain values (no database, no broker). */
class IntakePolicyTest {

    private static final Instant NOW = Instant.parse("2026-11-24T02:00:00Z");
    private static final ClientIdentity CLIENT = new ClientIdentity("ab".repeat(32), "CN=cp", Set.of(Role.CONTACT_POINT));
    private static final IntakePolicy POLICY = new IntakePolicy(SignedSubmissionPolicy.defaults());
    private static final IntakePolicy.Stored NOTHING = new IntakePolicy.Stored(Optional.empty(), false, List.of());

    private static Platform platform;
    private static EvidenceRequest request;       // names demo-platform, has a clientRequestId
    private static Envelope enveloped;           // the same kind of request in a catalogue envelope
    private static EvidenceRequest stateAddressed; // names no platform

    @BeforeAll
    static void fixtures(@TempDir Path dir) throws Exception {
        DevPki pki = DevPki.loadOrCreate(dir, Clock.systemUTC());
        platform = new Platform("demo-platform", "json-portal", URI.create("https://127.0.0.1:1/"),
                pki.issue(new IssueRequest("p", Role.PLATFORM, List.of(), KeyKind.EC_P256, Duration.ofDays(1), true, false)).certificate(), null);
        request = ((DecodeResult.Valid) new JsonCodec().decodeRequest(read("/demo/art29-preservation.json"))).request();
        MessageCatalogue catalogue = new MessageCatalogue();
        enveloped = ((Decoded.Valid) catalogue.decodeJson(read("/cases/BUDAPEST_ART29_PRESERVATION.json"))).envelope();
        stateAddressed = (EvidenceRequest) ((Decoded.Valid) catalogue.decodeJson(read("/cases/BUDAPEST_ART35_ASSISTANCE.json"))).envelope().body();
    }

    private static byte[] read(String resource) throws Exception {
        try (InputStream in = IntakePolicyTest.class.getResourceAsStream(resource)) {
            return in.readAllBytes();
        }
    }

    private static DecodedSubmission.Message plain(EvidenceRequest r) {
        return new DecodedSubmission.Message(r, null, "body".getBytes());
    }

    private static DecodedSubmission.Message signed(String signerFingerprint, Instant signingTime) {
        return new DecodedSubmission.Message(request, null, "body".getBytes(), "cms".getBytes(),
                new DecodedSubmission.Signer(signerFingerprint, "CN=signer", signingTime, "sig-1"));
    }

    private static IntakePolicy.Admissible admissible(DecodedSubmission.Message m) {
        IntakePolicy.Screening s = POLICY.screen(m, CLIENT, "key-1", Optional.of(platform), null);
        assertThat(s).isInstanceOf(IntakePolicy.Admissible.class);
        return (IntakePolicy.Admissible) s;
    }

    private static RequestRecord stored(String bodySha256) {
        return new RequestRecord("REQ-1", "BUDAPEST_ART29_PRESERVATION", "demo-platform", "IE", RequestState.ACCEPTED, CLIENT.fingerprint(),
                "key-1", bodySha256, "sealed", NOW, NOW, 0, null, null, null, null, null, null, null, 0);
    }

    private static void assertRefused(Object decision, IntakeDecision.Reason reason, String code) {
        assertThat(decision).isInstanceOf(IntakeDecision.Refuse.class);
        IntakeDecision.Refuse refuse = (IntakeDecision.Refuse) decision;
        assertThat(refuse.reason()).isEqualTo(reason);
        IntakeResult problem = refuse.problem();
        String actual = problem instanceof IntakeResult.Invalid invalid ? invalid.violations().get(0).code() : ((IntakeResult.Refused) problem).code();
        assertThat(actual).isEqualTo(code);
    }

    // ------------------------------------------------------------------ screen: refusals first

    @Test
    void refusesASignerThatIsNotTheClient() {
        assertRefused(POLICY.screen(signed("cd".repeat(32), NOW), CLIENT, "key-1", Optional.of(platform), null),
                IntakeDecision.Reason.SIGNER_MISMATCH, "EEG-TRUST-SIGNER-MISMATCH");
    }

    @Test
    void refusesAMissingOrMalformedIdempotencyKey() {
        EvidenceRequest withoutId = ((DecodeResult.Valid) new JsonCodec().decodeRequest(new String(new JsonCodec().canonical(request))
                .replace("\"clientRequestId\":\"FR-OCLCTIC-2026-0413\",", "").getBytes())).request();
        assertThat(withoutId.clientRequestId()).isNull();
        assertRefused(POLICY.screen(plain(withoutId), CLIENT, null, Optional.of(platform), null),
                IntakeDecision.Reason.IDEMPOTENCY_KEY, "EEG-REQ-IDEMPOTENCY-KEY");
        assertRefused(POLICY.screen(plain(request), CLIENT, "has space", Optional.of(platform), null),
                IntakeDecision.Reason.IDEMPOTENCY_KEY, "EEG-REQ-IDEMPOTENCY-KEY");
        assertRefused(POLICY.screen(plain(request), CLIENT, "k".repeat(201), Optional.of(platform), null),
                IntakeDecision.Reason.IDEMPOTENCY_KEY, "EEG-REQ-IDEMPOTENCY-KEY");
    }

    @Test
    void refusesAStateAddressedRequestWithoutAPeer() {
        assertThat(stateAddressed.platformId()).isNull();
        assertRefused(POLICY.screen(plain(stateAddressed), CLIENT, "key-1", Optional.empty(), null),
                IntakeDecision.Reason.NO_ROUTE, "EEG-REQ-NO-ROUTE");
    }

    @Test
    void refusesAnUnknownPlatform() {
        assertRefused(POLICY.screen(plain(request), CLIENT, "key-1", Optional.empty(), null),
                IntakeDecision.Reason.UNKNOWN_PLATFORM, "EEG-REQ-UNKNOWN-PLATFORM");
    }

    @Test
    void takesTheKeyFromTheHeaderThenTheClientRequestIdThenTheMessageId() {
        assertThat(admissible(plain(request)).key()).isEqualTo("key-1");
        IntakePolicy.Screening fromBody = POLICY.screen(plain(request), CLIENT, null, Optional.of(platform), null);
        assertThat(((IntakePolicy.Admissible) fromBody).key()).isEqualTo("FR-OCLCTIC-2026-0413");
        assertThat(((IntakePolicy.Admissible) fromBody).bodySha256()).isEqualTo(Digests.sha256("body".getBytes()));
    }

    // ------------------------------------------------------------------ decide

    @Test
    void aStoredRequestUnderTheKeyWithAnotherBodyConflicts() {
        RequestRecord other = stored("0".repeat(64));
        IntakeDecision d = POLICY.decide(admissible(plain(request)), new IntakePolicy.Stored(Optional.of(other), false, List.of()), NOW);
        assertThat(d).isEqualTo(new IntakeDecision.Conflict(other));
    }

    @Test
    void aStoredRequestUnderTheKeyWithTheSameBodyReplaysBeforeAnyOtherCheck() {
        IntakePolicy.Admissible a = admissible(signed(CLIENT.fingerprint(), NOW.minus(Duration.ofDays(30))));
        RequestRecord same = stored(a.bodySha256());
        IntakeDecision d = POLICY.decide(a, new IntakePolicy.Stored(Optional.of(same), true, List.of()), NOW);
        assertThat(d).isEqualTo(new IntakeDecision.Replay(same));
    }

    @Test
    void refusesASignatureOutsideTheWindow() {
        assertRefused(POLICY.decide(admissible(signed(CLIENT.fingerprint(), NOW.minus(Duration.ofHours(25)))), NOTHING, NOW),
                IntakeDecision.Reason.STALE_SIGNATURE, "EEG-PKI-014");
        assertRefused(POLICY.decide(admissible(signed(CLIENT.fingerprint(), NOW.plus(Duration.ofMinutes(6)))), NOTHING, NOW),
                IntakeDecision.Reason.STALE_SIGNATURE, "EEG-PKI-014");
    }

    @Test
    void refusesASignatureAlreadyAcceptedUnderAnotherKey() {
        assertRefused(POLICY.decide(admissible(signed(CLIENT.fingerprint(), NOW)), new IntakePolicy.Stored(Optional.empty(), true, List.of()), NOW),
                IntakeDecision.Reason.SIGNATURE_REPLAY, "EEG-PKI-014");
    }

    @Test
    void refusesAnEnvelopeThatDoesNotFitTheStoredCorrelations() {
        DecodedSubmission.Message m = new DecodedSubmission.Message((EvidenceRequest) enveloped.body(), enveloped, "env".getBytes());
        List<Violation> duplicate = List.of(new Violation("$.messageId", "EEG-VAL-DUPLICATE-MESSAGE-ID", "seen"));
        assertRefused(POLICY.decide(admissible(m), new IntakePolicy.Stored(Optional.empty(), false, duplicate), NOW),
                IntakeDecision.Reason.CORRELATION, "EEG-VAL-DUPLICATE-MESSAGE-ID");
    }

    @Test
    void acceptsWhatPassesEveryCheckForTheScreenedPlatform() {
        IntakePolicy.Admissible a = admissible(signed(CLIENT.fingerprint(), NOW.minus(Duration.ofHours(1))));
        IntakeDecision d = POLICY.decide(a, NOTHING, NOW);
        assertThat(d).isEqualTo(new IntakeDecision.Accept(a.message(), "key-1", a.bodySha256(), platform, null));
    }

    // ------------------------------------------------------------------ after a lost race

    @Test
    void aLostRaceThatNoConstraintExplainsDecidesNothing() {
        assertThat(POLICY.afterLostRace(admissible(plain(request)), Optional.empty(), false, false)).isEmpty();
        // a seen signature or a taken message id only count for a signed or an enveloped submission
        assertThat(POLICY.afterLostRace(admissible(plain(request)), Optional.empty(), true, true)).isEmpty();
    }

    @Test
    void aLostRaceIsAReplayAConflictASignatureReplayOrADuplicateMessageId() {
        IntakePolicy.Admissible a = admissible(plain(request));
        assertThat(POLICY.afterLostRace(a, Optional.of(stored(a.bodySha256())), false, false)).contains(new IntakeDecision.Replay(stored(a.bodySha256())));
        assertThat(POLICY.afterLostRace(a, Optional.of(stored("0".repeat(64))), false, false)).contains(new IntakeDecision.Conflict(stored("0".repeat(64))));
        assertRefused(POLICY.afterLostRace(admissible(signed(CLIENT.fingerprint(), NOW)), Optional.empty(), true, false).orElseThrow(),
                IntakeDecision.Reason.SIGNATURE_REPLAY, "EEG-PKI-014");
        DecodedSubmission.Message m = new DecodedSubmission.Message((EvidenceRequest) enveloped.body(), enveloped, "env".getBytes());
        assertRefused(POLICY.afterLostRace(admissible(m), Optional.empty(), false, true).orElseThrow(),
                IntakeDecision.Reason.CORRELATION, "EEG-VAL-DUPLICATE-MESSAGE-ID");
    }
}
