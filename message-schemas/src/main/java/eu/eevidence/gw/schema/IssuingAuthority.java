package eu.eevidence.gw.schema;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import eu.eevidence.gw.schema.validation.ValidationCode;

/**
 * An issuing or validating authority (Annex I/II sections A, I, J of Reg. (EU) 2023/1543).
 *
 * @param kind           judge, court, investigating judge, prosecutor or other competent authority
 * @param details        name, State and contact details
 * @param fileReference  the authority's file number, optional
 */
public record IssuingAuthority(
        @NotNull AuthorityKind kind,
        @NotNull @Valid Authority details,
        @Size(min = 1, max = 100, message = ValidationCode.Codes.LENGTH)
        @Pattern(regexp = "^[A-Za-z0-9][A-Za-z0-9._:/-]*$", message = ValidationCode.Codes.REFERENCE) String fileReference) {
}
