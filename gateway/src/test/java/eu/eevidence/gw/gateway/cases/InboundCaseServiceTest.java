package eu.eevidence.gw.gateway.cases;

import eu.eevidence.gw.gateway.custody.CustodyRecorder;
import eu.eevidence.gw.gateway.deadline.DeadlineCalculator;
import eu.eevidence.gw.gateway.deadline.DeadlineRules;
import eu.eevidence.gw.gateway.deadline.HolidayCalendar;
import eu.eevidence.gw.gateway.routing.PlatformRoutes;
import eu.eevidence.gw.gateway.infra.Database;
import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.routing.NodeIdentity;
import eu.eevidence.gw.gateway.routing.NodeRole;
import eu.eevidence.gw.gateway.routing.PeerSpec;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.pki.DevPki;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.schema.Envelope;
import eu.eevidence.gw.schema.EvidenceManifest;
import eu.eevidence.gw.schema.ExecutionReport;
import eu.eevidence.gw.schema.validation.Violation;
import eu.eevidence.gw.schema.EvidenceRequest;
import eu.eevidence.gw.schema.MessageType;
import eu.eevidence.gw.schema.Withdrawal;
import eu.eevidence.gw.schema.catalogue.MessageCatalogue;
import eu.eevidence.gw.schema.codec.Decoded;
import eu.eevidence.gw.testkit.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The case service without a running node: in-memory H2, a recording messenger, no intake (decisions other than ACCEPT). */
class InboundCaseServiceTest {

    private static final MessageCatalogue CATALOGUE = new MessageCatalogue();
    private static final ClientIdentity CP = new ClientIdentity("c".repeat(64), "CN=cp", Set.of(Role.CONTACT_POINT));

    @TempDir
    static Path dir;
    static Database db;
    static InboundCaseService cases;
    static PeerSpec fr;
    static PeerSpec de;
    static final List<String> SENT = new ArrayList<>();
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));

    @BeforeAll
    static void start() throws Exception {
        db = Database.open("jdbc:h2:mem:cases-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", "sa", "");
        cases = new InboundCaseService(new CaseRepository(db), new RequestRepository(db), null, null, new PlatformRoutes(List.of()),
                DeadlineRules.builtIn(), new DeadlineCalculator(HolidayCalendar.builtIn()), CustodyRecorder.NONE, CLOCK, "IE");
        DevPki pki = DevPki.loadOrCreate(dir.resolve("pki"), Clock.systemUTC());
        fr = peer(pki, "fr-247", "FR");
        de = peer(pki, "de-247", "DE");
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    private static PeerSpec peer(DevPki pki, String id, String country) throws Exception {
        return new PeerSpec(new NodeIdentity(id, country, NodeRole.CONTACT_POINT_24_7), URI.create("https://127.0.0.1:1/"),
                pki.issue(new IssueRequest("node " + id, Role.NODE, List.of(), KeyKind.EC_P256, Duration.ofDays(1), false, true)).certificate(), Set.of());
    }

    private static Envelope art29(String messageId) throws Exception {
        byte[] b = DomesticOrderTest.corpus("BUDAPEST_ART29_PRESERVATION");
        String json = new String(b, java.nio.charset.StandardCharsets.UTF_8).replace("msg-art29-0001", messageId);
        return ((Decoded.Valid) CATALOGUE.decodeJson(json.getBytes(java.nio.charset.StandardCharsets.UTF_8))).envelope();
    }

    private static String receive(PeerSpec from, Envelope e) throws Exception {
        byte[] bytes = CATALOGUE.encodeJson(e);
        return db.inTx(c -> cases.receivedRequest(c, from, e, (EvidenceRequest) e.body(), bytes, CLOCK.instant()));
    }

    private static boolean withdraw(PeerSpec from, String correlationId) throws Exception {
        Envelope original = art29("msg-x-00000001");
        Envelope w = new Envelope("msg-" + UUID.randomUUID(), correlationId, "1.0", original.sender(), original.receiver(),
                OffsetDateTime.ofInstant(CLOCK.instant(), ZoneOffset.UTC), new Withdrawal("not needed"));
        byte[] bytes = CATALOGUE.encodeJson(w);
        return db.inTx(c -> cases.receivedFollowUp(c, from, w, (Withdrawal) w.body(), bytes, CLOCK.instant()));
    }

    @Test
    void aPeerCanOnlyFollowUpItsOwnCasesAndTheSameMessageOpensOneCase() throws Exception {
        cases.usePeerMessenger((c, peer, id, env) -> "x");
        Envelope e = art29("msg-iso-0001");
        String id = receive(fr, e);
        assertThat(receive(fr, e)).isEqualTo(id);
        String other = receive(de, e);
        assertThat(other).as("another peer's message with the same id is another case").isNotEqualTo(id);
        assertThat(withdraw(de, "msg-unknown-0001")).isFalse();
        assertThat(withdraw(fr, "msg-iso-0001")).isTrue();
        assertThat(cases.repository().find(id).orElseThrow().state()).isEqualTo(CaseState.WITHDRAWN);
        assertThat(cases.repository().find(other).orElseThrow().state()).as("de's case untouched").isEqualTo(CaseState.RECEIVED);
    }

    @Test
    void reviewBoundsComeFromTheRulesData() {
        assertThat(cases.reviewRule(MessageType.BUDAPEST_ART29_PRESERVATION.name(), Set.of(), "FR")).get()
                .extracting(r -> r.id()).isEqualTo("BUDAPEST_ART29_DELIVERY_TARGET");
        assertThat(cases.reviewRule(MessageType.PROTOCOL_ART9_EMERGENCY_DISCLOSURE.name(), Set.of(), "FR")).get()
                .extracting(r -> r.id()).isEqualTo("PROTOCOL_ART9_EMERGENCY");
        assertThat(cases.reviewRule(MessageType.BUDAPEST_ART35_ASSISTANCE.name(), Set.of(), "FR")).isEmpty();
    }

    @Test
    void decisionsAreRefusedWithStableCodesAndChangeNothing() throws Exception {
        SENT.clear();
        cases.usePeerMessenger((c, peer, id, env) -> {
            SENT.add(id);
            return "outbox-" + id;
        });
        String id = receive(fr, art29("msg-dec-0001"));
        assertThatThrownBy(() -> cases.decide(CP, "CASE-01JDZZZZZZZZZZZZZZZZZZZZZZ", new Decision(Decision.Kind.CLARIFY, null, null, null, null, "?")))
                .isInstanceOfSatisfying(CaseException.class, e -> assertThat(e.code()).isEqualTo("EEG-CASE-NOT-FOUND"));
        assertThatThrownBy(() -> cases.decide(CP, id, new Decision(Decision.Kind.ACCEPT, "acme", null, null, null, null)))
                .isInstanceOfSatisfying(CaseException.class, e -> assertThat(e.code()).isEqualTo("EEG-CASE-UNKNOWN-PLATFORM"));
        assertThatThrownBy(() -> cases.decide(CP, id, new Decision(Decision.Kind.POSTPONE, null, null, "x", CLOCK.instant(), null)))
                .isInstanceOfSatisfying(CaseException.class, e -> assertThat(e.code()).isEqualTo("EEG-CASE-FIELD"));
        assertThat(cases.decide(CP, id, new Decision(Decision.Kind.REFUSE, null, "OVERLY_BROAD", "too broad", null, null)).state())
                .isEqualTo(CaseState.REFUSED);
        assertThatThrownBy(() -> cases.decide(CP, id, new Decision(Decision.Kind.POSTPONE, null, null, "x", CLOCK.instant().plusSeconds(60), null)))
                .isInstanceOfSatisfying(CaseException.class, e -> assertThat(e.code()).isEqualTo("EEG-CASE-ILLEGAL"));
        assertThat(SENT).hasSize(1);
        assertThat(cases.repository().events(id)).extracting(CaseEvent::event).containsExactly("RECEIVED", "REFUSED", "ANSWER_SENT");
    }

    private static Envelope corpusEnvelope(String type, String messageId) throws Exception {
        String json = new String(DomesticOrderTest.corpus(type), java.nio.charset.StandardCharsets.UTF_8)
                .replaceFirst("\"messageId\": \"[^\"]+\"", "\"messageId\": \"" + messageId + "\"");
        return ((Decoded.Valid) CATALOGUE.decodeJson(json.getBytes(java.nio.charset.StandardCharsets.UTF_8))).envelope();
    }

    @Test
    void anAnswerIsRefusedForTypesAProviderExecutesForMissingSummaryAndForBadItems() throws Exception {
        SENT.clear();
        cases.usePeerMessenger((c, peer, id, env) -> {
            SENT.add(id);
            return "outbox-" + id;
        });
        String preservation = receive(fr, art29("msg-ans-0001"));
        assertThatThrownBy(() -> cases.decide(CP, preservation, Decision.answer("we preserved it ourselves", null)))
                .isInstanceOfSatisfying(CaseException.class, e -> {
                    assertThat(e.code()).isEqualTo("EEG-CASE-NOT-ANSWERABLE");
                    assertThat(e.status()).isEqualTo(409);
                });
        String art35 = receive(fr, corpusEnvelope("BUDAPEST_ART35_ASSISTANCE", "msg-ans-0035"));
        assertThatThrownBy(() -> cases.decide(CP, art35, Decision.answer("  ", null)))
                .isInstanceOfSatisfying(CaseException.class, e -> {
                    assertThat(e.code()).isEqualTo("EEG-CASE-FIELD");
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.errors()).extracting(Violation::path).containsExactly("$.summary");
                });
        List<EvidenceManifest.Item> bad = List.of(new EvidenceManifest.Item("note-1", "text/plain", 12L, "NOT-A-HASH", null, null));
        assertThatThrownBy(() -> cases.decide(CP, art35, Decision.answer("see the note", bad)))
                .isInstanceOfSatisfying(CaseException.class, e -> {
                    assertThat(e.code()).isEqualTo("EEG-CASE-FIELD");
                    assertThat(e.errors()).extracting(Violation::path).contains("$.items[0].sha256");
                });
        assertThat(SENT).isEmpty();
        assertThat(cases.repository().find(art35).orElseThrow().state()).isEqualTo(CaseState.RECEIVED);
    }

    @Test
    void anArt35RequestIsAnsweredByTheContactPointWithAFinalExecutionReport() throws Exception {
        SENT.clear();
        List<byte[]> bodies = new ArrayList<>();
        cases.usePeerMessenger((c, peer, id, env) -> {
            SENT.add(id);
            bodies.add(env);
            return "outbox-" + id;
        });
        String art35 = receive(fr, corpusEnvelope("BUDAPEST_ART35_ASSISTANCE", "msg-ans-0135"));
        InboundCase done = cases.decide(CP, art35, Decision.answer("Demo Platform Ireland Ltd holds EEA data and takes Art. 29 requests via IE 24/7.", null));
        assertThat(done.state()).isEqualTo(CaseState.COMPLETED);
        assertThat(done.decision()).isEqualTo("ANSWER");
        assertThat(SENT).hasSize(1);
        Envelope sent = ((Decoded.Valid) CATALOGUE.decodeJson(bodies.get(0))).envelope();
        assertThat(sent.correlationId()).isEqualTo("msg-ans-0135");
        ExecutionReport report = (ExecutionReport) sent.body();
        assertThat(report.completeness()).isEqualTo(ExecutionReport.Completeness.FINAL);
        assertThat(report.remarks()).startsWith("Demo Platform Ireland Ltd");
        assertThat(report.manifest().items()).singleElement().satisfies(i -> {
            assertThat(i.itemId()).isEqualTo("answer");
            assertThat(i.mediaType()).isEqualTo("text/plain");
        });
        assertThat(cases.repository().events(art35)).extracting(CaseEvent::event).containsExactly("RECEIVED", "ANSWERED", "ANSWER_SENT");
        assertThatThrownBy(() -> cases.decide(CP, art35, Decision.answer("again", null)))
                .isInstanceOfSatisfying(CaseException.class, e -> assertThat(e.code()).isEqualTo("EEG-CASE-ILLEGAL"));

        // an Art. 10 emergency MLA the central authority executes itself, postponed first, with its own items
        String art10 = receive(fr, corpusEnvelope("PROTOCOL_ART10_EMERGENCY_MLA", "msg-ans-0010"));
        cases.decide(CP, art10, new Decision(Decision.Kind.POSTPONE, null, null, "a search is scheduled", CLOCK.instant().plusSeconds(3600), null));
        List<EvidenceManifest.Item> items = List.of(new EvidenceManifest.Item("seized-1", "application/zip", 2048L, "ab".repeat(32),
                "image of the seized disk", null));
        InboundCase executed = cases.decide(CP, art10, Decision.answer("Data seized by the Garda under a domestic warrant.", items));
        assertThat(executed.state()).isEqualTo(CaseState.COMPLETED);
        ExecutionReport r10 = (ExecutionReport) ((Decoded.Valid) CATALOGUE.decodeJson(bodies.get(bodies.size() - 1))).envelope().body();
        assertThat(r10.manifest().items()).extracting(EvidenceManifest.Item::itemId).containsExactly("seized-1");
    }

    @Test
    void withoutATransportNoDecisionIsRecorded() throws Exception {
        cases.usePeerMessenger(null);
        String id = receive(fr, art29("msg-notr-0001"));
        assertThatThrownBy(() -> cases.decide(CP, id, new Decision(Decision.Kind.CLARIFY, null, null, null, null, "Which account?")))
                .hasMessageContaining("EEG-CASE-NO-TRANSPORT");
        assertThat(cases.repository().find(id).orElseThrow().state()).isEqualTo(CaseState.RECEIVED);
    }

    @Test
    void aWithdrawalOfAnAcceptedCaseFindsTheOrderIntakeMadeButDidNotLink() throws Exception {
        cases.usePeerMessenger((c, peer, id, env) -> "x");
        String id = receive(fr, art29("msg-orphan-0001"));
        CaseRepository repo = cases.repository();
        Instant t = CLOCK.instant();
        db.inTx(c -> {
            InboundCase k = repo.find(c, id, true).orElseThrow();
            repo.update(c, new InboundCase.Builder(k).state(CaseState.ACCEPTED).updated(t).decided(CP, "ACCEPT", t).platform("acme").build());
            new RequestRepository(db).insert(c, new eu.eevidence.gw.gateway.order.NewRequest("REQ-01JDZZZZZZZZZZZZZZZZZZZZZZ", "BUDAPEST_ART29_PRESERVATION",
                    "acme", "IE", CP.fingerprint(), CP.subject(), "case-" + id, "a".repeat(64), "{}".getBytes(), new byte[] {1}, "b".repeat(64), 60, t),
                    List.of());
            return null;
        });
        assertThat(withdraw(fr, "msg-orphan-0001")).isTrue();
        InboundCase k = repo.find(id).orElseThrow();
        assertThat(k.state()).isEqualTo(CaseState.WITHDRAWN);
        assertThat(k.domesticRequestId()).isEqualTo("REQ-01JDZZZZZZZZZZZZZZZZZZZZZZ");
        assertThat(k.pendingAction()).isEqualTo(InboundCaseService.WITHDRAW);
    }

    private static final String PDQ = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";

    private static boolean hashList(PeerSpec from, String correlationId) throws Exception {
        Envelope original = art29("msg-x-00000002");
        Envelope h = new Envelope("msg-" + UUID.randomUUID(), correlationId, "1.0", original.sender(), original.receiver(),
                OffsetDateTime.ofInstant(CLOCK.instant(), ZoneOffset.UTC), new eu.eevidence.gw.schema.ContentHashList(
                        List.of(new eu.eevidence.gw.schema.RemovalHash(eu.eevidence.gw.schema.RemovalHash.Algorithm.PDQ, PDQ)), 31, null));
        byte[] bytes = CATALOGUE.encodeJson(h);
        return db.inTx(c -> cases.receivedFollowUp(c, from, h, (eu.eevidence.gw.schema.LifecycleMessage) h.body(), bytes, CLOCK.instant()));
    }

    @Test
    void aHashListForAnUnknownCaseIsNotTakenAndOneForACaseWithoutDomesticOrderIsRecordedAsNotRelayed() throws Exception {
        cases.usePeerMessenger((c, peer, id, env) -> "x");
        assertThat(hashList(fr, "msg-unknown-hash-0001")).as("the inbox answers EEG-NET-UNKNOWN-CORRELATION").isFalse();
        String id = receive(fr, art29("msg-hash-0001"));
        assertThat(hashList(de, "msg-hash-0001")).as("another peer's case").isFalse();
        assertThat(hashList(fr, "msg-hash-0001")).isTrue();
        List<CaseEvent> events = cases.repository().events(id);
        CaseEvent applied = events.stream().filter(e -> "FOLLOW_UP_APPLIED".equals(e.event())).findFirst().orElseThrow();
        assertThat(applied.detail()).contains("EEG-CASE-HASH-LIST-NOT-RELAYED", "1 hash(es)", "no domestic order");
        assertThat(events).allSatisfy(e -> assertThat(String.valueOf(e.detail())).doesNotContain(PDQ));
        assertThat(cases.repository().find(id).orElseThrow().pendingAction()).isNull();
        assertThat(cases.repository().messages(id)).extracting(CaseMessage::messageType).contains("CONTENT_HASH_LIST");
    }
}
