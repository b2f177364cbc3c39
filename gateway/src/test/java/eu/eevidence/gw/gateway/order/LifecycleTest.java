package eu.eevidence.gw.gateway.order;

import eu.eevidence.gw.schema.RequestFamily;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LifecycleTest {

    @Test
    void everyFamilyHasALifecycle() {
        for (RequestFamily f : RequestFamily.values()) {
            if (f == RequestFamily.LIFECYCLE) {
                assertThatThrownBy(() -> Lifecycle.of(f)).hasMessageStartingWith("EEG-LIFE-003");
            } else {
                assertThat(Lifecycle.of(f)).isNotNull();
            }
        }
        assertThat(Lifecycle.forMessageType("BUDAPEST_ART29_PRESERVATION")).isEqualTo(Lifecycle.PRESERVATION);
        assertThatThrownBy(() -> Lifecycle.forMessageType("NO_SUCH_TYPE")).hasMessageStartingWith("EEG-LIFE-002");
    }

    @Test
    void preservationFollowsItsTable() {
        Lifecycle l = Lifecycle.PRESERVATION;
        assertThat(l.next(RequestState.ACCEPTED)).containsExactlyInAnyOrder(RequestState.DISPATCHED, RequestState.DELIVERED,
                RequestState.REFUSED, RequestState.FAILED, RequestState.WITHDRAWN);
        assertThat(l.next(RequestState.PRESERVED)).containsExactlyInAnyOrder(RequestState.COMPLETED, RequestState.EXPIRED, RequestState.WITHDRAWN);
        assertThat(l.canMove(RequestState.DELIVERED, RequestState.EXECUTING)).isFalse();
        assertThat(Lifecycle.PRODUCTION.canMove(RequestState.DELIVERED, RequestState.EXECUTING)).isTrue();
        assertThat(Lifecycle.PRODUCTION.canMove(RequestState.DELIVERED, RequestState.PRESERVED)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Lifecycle.class)
    void terminalStatesGoNowhereAndEveryOtherMoveIsRejected(Lifecycle l) {
        for (RequestState from : RequestState.values()) {
            if (from.isTerminal()) {
                assertThat(l.next(from)).isEmpty();
            }
            Set<RequestState> illegal = EnumSet.allOf(RequestState.class);
            illegal.removeAll(l.next(from));
            for (RequestState to : illegal) {
                assertThatThrownBy(() -> l.move(from, to)).isInstanceOf(IllegalTransitionException.class)
                        .hasMessageStartingWith("EEG-LIFE-001");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Lifecycle.class)
    void everyNonTerminalStateCanStillBeWithdrawnOrEnded(Lifecycle l) {
        for (RequestState s : RequestState.values()) {
            if (!s.isTerminal() && l.next(s).isEmpty()) {
                continue; // not reachable in this family
            }
            if (!s.isTerminal()) {
                assertThat(l.next(s)).as(l + " " + s).contains(RequestState.WITHDRAWN);
            }
        }
    }

    @Test
    void onlyAcceptedAndDispatchedAwaitDelivery() {
        for (RequestState s : RequestState.values()) {
            assertThat(s.awaitsDelivery()).isEqualTo(s == RequestState.ACCEPTED || s == RequestState.DISPATCHED);
        }
    }

    /** The tables in docs/design/request-lifecycle.md are the code's tables: rows "| FAMILY | FROM | TO, TO |". */
    @Test
    void theDesignDocumentListsExactlyTheseTransitions() throws IOException {
        Path doc = Path.of("..", "docs", "design", "request-lifecycle.md");
        String text = Files.readString(doc);
        Pattern row = Pattern.compile("^\\| (PRESERVATION|PRODUCTION|EMERGENCY|MUTUAL_ASSISTANCE|REMOVAL) \\| ([A-Z_]+) \\| ([A-Z_, ]*) \\|$", Pattern.MULTILINE);
        Matcher m = row.matcher(text);
        int rows = 0;
        while (m.find()) {
            rows++;
            Lifecycle l = Lifecycle.valueOf(m.group(1));
            RequestState from = RequestState.valueOf(m.group(2));
            Set<RequestState> to = EnumSet.noneOf(RequestState.class);
            for (String s : m.group(3).split(",")) {
                if (!s.isBlank()) {
                    to.add(RequestState.valueOf(s.trim()));
                }
            }
            assertThat(to).as(l + " " + from).isEqualTo(l.next(from));
        }
        long expected = 0;
        for (Lifecycle l : Lifecycle.values()) {
            for (RequestState s : RequestState.values()) {
                if (!l.next(s).isEmpty()) {
                    expected++;
                }
            }
        }
        assertThat(rows).isEqualTo(expected);
    }
}
