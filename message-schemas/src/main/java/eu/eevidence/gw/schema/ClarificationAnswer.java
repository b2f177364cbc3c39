package eu.eevidence.gw.schema;

import eu.eevidence.gw.schema.validation.SafeText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;
import eu.eevidence.gw.schema.validation.ValidationCode;

/**
 * Answer to a clarification request (or to an Annex III request for clarification).
 *
 * @param answers  answers in the order of the questions; may identify victims or witnesses
 */
public record ClarificationAnswer(
        @Sensitive @NotEmpty @Size(max = 50, message = ValidationCode.Codes.LENGTH) List<@NotNull @NotBlank @SafeText(max = 8000) String> answers)
        implements LifecycleMessage.FollowUp {

    public ClarificationAnswer {
        answers = ProtocolOrder.copy(answers);
    }

    @Override
    public MessageType type() {
        return MessageType.CLARIFICATION_ANSWER;
    }
}
