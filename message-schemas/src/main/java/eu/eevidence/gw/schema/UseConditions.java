package eu.eevidence.gw.schema;

import eu.eevidence.gw.schema.validation.SafeText;
import jakarta.validation.constraints.NotNull;

/**
 * Confidentiality and limitation of use (ETS 185 Art. 27(8), Art. 28(2)).
 *
 * @param confidentialityRequested  the requesting Party asks that the fact and substance of the request be kept confidential (27.8)
 * @param limitationOfUse           the investigation or proceedings to which use of the information is limited (28.2.b), optional
 */
public record UseConditions(
        @NotNull Boolean confidentialityRequested,
        @SafeText(max = 2000) String limitationOfUse) {
}
