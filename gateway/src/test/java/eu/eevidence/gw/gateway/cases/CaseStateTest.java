package eu.eevidence.gw.gateway.cases;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CaseStateTest {

    @Test
    void everyNonTerminalStateCanBeWithdrawnAndTerminalStatesGoNowhere() {
        for (CaseState s : CaseState.values()) {
            if (s.isTerminal()) {
                assertThat(s.next()).as(s.name()).isEmpty();
            } else {
                assertThat(s.next()).as(s.name()).contains(CaseState.WITHDRAWN);
            }
        }
    }

    @Test
    void everyIllegalMoveIsRejectedWithItsCode() {
        for (CaseState from : CaseState.values()) {
            Set<CaseState> illegal = EnumSet.allOf(CaseState.class);
            illegal.removeAll(from.next());
            for (CaseState to : illegal) {
                assertThatThrownBy(() -> from.move(to)).isInstanceOf(CaseException.class)
                        .satisfies(e -> {
                            assertThat(((CaseException) e).code()).isEqualTo("EEG-CASE-ILLEGAL");
                            assertThat(((CaseException) e).status()).isEqualTo(409);
                        });
            }
        }
    }

    @Test
    void theReviewDecisionsLeadWhereTheDesignSays() throws Exception {
        assertThat(CaseState.RECEIVED.next()).containsExactlyInAnyOrder(CaseState.ACCEPTED, CaseState.REFUSED, CaseState.POSTPONED,
                CaseState.CLARIFICATION_REQUESTED, CaseState.WITHDRAWN, CaseState.COMPLETED);
        assertThat(CaseState.ACCEPTED.move(CaseState.ORDERED)).isEqualTo(CaseState.ORDERED);
        assertThat(CaseState.CLARIFICATION_REQUESTED.canMove(CaseState.RECEIVED)).isTrue();
        assertThat(CaseState.ORDERED.canMove(CaseState.ACCEPTED)).isFalse();
        assertThat(CaseState.PRESERVED.canMove(CaseState.HELD)).isTrue();
        assertThat(CaseState.HELD.canMove(CaseState.EXPIRED)).as("held: no expiry until the MLA is decided").isFalse();
    }

    @Test
    void anAnswerOfTheContactPointCompletesAReceivedOrPostponedCaseAndNothingElse() throws Exception {
        assertThat(CaseState.RECEIVED.move(CaseState.COMPLETED)).isEqualTo(CaseState.COMPLETED);
        assertThat(CaseState.POSTPONED.move(CaseState.COMPLETED)).isEqualTo(CaseState.COMPLETED);
        assertThat(CaseState.CLARIFICATION_REQUESTED.canMove(CaseState.COMPLETED)).as("the question is answered first").isFalse();
        assertThat(CaseState.ACCEPTED.canMove(CaseState.COMPLETED)).as("an order is being made").isFalse();
        assertThat(CaseState.ORDER_FAILED.canMove(CaseState.COMPLETED)).isFalse();
        assertThat(Decision.Kind.ANSWER.target()).isEqualTo(CaseState.COMPLETED);
    }

    /** The table in docs/design/request-lifecycle.md ("The requested Party's case") is the code's table. */
    @Test
    void theDesignDocumentListsExactlyTheseTransitions() throws IOException {
        String text = Files.readString(Path.of("..", "docs", "design", "request-lifecycle.md"));
        Matcher m = Pattern.compile("^\\| CASE \\| ([A-Z_]+) \\| ([A-Z_, ]*) \\|$", Pattern.MULTILINE).matcher(text);
        int rows = 0;
        while (m.find()) {
            rows++;
            CaseState from = CaseState.valueOf(m.group(1));
            Set<CaseState> to = EnumSet.noneOf(CaseState.class);
            for (String s : m.group(2).split(",")) {
                if (!s.isBlank()) {
                    to.add(CaseState.valueOf(s.trim()));
                }
            }
            assertThat(to).as(from.name()).isEqualTo(from.next());
        }
        long expected = EnumSet.allOf(CaseState.class).stream().filter(s -> !s.next().isEmpty()).count();
        assertThat(rows).isEqualTo(expected);
    }
}
