package eu.eevidence.gw.schema;

import eu.eevidence.gw.schema.validation.SafeText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.time.OffsetDateTime;

/**
 * The requester changes the deadline of the correlated request (ETSI TS 104 144 "newdeadline").
 *
 * @param newDeadline  the new deadline
 * @param reason       why
 */
public record DeadlineChange(@NotNull OffsetDateTime newDeadline, @NotBlank @SafeText(max = 4000) String reason)
        implements LifecycleMessage.FollowUp {

    @Override
    public MessageType type() {
        return MessageType.DEADLINE_CHANGE;
    }
}
