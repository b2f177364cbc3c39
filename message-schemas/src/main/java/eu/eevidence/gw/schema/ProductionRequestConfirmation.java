package eu.eevidence.gw.schema;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.OffsetDateTime;
import eu.eevidence.gw.schema.validation.ValidationCode;

/**
 * Confirmation of issuance of a request for production following a European Preservation Order,
 * Reg. (EU) 2023/1543 Annex V (Art. 11(1)): the addressee keeps preserving until the subsequent request
 * is served. Correlates with the EPOC-PR.
 *
 * @param subsequentRequest  kind of the subsequent request
 * @param requestReference   its reference, optional
 * @param issuedAt           when it was issued
 */
public record ProductionRequestConfirmation(
        @NotNull SubsequentRequestKind subsequentRequest,
        @Size(min = 1, max = 100, message = ValidationCode.Codes.LENGTH)
        @Pattern(regexp = "^[A-Za-z0-9][A-Za-z0-9._:/-]*$", message = ValidationCode.Codes.REFERENCE) String requestReference,
        @NotNull OffsetDateTime issuedAt) implements LifecycleMessage.FollowUp {

    @Override
    public MessageType type() {
        return MessageType.EU_ANNEX5_CONFIRMATION;
    }

    public enum SubsequentRequestKind {
        EUROPEAN_PRODUCTION_ORDER,
        EUROPEAN_INVESTIGATION_ORDER,
        MUTUAL_LEGAL_ASSISTANCE
    }
}
