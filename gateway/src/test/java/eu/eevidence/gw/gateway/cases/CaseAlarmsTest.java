package eu.eevidence.gw.gateway.cases;

import eu.eevidence.gw.gateway.alert.Alarm;
import eu.eevidence.gw.gateway.custody.CustodyRecorder;
import eu.eevidence.gw.gateway.deadline.DeadlineCalculator;
import eu.eevidence.gw.gateway.deadline.DeadlineRules;
import eu.eevidence.gw.gateway.deadline.HolidayCalendar;
import eu.eevidence.gw.gateway.infra.Database;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.gateway.routing.NodeIdentity;
import eu.eevidence.gw.gateway.routing.NodeRole;
import eu.eevidence.gw.gateway.routing.PeerSpec;
import eu.eevidence.gw.gateway.routing.PlatformRoutes;
import eu.eevidence.gw.pki.DevPki;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.schema.Envelope;
import eu.eevidence.gw.schema.EvidenceRequest;
import eu.eevidence.gw.schema.catalogue.MessageCatalogue;
import eu.eevidence.gw.schema.codec.Decoded;
import eu.eevidence.gw.testkit.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ADR-0030: a peer's request that opens a case raises its alarm for the cases desk, in the transaction that opens it. */
class CaseAlarmsTest {

    private static final MessageCatalogue CATALOGUE = new MessageCatalogue();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private final List<Alarm> raised = new ArrayList<>();
    private boolean outboxDown;
    private Database db;
    private InboundCaseService cases;
    private PeerSpec fr;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        db = Database.open("jdbc:h2:mem:case-alarms-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                "sa", "");
        CaseStores stores = new CaseStores(new CaseRepository(db), new RequestRepository(db), CustodyRecorder.NONE, InboundCaseService.NOT_CONNECTED,
                (c, a) -> {
                    if (outboxDown) {
                        throw new eu.eevidence.gw.gateway.infra.StorageException(new SQLException("outbox unavailable"));
                    }
                    raised.add(a);
                });
        cases = new InboundCaseService(stores, null, null, new PlatformRoutes(List.of()),
                new CaseOpening.Rules(DeadlineRules.builtIn(), new DeadlineCalculator(HolidayCalendar.builtIn()), "IE"), clock);
        DevPki pki = DevPki.loadOrCreate(dir.resolve("pki"), Clock.systemUTC());
        fr = new PeerSpec(new NodeIdentity("fr-247", "FR", NodeRole.CONTACT_POINT_24_7), URI.create("https://127.0.0.1:1/"),
                pki.issue(new IssueRequest("node fr-247", Role.NODE, List.of(), KeyKind.EC_P256, Duration.ofDays(1), false, true)).certificate(),
                Set.of());
    }

    @AfterEach
    void stop() {
        db.close();
    }

    private String receive(String type, String messageId) throws Exception {
        String json = new String(DomesticOrderTest.corpus(type), StandardCharsets.UTF_8).replaceFirst("\"messageId\"\\s*:\\s*\"[^\"]*\"",
                "\"messageId\": \"" + messageId + "\"");
        Envelope e = ((Decoded.Valid) CATALOGUE.decodeJson(json.getBytes(StandardCharsets.UTF_8))).envelope();
        byte[] bytes = CATALOGUE.encodeJson(e);
        return db.inTx(c -> cases.receivedRequest(c, fr, e, (EvidenceRequest) e.body(), bytes, clock.instant()));
    }

    private int caseCount() throws SQLException {
        return db.read(c -> {
            try (var rs = c.connection().createStatement().executeQuery("SELECT COUNT(*) FROM inbound_case")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    @Test
    void aFailingOutboxRollsTheCaseBackSoNoCaseExistsWithoutItsAlarm() throws Exception {
        outboxDown = true;
        assertThatThrownBy(() -> receive("BUDAPEST_ART29_PRESERVATION", "msg-alarm-0001"))
                .isInstanceOf(eu.eevidence.gw.gateway.infra.StorageException.class).hasCauseInstanceOf(SQLException.class);
        assertThat(raised).isEmpty();
        assertThat(caseCount()).isZero();
    }

    @Test
    void aNewCaseRaisesOneNewCaseAlarmForTheCasesDeskWithItsReviewDeadline() throws Exception {
        String id = receive("BUDAPEST_ART29_PRESERVATION", "msg-alarm-0002");
        receive("BUDAPEST_ART29_PRESERVATION", "msg-alarm-0002"); // the same message again: the same case, no second alarm
        assertThat(raised).hasSize(1);
        Alarm a = raised.get(0);
        assertThat(a).isInstanceOf(Alarm.NewCase.class);
        assertThat(a.about().requestId()).isEqualTo(id);
        assertThat(a.about().requestType()).isEqualTo("BUDAPEST_ART29_PRESERVATION");
        assertThat(a.about().desk()).isEqualTo(Alarm.Subject.CASES_DESK);
        assertThat(a.about().deadline()).isEqualTo(cases.repository().find(id).orElseThrow().reviewDueAt()).isNotNull();
    }

    @Test
    void anEmergencyRequestRaisesAnEmergencyAlarm() throws Exception {
        receive("PROTOCOL_ART9_EMERGENCY_DISCLOSURE", "msg-alarm-0003");
        assertThat(raised).singleElement().isInstanceOf(Alarm.Emergency.class);
        assertThat(raised.get(0).severity()).isEqualTo(Alarm.Severity.URGENT);
    }
}
