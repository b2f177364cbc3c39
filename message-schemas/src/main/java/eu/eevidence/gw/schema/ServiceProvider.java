package eu.eevidence.gw.schema;

import eu.eevidence.gw.schema.validation.CountryCode;
import eu.eevidence.gw.schema.validation.SafeText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import eu.eevidence.gw.schema.validation.ValidationCode;

/**
 * A service provider or domain-name registration entity to be served (CETS 224 Art. 7(3)(c): name and
 * address), or the addressee of an EU order (Annex I/II section B).
 *
 * @param platformId  the provider's id in the node directory (lower-case slug)
 * @param legalName   the legal entity's name, e.g. "Demo Platform Ireland Ltd"
 * @param address     postal address
 * @param country     ISO 3166-1 alpha-2 code of the establishment addressed
 */
public record ServiceProvider(
        @NotBlank @Pattern(regexp = "^[a-z0-9][a-z0-9-]{1,62}$", message = ValidationCode.Codes.PLATFORM_ID) String platformId,
        @NotBlank @SafeText(max = 300) String legalName,
        @SafeText(max = 1000) String address,
        @NotNull @CountryCode String country) {
}
