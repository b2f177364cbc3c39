package eu.eevidence.gw.sim.world;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The follow-up invariant of the simulated worlds, on fabricated sends and stored notices (breaking cases first). */
class FollowUpInvariantTest {

    private static final Instant T = Instant.parse("2027-03-01T12:00:00Z");
    private final List<String> violations = new ArrayList<>();
    private final FollowUpInvariant inv = new FollowUpInvariant(violations);

    private static FollowUpInvariant.Attempt ok(String kind) {
        return new FollowUpInvariant.Attempt(kind, 200, null);
    }

    private static FollowUpInvariant.Stored sent(String kind, int minute, String rule) {
        return new FollowUpInvariant.Stored(kind, "SENT", "RCPT-" + minute, T.plus(Duration.ofMinutes(minute)), rule, true, false);
    }

    @Test
    void anAcceptedFollowUpNeitherDeliveredNorAlarmedBreaksIt() {
        inv.one("FR", "R1", List.of(ok("CORRESPONDENCE")),
                List.of(new FollowUpInvariant.Stored("CORRESPONDENCE", "FAILED", null, T, null, true, false)));
        inv.one("FR", "R2", List.of(ok("DEADLINE")), List.of(new FollowUpInvariant.Stored("DEADLINE", "SENT", "RCPT-1", T, "EPOC_PRODUCTION", false, false)));
        inv.one("FR", "R3", List.of(ok("CORRESPONDENCE")), List.of(new FollowUpInvariant.Stored("CORRESPONDENCE", "PENDING", null, T, null, true, false)));
        assertThat(inv.held()).isFalse();
        assertThat(violations).hasSize(3).allSatisfy(v -> assertThat(v).contains("neither delivered with its receipt nor alarmed"));
    }

    @Test
    void aFollowUpAcceptedOrStoredAfterTheWithdrawalBreaksIt() {
        inv.one("FR", "R4", List.of(ok("WITHDRAWAL"), ok("CORRESPONDENCE")), List.of(sent("WITHDRAWAL", 1, null), sent("CORRESPONDENCE", 2, null)));
        assertThat(inv.held()).isFalse();
        assertThat(violations).anySatisfy(v -> assertThat(v).contains("R4", "accepted after the withdrawal"))
                .anySatisfy(v -> assertThat(v).contains("R4", "stored after the withdrawal"));
    }

    @Test
    void aRefusedFollowUpThatLeftANoticeOrAnUnexpectedRefusalBreaksIt() {
        inv.one("FR", "R5", List.of(new FollowUpInvariant.Attempt("CORRESPONDENCE", 422, "EEG-ACT-FOLLOW-UP-UNSUPPORTED")),
                List.of(sent("CORRESPONDENCE", 1, null)));
        inv.one("FR", "R6", List.of(new FollowUpInvariant.Attempt("DEADLINE", 500, "HTTP-500")), List.of());
        inv.one("FR", "R7", List.of(new FollowUpInvariant.Attempt("CORRESPONDENCE", 409, "EEG-ACT-FOLLOW-UP-WITHDRAWN")), List.of());
        assertThat(inv.held()).isFalse();
        assertThat(violations).hasSize(3);
        assertThat(violations.get(0)).contains("R5", "left something behind");
        assertThat(violations.get(1)).contains("R6", "answered 500");
        assertThat(violations.get(2)).contains("R7", "answered 409"); // "withdrawn" for a request the world never withdrew
    }

    @Test
    void deliveredAlarmedAndExpectedRefusalsHoldIt() {
        inv.one("FR", "A", List.of(ok("DEADLINE"), new FollowUpInvariant.Attempt("CORRESPONDENCE", 422, "EEG-ACT-FOLLOW-UP-UNSUPPORTED"),
                        ok("WITHDRAWAL"), new FollowUpInvariant.Attempt("CORRESPONDENCE", 409, "EEG-ACT-FOLLOW-UP-WITHDRAWN")),
                List.of(sent("DEADLINE", 1, "EPOC_PRODUCTION"), sent("WITHDRAWAL", 3, null)));
        inv.one("FR", "B", List.of(ok("CORRESPONDENCE")),
                List.of(new FollowUpInvariant.Stored("CORRESPONDENCE", "FAILED", null, T, null, true, true)));
        assertThat(violations).isEmpty();
        assertThat(inv.held()).isTrue();
        List<WorldReport.Invariant> out = new ArrayList<>();
        inv.report(out);
        assertThat(out).singleElement().satisfies(i -> assertThat(i.detail()).contains("3 follow-ups accepted", "2 delivered with receipt",
                "1 not delivered with alarm", "1 refused as unsupported by the channel (422)", "1 refused after withdrawal (409)"));
    }
}
