package eu.eevidence.gw.schema;

import eu.eevidence.gw.schema.validation.ValidIdentifier;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.OffsetDateTime;
import eu.eevidence.gw.schema.validation.ValidationCode;

/**
 * One typed identifier of the data subject's account or resource. Identifiers are personal data.
 *
 * @param type        the identifier type, which decides the syntax of {@code value}
 * @param value       the identifier itself
 * @param port        source port, for {@link IdentifierType#IP_ADDRESS} only
 * @param observedAt  when the identifier was observed; required for {@link IdentifierType#IP_ADDRESS}
 */
@ValidIdentifier
public record AccountIdentifier(
        @NotNull IdentifierType type,
        @Sensitive @NotBlank @Size(max = 2048, message = ValidationCode.Codes.LENGTH) String value,
        @Min(value = 0, message = ValidationCode.Codes.PORT) @Max(value = 65535, message = ValidationCode.Codes.PORT) Integer port,
        OffsetDateTime observedAt) {
}
