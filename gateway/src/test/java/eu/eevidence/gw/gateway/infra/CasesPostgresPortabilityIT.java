package eu.eevidence.gw.gateway.infra;

import eu.eevidence.gw.gateway.cases.CaseRepository;
import eu.eevidence.gw.gateway.cases.CaseState;
import eu.eevidence.gw.gateway.cases.Decision;
import eu.eevidence.gw.gateway.cases.InboundCaseService;
import eu.eevidence.gw.gateway.custody.CustodyRecorder;
import eu.eevidence.gw.gateway.deadline.DeadlineCalculator;
import eu.eevidence.gw.gateway.deadline.DeadlineRules;
import eu.eevidence.gw.gateway.deadline.HolidayCalendar;
import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.routing.NodeIdentity;
import eu.eevidence.gw.gateway.routing.NodeRole;
import eu.eevidence.gw.gateway.routing.PeerSpec;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.pki.DevPki;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.schema.ClarificationAnswer;
import eu.eevidence.gw.schema.Envelope;
import eu.eevidence.gw.schema.EvidenceRequest;
import eu.eevidence.gw.schema.Withdrawal;
import eu.eevidence.gw.schema.catalogue.MessageCatalogue;
import eu.eevidence.gw.schema.codec.Decoded;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The requested Party's cases (V11 and CaseRepository's SQL) run on a real PostgreSQL server too. */
class CasesPostgresPortabilityIT {

    @TempDir
    Path dir;

    @Test
    void casesTheirEventsAndMessagesRunOnPostgresql() throws Exception {
        Optional<Path> bin = ThrowawayPostgres.binaries();
        assumeTrue(bin.isPresent(), "PostgreSQL server binaries not installed (Debian package postgresql); .ci/run installs them");
        MessageCatalogue catalogue = new MessageCatalogue();
        DevPki pki = DevPki.loadOrCreate(dir.resolve("pki"), Clock.systemUTC());
        PeerSpec peer = new PeerSpec(new NodeIdentity("fr-247", "FR", NodeRole.CONTACT_POINT_24_7), URI.create("https://127.0.0.1:1/"),
                pki.issue(new IssueRequest("node fr-247", Role.NODE, List.of(), KeyKind.EC_P256, Duration.ofDays(1), false, true)).certificate(), Set.of());
        byte[] bytes;
        try (InputStream in = getClass().getResourceAsStream("/cases/BUDAPEST_ART29_PRESERVATION.json")) {
            bytes = in.readAllBytes();
        }
        Envelope e = ((Decoded.Valid) catalogue.decodeJson(bytes)).envelope();
        List<String> sent = new ArrayList<>();
        try (ThrowawayPostgres pg = ThrowawayPostgres.start(bin.get());
             Database db = Database.open(pg.jdbcUrl(), "eeg", "")) {
            CaseRepository repo = new CaseRepository(db);
            InboundCaseService cases = new InboundCaseService(repo, new RequestRepository(db), null, null, null, DeadlineRules.builtIn(),
                    new DeadlineCalculator(HolidayCalendar.builtIn()), CustodyRecorder.NONE, Clock.systemUTC(), "IE")
                    .usePeerMessenger((c, p, id, env) -> {
                        sent.add(id);
                        return "outbox-" + id;
                    });
            Instant t = Instant.parse("2026-11-24T02:00:00.123456Z");
            String id = db.inTx(c -> cases.receivedRequest(c, peer, e, (EvidenceRequest) e.body(), bytes, t));
            String again = db.inTx(c -> cases.receivedRequest(c, peer, e, (EvidenceRequest) e.body(), bytes, t));
            assertThat(again).as("same message, same case").isEqualTo(id);
            var k = repo.find(id).orElseThrow();
            assertThat(k.state()).isEqualTo(CaseState.RECEIVED);
            assertThat(k.receivedAt()).isEqualTo(t.truncatedTo(java.time.temporal.ChronoUnit.MICROS));
            assertThat(k.reviewDueAt()).isEqualTo(k.receivedAt().plus(Duration.ofHours(24)));
            assertThat(repo.list(List.of(CaseState.RECEIVED, CaseState.POSTPONED), 10)).extracting(x -> x.id()).containsExactly(id);
            assertThat(repo.list(List.of(CaseState.WITHDRAWN), 10)).isEmpty();

            ClientIdentity cp = new ClientIdentity("a".repeat(64), "CN=cp", Set.of(Role.CONTACT_POINT));
            assertThat(cases.read(cp, id)).isPresent();
            var asked = cases.decide(cp, id, new Decision(Decision.Kind.CLARIFY, null, null, null, null, "Which account?"));
            assertThat(asked.state()).isEqualTo(CaseState.CLARIFICATION_REQUESTED);
            assertThat(sent).hasSize(1);
            Envelope answer = new Envelope("msg-answer-0001", sent.get(0), "1.0", e.sender(), e.receiver(), OffsetDateTime.now(ZoneOffset.UTC),
                    new ClarificationAnswer(List.of("The first one.")));
            boolean answered = db.inTx(c -> cases.receivedFollowUp(c, peer, answer, (ClarificationAnswer) answer.body(), catalogue.encodeJson(answer), t));
            assertThat(answered).isTrue();
            assertThat(repo.find(id).orElseThrow().state()).isEqualTo(CaseState.RECEIVED);
            Envelope withdrawal = new Envelope("msg-withdraw-0001", e.messageId(), "1.0", e.sender(), e.receiver(), OffsetDateTime.now(ZoneOffset.UTC),
                    new Withdrawal("no longer needed"));
            boolean withdrawn = db.inTx(c -> cases.receivedFollowUp(c, peer, withdrawal, (Withdrawal) withdrawal.body(),
                    catalogue.encodeJson(withdrawal), t));
            assertThat(withdrawn).isTrue();
            assertThat(repo.find(id).orElseThrow().state()).isEqualTo(CaseState.WITHDRAWN);
            assertThat(repo.events(id)).extracting(x -> x.event()).containsSubsequence("RECEIVED", "RETRIEVED", "CONTENT_READ", "CLARIFICATION_REQUESTED",
                    "ANSWER_SENT", "CLARIFICATION_ANSWERED", "WITHDRAWN");
            assertThat(repo.messages(id)).extracting(m -> m.direction() + ":" + m.messageType())
                    .containsExactlyInAnyOrder("IN:BUDAPEST_ART29_PRESERVATION", "OUT:CLARIFICATION_REQUEST", "IN:CLARIFICATION_ANSWER", "IN:WITHDRAWAL");
            assertThat(cases.processPending()).isZero();
        }
    }
}
