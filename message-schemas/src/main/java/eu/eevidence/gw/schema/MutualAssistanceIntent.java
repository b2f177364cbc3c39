package eu.eevidence.gw.schema;

import eu.eevidence.gw.schema.validation.SafeText;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import eu.eevidence.gw.schema.validation.ValidationCode;

/**
 * That the requesting Party intends to submit a request for mutual assistance for the search or similar
 * access, seizure or similar securing, or disclosure of the data (Art. 29(2)(f)).
 *
 * @param intended  must be {@code true}: a preservation under Art. 29 is only a bridge to mutual assistance
 * @param measures  which measure the later request will seek (optional free text)
 */
public record MutualAssistanceIntent(
        @NotNull @AssertTrue(message = ValidationCode.Codes.ART29_MLA_INTENT) Boolean intended,
        @SafeText(max = 1000) String measures) {
}
