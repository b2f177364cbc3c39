package eu.eevidence.gw.schema;

import eu.eevidence.gw.schema.validation.SafeText;
import jakarta.validation.constraints.NotBlank;
import eu.eevidence.gw.schema.validation.ValidationCode;

/**
 * Facts that demonstrate an emergency: "a situation in which there is a significant and imminent risk to
 * the life or safety of any natural person" (CETS 224 Art. 3(2)(c); Reg. (EU) 2023/1543 Art. 3(18)),
 * and how the data sought relate to it (CETS 224 Art. 9(3)(e)).
 *
 * @param riskToLifeOrSafety    the facts showing the significant and imminent risk; identifies victims
 * @param relationOfDataToRisk  how the data sought relate to that risk
 */
public record EmergencyFacts(
        @Sensitive @NotBlank(message = ValidationCode.Codes.EMERGENCY_FACTS) @SafeText(max = 8000) String riskToLifeOrSafety,
        @NotBlank(message = ValidationCode.Codes.EMERGENCY_FACTS) @SafeText(max = 4000) String relationOfDataToRisk) {
}
