package eu.eevidence.gw.schema;

import eu.eevidence.gw.schema.validation.CountryCode;
import eu.eevidence.gw.schema.validation.SafeText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import eu.eevidence.gw.schema.validation.ValidationCode;

/**
 * A sender or receiver of the envelope.
 *
 * @param kind     the party's role in the procedure
 * @param id       the party's id in the node directory (lower-case slug, e.g. {@code fr-ofac-247} or a platform id)
 * @param country  ISO 3166-1 alpha-2 code of the party's State (for a provider: of the establishment addressed)
 * @param name     display name, optional
 */
public record Party(
        @NotNull PartyKind kind,
        @NotBlank @Pattern(regexp = "^[a-z0-9][a-z0-9-]{1,62}$", message = ValidationCode.Codes.PLATFORM_ID) String id,
        @NotNull @CountryCode String country,
        @SafeText(max = 300) String name) {
}
