package eu.eevidence.gw.schema;

import eu.eevidence.gw.schema.validation.SafeText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.time.OffsetDateTime;

/**
 * Postponement of execution (ETS 185 Art. 27(5): action would prejudice domestic investigations;
 * CETS 224 Art. 8(8)).
 *
 * @param until   until when execution is postponed
 * @param reason  why
 */
public record Postponement(@NotNull OffsetDateTime until, @NotBlank @SafeText(max = 4000) String reason) implements LifecycleMessage.Answer {

    @Override
    public MessageType type() {
        return MessageType.POSTPONEMENT;
    }
}
