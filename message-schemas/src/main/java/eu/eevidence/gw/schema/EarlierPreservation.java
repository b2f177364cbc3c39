package eu.eevidence.gw.schema;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.OffsetDateTime;
import eu.eevidence.gw.schema.validation.ValidationCode;

/**
 * An earlier preservation request that the current request builds on (ETS 185 Art. 31(1); CETS 224
 * Art. 7(4)(e), 8(3)(a)(vii); Annex I of Reg. (EU) 2023/1543).
 *
 * @param reference   the preservation's reference number (or the gateway message id of the request)
 * @param preservedAt when preservation was sought
 */
public record EarlierPreservation(
        @NotNull @Size(min = 1, max = 100, message = ValidationCode.Codes.LENGTH)
        @Pattern(regexp = "^[A-Za-z0-9][A-Za-z0-9._:/-]*$", message = ValidationCode.Codes.REFERENCE) String reference,
        @NotNull OffsetDateTime preservedAt) {
}
