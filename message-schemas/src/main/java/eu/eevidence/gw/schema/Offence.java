package eu.eevidence.gw.schema;

import eu.eevidence.gw.schema.validation.SafeText;
import jakarta.validation.constraints.NotBlank;

/**
 * The offence under investigation and a brief summary of the related facts (Art. 29(2)(b)).
 *
 * @param description          the offence as the requesting State names it
 * @param legalProvision       the provision of the requesting State's law (e.g. "Code penal art. 226-2-1")
 * @param summaryOfFacts       brief summary of the related facts; may identify victims, so it is sensitive
 */
public record Offence(
        @NotBlank @SafeText(max = 500) String description,
        @NotBlank @SafeText(max = 300) String legalProvision,
        @Sensitive @NotBlank @SafeText(max = 8000) String summaryOfFacts) {
}
