package eu.eevidence.gw.schema;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

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
        @Size(min = 1, max = 100, message = "EEG-VAL-LENGTH")
        @Pattern(regexp = "^[A-Za-z0-9][A-Za-z0-9._:/-]*$", message = "EEG-VAL-REFERENCE") String fileReference) {
}
