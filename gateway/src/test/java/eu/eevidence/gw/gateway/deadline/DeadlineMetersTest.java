package eu.eevidence.gw.gateway.deadline;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class DeadlineMetersTest {

    @Test
    void everyRuleHasItsCountersAtZeroBeforeAnyAlarm() {
        SimpleMeterRegistry reg = new SimpleMeterRegistry();
        DeadlineRules rules = DeadlineRules.builtIn();
        new DeadlineMeters(reg, rules);
        DeadlineRule any = rules.all().iterator().next();
        assertThat(reg.get("eeg.deadline.warnings").tag("rule", any.id()).counter().count()).isZero();
        assertThat(reg.get("eeg.deadline.due").tag("rule", any.id()).tag("action", any.onDue().name()).counter().count()).isZero();
    }

    @Test
    void warningsAndBreachesAreCountedPerRuleWithoutTheRequest() {
        SimpleMeterRegistry reg = new SimpleMeterRegistry();
        DeadlineMeters m = new DeadlineMeters(reg, DeadlineRules.builtIn());
        Instant t = Instant.parse("2026-12-07T10:00:00Z");
        m.count(new DeadlineEvent.Warning("req-1", "EPOC_PRODUCTION", "24 h left", t, t, "src"));
        m.count(new DeadlineEvent.Due("req-1", "EPOC_PRODUCTION", DueAction.BREACH, t, t, "src"));
        m.count(new DeadlineEvent.Due("req-2", "EPOC_PRODUCTION", DueAction.BREACH, t, t, "src"));
        assertThat(reg.get("eeg.deadline.warnings").tag("rule", "EPOC_PRODUCTION").counter().count()).isEqualTo(1);
        assertThat(reg.get("eeg.deadline.due").tag("rule", "EPOC_PRODUCTION").tag("action", "BREACH").counter().count()).isEqualTo(2);
        assertThat(reg.getMeters()).allSatisfy(meter -> assertThat(meter.getId().getTags().toString()).doesNotContain("req-"));
    }
}
