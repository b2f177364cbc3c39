package eu.eevidence.gw.gateway.deadline;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stand-alone securing order (CONTENT_PRESERVATION_ORDER, CM/Rec(2026)2 para. 33): preserved for the period the order
 * states, not floored at the 60 days of ETS 185 Art. 29(7) and not held pending mutual assistance; a delivery target
 * like Art. 29's for the platform's confirmation.
 */
class SecuringOrderDeadlinesTest {

    private static final String TYPE = "CONTENT_PRESERVATION_ORDER";
    private final DeadlineRules rules = DeadlineRules.builtIn();

    @Test
    void noSixtyDayFloorAndNoHoldPendingMutualAssistance() {
        DeadlineRule p = rules.find("SECURING_ORDER_PRESERVATION").orElseThrow();
        assertThat(DeadlineEngine.amount(p, new DeadlineEngine.Context(Set.of(), 30, null))).isEqualTo(30);
        assertThat(p.suspendedBy()).isEmpty();
        assertThat(p.holdWhileSuspended()).isFalse();
        Instant from = Instant.parse("2026-03-01T10:00:00Z");
        assertThat(PreservationDeadline.end(TYPE, from, 30, null)).isEqualTo(from.plus(Duration.ofDays(30)));
        assertThat(PreservationDeadline.end(TYPE, from, 30, from.plus(Duration.ofDays(40)))).isEqualTo(from.plus(Duration.ofDays(40)));
    }

    @Test
    void theOrderSetsThePeriodFromTheConfirmationAndTheTargetIsArt29s() {
        DeadlineRule p = rules.find("SECURING_ORDER_PRESERVATION").orElseThrow();
        assertThat(p.trigger()).isEqualTo("PRESERVED");
        assertThat(p.metBy()).containsExactly("PRESERVATION_ENDED");
        assertThat(DeadlineEngine.amount(p, new DeadlineEngine.Context(Set.of(), 365, null))).isEqualTo(365);
        DeadlineRule t = rules.find("SECURING_ORDER_DELIVERY_TARGET").orElseThrow();
        assertThat(t.amount()).isEqualTo(rules.find("BUDAPEST_ART29_DELIVERY_TARGET").orElseThrow().amount());
        assertThat(t.metBy()).contains("PRESERVED", "REFUSED");
        assertThat(rules.startingOn(TYPE, Set.of(), "ACCEPTED", null)).extracting(DeadlineRule::id)
                .containsExactly("SECURING_ORDER_DELIVERY_TARGET");
        assertThat(rules.startingOn(TYPE, Set.of(), "PRESERVED", null)).extracting(DeadlineRule::id)
                .containsExactly("SECURING_ORDER_PRESERVATION");
        assertThat(p.source()).contains("CM/Rec(2026)2 para. 33").contains("no law sets the number");
    }
}
