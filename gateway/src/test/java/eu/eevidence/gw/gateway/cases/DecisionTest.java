package eu.eevidence.gw.gateway.cases;

import eu.eevidence.gw.schema.Refusal;
import eu.eevidence.gw.schema.validation.Violation;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class DecisionTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void anAnswerNeedsASummaryAndAtMostAHundredItems() {
        assertThat(Decision.answer(null, null).problems(NOW)).extracting(Violation::path).containsExactly("$.summary");
        assertThat(Decision.answer("x".repeat(4001), null).problems(NOW)).extracting(Violation::code).containsExactly("EEG-CASE-FIELD");
        java.util.List<eu.eevidence.gw.schema.EvidenceManifest.Item> many = java.util.Collections.nCopies(101,
                new eu.eevidence.gw.schema.EvidenceManifest.Item("i", "text/plain", 1L, "a".repeat(64), null, null));
        assertThat(Decision.answer("ok", many).problems(NOW)).extracting(Violation::path).containsExactly("$.items");
        assertThat(Decision.answer("ok", null).problems(NOW)).isEmpty();
        assertThat(Decision.answer("ok", java.util.List.of()).problems(NOW)).isEmpty();
        assertThat(Decision.Kind.parse("answer")).isEqualTo(Decision.Kind.ANSWER);
    }

    @Test
    void eachKindNamesItsMissingFields() {
        assertThat(new Decision(Decision.Kind.ACCEPT, " ", null, null, null, null).problems(NOW)).extracting(Violation::path)
                .containsExactly("$.platformId");
        assertThat(new Decision(Decision.Kind.REFUSE, null, null, null, null, null).problems(NOW)).extracting(Violation::path)
                .containsExactly("$.code", "$.reason");
        assertThat(new Decision(Decision.Kind.REFUSE, null, "NOT_A_GROUND", "x", null, null).problems(NOW)).extracting(Violation::path)
                .containsExactly("$.code");
        assertThat(new Decision(Decision.Kind.POSTPONE, null, null, "busy", NOW.minusSeconds(1), null).problems(NOW)).extracting(Violation::path)
                .containsExactly("$.until");
        assertThat(new Decision(Decision.Kind.POSTPONE, null, null, null, null, null).problems(NOW)).extracting(Violation::path)
                .containsExactly("$.reason", "$.until");
        assertThat(new Decision(Decision.Kind.CLARIFY, null, null, null, null, "q".repeat(4001)).problems(NOW)).extracting(Violation::code)
                .containsExactly("EEG-CASE-FIELD");
    }

    @Test
    void completeDecisionsPassAndGroundsAreCaseInsensitive() {
        assertThat(new Decision(Decision.Kind.ACCEPT, "acme", null, null, null, null).problems(NOW)).isEmpty();
        Decision refuse = new Decision(Decision.Kind.REFUSE, null, "essential_interests", "ordre public", null, null);
        assertThat(refuse.problems(NOW)).isEmpty();
        assertThat(refuse.ground()).isEqualTo(Refusal.Ground.ESSENTIAL_INTERESTS);
        assertThat(new Decision(Decision.Kind.POSTPONE, null, null, "domestic investigation", NOW.plusSeconds(3600), null).problems(NOW)).isEmpty();
        assertThat(new Decision(Decision.Kind.CLARIFY, null, null, null, null, "Which account?").problems(NOW)).isEmpty();
        assertThat(Decision.Kind.parse("accept")).isEqualTo(Decision.Kind.ACCEPT);
        assertThat(Decision.Kind.parse("approve")).isNull();
        assertThat(Decision.Kind.parse(null)).isNull();
    }
}
