package eu.eevidence.gw.schema;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.OffsetDateTime;
import eu.eevidence.gw.schema.validation.ValidationCode;

/**
 * Acknowledgement of receipt of the correlated message (business receipt, not a transport receipt).
 *
 * @param receivedAt          when the receiver took the message in
 * @param receiverReference   the receiver's own case reference (e.g. DISC-12345), optional
 */
public record Acknowledgement(
        @NotNull OffsetDateTime receivedAt,
        @Size(min = 1, max = 100, message = ValidationCode.Codes.LENGTH)
        @Pattern(regexp = "^[A-Za-z0-9][A-Za-z0-9._:/-]*$", message = ValidationCode.Codes.REFERENCE) String receiverReference)
        implements LifecycleMessage.Answer {

    @Override
    public MessageType type() {
        return MessageType.ACKNOWLEDGEMENT;
    }
}
