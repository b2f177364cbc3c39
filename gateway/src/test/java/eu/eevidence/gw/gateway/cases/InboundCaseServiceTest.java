package eu.eevidence.gw.gateway.cases;

import eu.eevidence.gw.gateway.custody.CustodyRecorder;
import eu.eevidence.gw.gateway.deadline.DeadlineCalculator;
import eu.eevidence.gw.gateway.deadline.DeadlineRules;
import eu.eevidence.gw.gateway.deadline.HolidayCalendar;
import eu.eevidence.gw.gateway.delivery.PlatformDirectory;
import eu.eevidence.gw.gateway.infra.Database;
import eu.eevidence.gw.gateway.intake.ClientIdentity;
import eu.eevidence.gw.gateway.network.NodeIdentity;
import eu.eevidence.gw.gateway.network.NodeRole;
import eu.eevidence.gw.gateway.network.PeerSpec;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.pki.DevPki;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.schema.Envelope;
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
        cases = new InboundCaseService(new CaseRepository(db), new RequestRepository(db), null, null, new PlatformDirectory(List.of()),
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
        return db.inTransaction(c -> cases.receivedRequest(c, from, e, (EvidenceRequest) e.body(), bytes, CLOCK.instant()));
    }

    private static boolean withdraw(PeerSpec from, String correlationId) throws Exception {
        Envelope original = art29("msg-x-00000001");
        Envelope w = new Envelope("msg-" + UUID.randomUUID(), correlationId, "1.0", original.sender(), original.receiver(),
                OffsetDateTime.ofInstant(CLOCK.instant(), ZoneOffset.UTC), new Withdrawal("not needed"));
        byte[] bytes = CATALOGUE.encodeJson(w);
        return db.inTransaction(c -> cases.receivedFollowUp(c, from, w, (Withdrawal) w.body(), bytes, CLOCK.instant()));
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
        db.inTransaction(c -> {
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
}
