package eu.eevidence.gw.schema;

import eu.eevidence.gw.schema.validation.SafeText;
import eu.eevidence.gw.schema.validation.ValidationCode;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * The executing side confirms that the data are preserved (ETS 185 Art. 29(7): not less than 60 days;
 * Reg. (EU) 2023/1543 Art. 11(1): 60 days, +30 on extension).
 *
 * @param preservedFrom   when preservation started
 * @param preservedUntil  earliest end of preservation; at least 60 days after the start
 * @param scope           what was preserved, when narrower than asked, optional
 */
public record PreservationConfirmed(
        @NotNull OffsetDateTime preservedFrom,
        @NotNull OffsetDateTime preservedUntil,
        @SafeText(max = 4000) String scope) implements LifecycleMessage.Answer {

    @Override
    public MessageType type() {
        return MessageType.PRESERVATION_CONFIRMED;
    }

    @Override
    public void checkRules(RuleSink sink) {
        if (preservedFrom != null && preservedUntil != null
                && Duration.between(preservedFrom, preservedUntil).compareTo(Duration.ofDays(60)) < 0) {
            sink.fail("preservedUntil", ValidationCode.PRESERVATION_PERIOD);
        }
    }
}
