package eu.eevidence.gw.schema;

import eu.eevidence.gw.schema.validation.SafeText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.time.OffsetDateTime;

/**
 * Time frame and manner of disclosure, and special instructions (CETS 224 Art. 6(3)(d), 7(4)(d)/(f)).
 *
 * @param respondBy             the time by which to disclose
 * @param manner                how to return the data (e.g. "via this gateway, SHA-256 manifest")
 * @param specialInstructions   special procedural instructions (e.g. confidentiality, no user notice), optional
 */
public record DisclosureTerms(
        @NotNull OffsetDateTime respondBy,
        @NotBlank @SafeText(max = 1000) String manner,
        @SafeText(max = 4000) String specialInstructions) {
}
