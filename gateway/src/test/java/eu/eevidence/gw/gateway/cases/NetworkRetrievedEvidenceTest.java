package eu.eevidence.gw.gateway.cases;

import eu.eevidence.gw.gateway.infra.StorageException;
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
import eu.eevidence.gw.schema.EvidenceRequest;
import eu.eevidence.gw.schema.catalogue.MessageCatalogue;
import eu.eevidence.gw.schema.codec.Decoded;
import eu.eevidence.gw.testkit.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import eu.eevidence.gw.gateway.network.CaseReceipts;
import eu.eevidence.gw.gateway.alert.AlarmLog;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The case's first read hands the RETRIEVED evidence to the transport in its own transaction, once (ADR-0016). */
class NetworkRetrievedEvidenceTest {

    private static final MessageCatalogue CATALOGUE = new MessageCatalogue();
    private static final ClientIdentity CP = new ClientIdentity("c".repeat(64), "CN=cp", Set.of(Role.CONTACT_POINT));

    @TempDir
    static Path dir;
    static Database db;
    static InboundCaseService cases;
    static PeerSpec fr;
    static final AtomicReference<CaseReceipts> EVIDENCES = new AtomicReference<>(CaseReceipts.NONE);
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-25T03:00:00Z"));

    @BeforeAll
    static void start() throws Exception {
        db = Database.open("jdbc:h2:mem:rem-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", "sa", "");
        // the evidences are a constructor argument; this test swaps what they do between its steps
        CaseReceipts forwarding = (c, peer, messageId, caseId, who, at) -> EVIDENCES.get().retrieved(c, peer, messageId, caseId, who, at);
        cases = new InboundCaseService(new CaseStores(new CaseRepository(db), new RequestRepository(db), CustodyRecorder.NONE,
                InboundCaseService.NOT_CONNECTED, forwarding, AlarmLog.NONE), null, null, new PlatformRoutes(List.of()),
                new CaseOpening.Rules(DeadlineRules.builtIn(), new DeadlineCalculator(HolidayCalendar.builtIn()), "IE"), CLOCK);
        DevPki pki = DevPki.loadOrCreate(dir.resolve("pki"), Clock.systemUTC());
        fr = new PeerSpec(new NodeIdentity("fr-247", "FR", NodeRole.CONTACT_POINT_24_7), URI.create("https://127.0.0.1:1/"),
                pki.issue(new IssueRequest("node fr-247", Role.NODE, List.of(), KeyKind.EC_P256, Duration.ofDays(1), false, true)).certificate(), Set.of());
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    private static String receive(String messageId) throws Exception {
        String json = new String(DomesticOrderTest.corpus("BUDAPEST_ART29_PRESERVATION"), StandardCharsets.UTF_8).replace("msg-art29-0001", messageId);
        Envelope e = ((Decoded.Valid) CATALOGUE.decodeJson(json.getBytes(StandardCharsets.UTF_8))).envelope();
        byte[] bytes = CATALOGUE.encodeJson(e);
        return db.inTx(c -> cases.receivedRequest(c, fr, e, (EvidenceRequest) e.body(), bytes, CLOCK.instant()));
    }

    @Test
    void aRetrievedEvidenceThatCannotBeIssuedLeavesTheCaseUnretrievedAndTheNextReadIssuesItOnce() throws Exception {
        String id = receive("fr-247:rem-0001");
        EVIDENCES.set((c, peer, messageId, caseId, who, at) -> {
            throw new StorageException("EEG-REM-SIGN-FAILED test");
        });
        assertThatThrownBy(() -> cases.read(CP, id)).isInstanceOf(StorageException.class);
        assertThat(cases.repository().find(id).orElseThrow().retrievedAt()).as("rolled back with the evidence").isNull();

        List<String> issued = new CopyOnWriteArrayList<>();
        EVIDENCES.set((c, peer, messageId, caseId, who, at) -> issued.add(peer + " " + messageId + " " + caseId + " " + who.fingerprint() + " " + at));
        assertThat(cases.read(CP, id)).isPresent();
        CLOCK.advance(Duration.ofMinutes(5));
        assertThat(cases.read(CP, id)).isPresent();
        assertThat(issued).containsExactly("fr-247 fr-247:rem-0001 " + id + " " + CP.fingerprint() + " 2026-11-25T03:00:00Z");
        assertThat(cases.repository().find(id).orElseThrow().retrievedAt()).isEqualTo(Instant.parse("2026-11-25T03:00:00Z"));
    }
}
