package eu.eevidence.gw.schema;

import eu.eevidence.gw.schema.validation.SafeText;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import eu.eevidence.gw.schema.validation.ValidationCode;

/**
 * Extension of the preservation of electronic evidence, Reg. (EU) 2023/1543 Annex VI (Art. 11(1)):
 * once, by 30 days, where necessary to allow a subsequent request to be issued. Correlates with the
 * EPOC-PR; "only once" is checked against the case by {@code CorrelationLookup}.
 *
 * @param additionalDays  must be 30
 * @param justification   why the extension is necessary
 */
public record PreservationExtension(
        @NotNull @Min(value = 30, message = ValidationCode.Codes.EPOC_PR_EXTENSION_DAYS) @Max(value = 30,
                message = ValidationCode.Codes.EPOC_PR_EXTENSION_DAYS) Integer additionalDays,
        @NotBlank @SafeText(max = 4000) String justification) implements LifecycleMessage.FollowUp {

    @Override
    public MessageType type() {
        return MessageType.EU_ANNEX6_EXTENSION;
    }
}
