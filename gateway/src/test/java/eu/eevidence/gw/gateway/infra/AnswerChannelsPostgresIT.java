package eu.eevidence.gw.gateway.infra;

import eu.eevidence.gw.adapter.api.PortalAnswer;
import eu.eevidence.gw.gateway.action.ActionResult;
import eu.eevidence.gw.gateway.answer.PortalAnswerService;
import eu.eevidence.gw.gateway.channel.CursorStore;
import eu.eevidence.gw.gateway.custody.CustodyRecorder;
import eu.eevidence.gw.gateway.handoff.HandoffService;
import eu.eevidence.gw.gateway.handoff.HandoffStore;
import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.order.EventCode;
import eu.eevidence.gw.gateway.order.LifecycleListener;
import eu.eevidence.gw.gateway.order.NewRequest;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.gateway.order.RequestState;
import eu.eevidence.gw.gateway.order.TimelineEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The answer-channel and hand-off SQL (migration V8) on a real PostgreSQL server. */
class AnswerChannelsPostgresIT {

    @TempDir
    Path dir;

    @Test
    void portalAnswersCursorsAndHandoffsRunOnPostgresql() throws Exception {
        Optional<Path> bin = ThrowawayPostgres.binaries();
        assumeTrue(bin.isPresent(), "PostgreSQL server binaries not installed (Debian package postgresql); .ci/run installs them");
        try (ThrowawayPostgres pg = ThrowawayPostgres.start(bin.get());
             Database db = Database.open(pg.jdbcUrl(), "eeg", "")) {
            RequestRepository repo = new RequestRepository(db);
            Instant t = Instant.parse("2026-11-25T10:00:00Z");
            insert(repo, "REQ-01JDZZZZZZZZZZZZZZZZZZZZZA", "acme", RequestState.DELIVERED, "RCPT-A", t);
            insert(repo, "REQ-01JDZZZZZZZZZZZZZZZZZZZZZB", "paper", RequestState.ACCEPTED, null, t);
            PortalAnswerService answers = new PortalAnswerService(repo, LifecycleListener.NONE, CustodyRecorder.NONE, Clock.systemUTC());
            byte[] raw = "<x/>".getBytes(StandardCharsets.UTF_8);
            PortalAnswer ack = new PortalAnswer.Acknowledged("n-1", null, "RCPT-A", t, raw);
            assertThat(answers.apply("acme", ack, "PUSH")).isInstanceOf(PortalAnswerService.Result.Stored.class);
            assertThat(answers.apply("acme", ack, "PUSH")).isInstanceOfSatisfying(PortalAnswerService.Result.Stored.class,
                    s -> assertThat(s.duplicate()).isTrue());
            assertThat(answers.apply("other", ack, "POLL")).isInstanceOf(PortalAnswerService.Result.Unmatched.class);
            byte[] data = "d".getBytes(StandardCharsets.UTF_8);
            String sha = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
            PortalAnswer last = new PortalAnswer.DataDelivery("d-2", null, "RCPT-A", t, 2, true,
                    List.of(new PortalAnswer.ManifestItem("D#2", "text/plain", 1, sha, data, null)), raw);
            PortalAnswer first = new PortalAnswer.DataDelivery("d-1", null, "RCPT-A", t, 1, false,
                    List.of(new PortalAnswer.ManifestItem("D#1", "text/plain", 1, sha, data, null)), raw);
            answers.apply("acme", last, "POLL");
            assertThat(repo.find("REQ-01JDZZZZZZZZZZZZZZZZZZZZZA").orElseThrow().state()).isEqualTo(RequestState.PARTIALLY_EXECUTED);
            answers.apply("acme", first, "POLL");
            assertThat(repo.find("REQ-01JDZZZZZZZZZZZZZZZZZZZZZA").orElseThrow().state()).isEqualTo(RequestState.COMPLETED);

            CursorStore cursors = new CursorStore(db);
            assertThat(cursors.read("acme")).isEmpty();
            cursors.write("acme", "2026-11-25T10:00:00Z", t);
            cursors.write("acme", "2026-11-25T11:00:00Z", t);
            assertThat(cursors.read("acme")).contains("2026-11-25T11:00:00Z");

            HandoffService handoffs = new HandoffService(repo, new HandoffStore(), LifecycleListener.NONE, CustodyRecorder.NONE, m -> m, dir,
                    Clock.systemUTC());
            handoffs.prepare("REQ-01JDZZZZZZZZZZZZZZZZZZZZZB");
            assertThat(Files.exists(dir.resolve("handoff").resolve("REQ-01JDZZZZZZZZZZZZZZZZZZZZZB").resolve("request.pdf"))).isTrue();
            assertThat(repo.find("REQ-01JDZZZZZZZZZZZZZZZZZZZZZB").orElseThrow().state()).isEqualTo(RequestState.DISPATCHED);
            ClientIdentity owner = new ClientIdentity("f".repeat(64), "CN=cp", Set.of());
            assertThat(handoffs.confirm(owner, "REQ-01JDZZZZZZZZZZZZZZZZZZZZZB", "LE-1", null)).isInstanceOf(ActionResult.Done.class);
            assertThat(handoffs.find("REQ-01JDZZZZZZZZZZZZZZZZZZZZZB").orElseThrow().confirmedAt()).isNotNull();
            assertThat(repo.find("REQ-01JDZZZZZZZZZZZZZZZZZZZZZB").orElseThrow().receiptId()).isEqualTo("LE-1");
        }
    }

    private static void insert(RequestRepository repo, String id, String platform, RequestState state, String receipt, Instant t) throws Exception {
        NewRequest row = new NewRequest(id, "EU_EPOC", platform, "IE", "f".repeat(64), "CN=cp", "key-" + id, "a".repeat(64), "{}".getBytes(),
                new byte[] {1, 2, 3}, "b".repeat(64), null, t);
        repo.database().inTx(c -> {
            repo.insert(c, row, List.of(new TimelineEvent(0, EventCode.REQUEST_RECEIVED, null, RequestState.ACCEPTED, t, t, "client", null)));
            if (state != RequestState.ACCEPTED) {
                RequestRecord r = repo.find(c, id, true).orElseThrow();
                repo.update(c, new RequestRecord(r.id(), r.messageType(), r.platformId(), r.requestedParty(), state, r.ownerFingerprint(),
                        r.idempotencyKey(), r.bodySha256(), r.sealedSha256(), r.receivedAt(), t, 1, receipt, null, null, null, null, null, null,
                        r.version()), null);
            }
            return null;
        });
    }
}
