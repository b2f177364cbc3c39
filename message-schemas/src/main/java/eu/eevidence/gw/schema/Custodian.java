package eu.eevidence.gw.schema;

import eu.eevidence.gw.schema.validation.SafeText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import eu.eevidence.gw.schema.validation.ValidationCode;

/**
 * Any available information identifying the custodian of the data or the location of the system
 * (Art. 29(2)(d)).
 *
 * @param platformId  the platform as registered in the node's directory (lower-case slug)
 * @param location    free-text location information (service, legal entity, data centre), optional
 */
public record Custodian(
        @NotBlank @Pattern(regexp = "^[a-z0-9][a-z0-9-]{1,62}$", message = ValidationCode.Codes.PLATFORM_ID) String platformId,
        @SafeText(max = 1000) String location) {
}
