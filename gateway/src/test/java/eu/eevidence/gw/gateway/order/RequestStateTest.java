package eu.eevidence.gw.gateway.order;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.EnumSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestStateTest {

    @Test
    void follows_the_documented_transition_table() {
        assertThat(RequestState.ACCEPTED.next()).containsExactlyInAnyOrder(RequestState.DISPATCHED, RequestState.DELIVERED, RequestState.REFUSED, RequestState.FAILED);
        assertThat(RequestState.DISPATCHED.next()).containsExactlyInAnyOrder(RequestState.DELIVERED, RequestState.REFUSED, RequestState.FAILED);
        assertThat(RequestState.DELIVERED.next()).containsExactlyInAnyOrder(RequestState.ACKNOWLEDGED, RequestState.PRESERVED, RequestState.REFUSED);
        assertThat(RequestState.ACKNOWLEDGED.next()).containsExactlyInAnyOrder(RequestState.PRESERVED, RequestState.REFUSED);
        assertThat(RequestState.PRESERVED.next()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = RequestState.class, names = {"REFUSED", "FAILED"})
    void terminal_states_go_nowhere(RequestState terminal) {
        assertThat(terminal.isTerminal()).isTrue();
        assertThat(terminal.next()).isEmpty();
        for (RequestState s : RequestState.values()) {
            assertThatThrownBy(() -> terminal.moveTo(s)).isInstanceOf(IllegalTransitionException.class).hasMessageStartingWith("EEG-LIFE-001");
        }
    }

    @Test
    void rejects_every_transition_outside_the_table() {
        for (RequestState from : RequestState.values()) {
            Set<RequestState> illegal = EnumSet.allOf(RequestState.class);
            illegal.removeAll(from.next());
            for (RequestState to : illegal) {
                assertThatThrownBy(() -> from.moveTo(to)).isInstanceOf(IllegalTransitionException.class);
            }
        }
    }

    @Test
    void only_accepted_and_dispatched_await_delivery() {
        for (RequestState s : RequestState.values()) {
            assertThat(s.awaitsDelivery()).isEqualTo(s == RequestState.ACCEPTED || s == RequestState.DISPATCHED);
        }
    }
}
