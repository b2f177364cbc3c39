package eu.eevidence.gw.schema;

import eu.eevidence.gw.schema.validation.SafeText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.OffsetDateTime;
import java.util.List;
import eu.eevidence.gw.schema.validation.ValidationCode;

/**
 * Request for clarification of the correlated request.
 *
 * @param questions   what the requester must clarify
 * @param answerBy    when the answer is needed, optional
 */
public record ClarificationRequest(
        @NotEmpty @Size(max = 50, message = ValidationCode.Codes.LENGTH) List<@NotNull @NotBlank @SafeText(max = 4000) String> questions,
        OffsetDateTime answerBy) implements LifecycleMessage.Answer {

    public ClarificationRequest {
        questions = ProtocolOrder.copy(questions);
    }

    @Override
    public MessageType type() {
        return MessageType.CLARIFICATION_REQUEST;
    }
}
