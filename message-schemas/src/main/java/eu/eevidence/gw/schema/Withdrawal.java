package eu.eevidence.gw.schema;

import eu.eevidence.gw.schema.validation.SafeText;
import jakarta.validation.constraints.NotBlank;

/**
 * The requester withdraws the correlated request (e.g. the data are no longer needed).
 *
 * @param reason  why
 */
public record Withdrawal(@NotBlank @SafeText(max = 4000) String reason) implements LifecycleMessage.FollowUp {

    @Override
    public MessageType type() {
        return MessageType.WITHDRAWAL;
    }
}
