package eu.eevidence.gw.gateway.deadline;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Deadline configuration of a node.
 *
 * @param overrides  JSON file of deployment and bilateral overrides of the legal defaults, or null
 * @param warnings   when warnings fire before an end
 * @param tick       how often the engine looks for due alarms (the firing accuracy is at most this, plus the work)
 */
public record DeadlineSettings(Path overrides, WarningPolicy warnings, Duration tick) {

    public static final DeadlineSettings DEFAULTS = new DeadlineSettings(null, WarningPolicy.DEFAULT, Duration.ofSeconds(1));

    public DeadlineSettings {
        warnings = warnings == null ? WarningPolicy.DEFAULT : warnings;
        tick = tick == null || tick.isNegative() || tick.isZero() ? Duration.ofSeconds(1) : tick;
    }

    public DeadlineRules rules() throws java.io.IOException {
        DeadlineRules r = DeadlineRules.builtIn();
        return overrides == null ? r : r.withOverrides(overrides);
    }
}
