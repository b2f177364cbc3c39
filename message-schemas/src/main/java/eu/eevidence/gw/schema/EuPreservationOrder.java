package eu.eevidence.gw.schema;

import eu.eevidence.gw.schema.validation.SafeText;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.OffsetDateTime;
import java.util.List;
import eu.eevidence.gw.schema.validation.ValidationCode;

/**
 * European Preservation Order Certificate (EPOC-PR), Reg. (EU) 2023/1543 Annex II. The addressee preserves
 * for 60 days (Art. 11(1)), longer when an Annex V confirmation arrives, extendable once by 30 days (Annex VI).
 *
 * @param issuingAuthority                 section A: issuing authority
 * @param validatingAuthority              validating authority, when needed
 * @param issuedAt                         date of issue
 * @param addressee                        section B
 * @param dataToPreserve                   categories, description, time range
 * @param identifiers                      typed identifiers concerned
 * @param offence                          the offence and a summary of the facts
 * @param subsequentRequestIntended        what subsequent request is intended (EPOC, EIO, MLA) and why preservation is necessary
 */
public record EuPreservationOrder(
        @NotNull @Valid IssuingAuthority issuingAuthority,
        @Valid IssuingAuthority validatingAuthority,
        @NotNull OffsetDateTime issuedAt,
        @NotNull @Valid EuAddressee addressee,
        @NotNull @Valid DataRequested dataToPreserve,
        @NotEmpty @Size(max = 100, message = ValidationCode.Codes.LENGTH) List<@NotNull @Valid AccountIdentifier> identifiers,
        @NotNull @Valid Offence offence,
        @NotBlank @SafeText(max = 4000) String subsequentRequestIntended) implements EvidenceRequest.Preservation {

    /** Art. 11(1): the obligation to preserve ceases after 60 days unless confirmed (Annex V) or extended. */
    public static final int PRESERVATION_DAYS = 60;
    /** Art. 11(1): one extension of 30 days (Annex VI). */
    public static final int EXTENSION_DAYS = 30;

    public EuPreservationOrder {
        identifiers = ProtocolOrder.copy(identifiers);
    }

    @Override
    public MessageType type() {
        return MessageType.EU_EPOC_PR;
    }

    @Override
    public Authority requestingAuthority() {
        return issuingAuthority == null ? null : issuingAuthority.details();
    }

    @Override
    public String platformId() {
        return addressee == null || addressee.provider() == null ? null : addressee.provider().platformId();
    }

    @Override
    public void checkRules(RuleSink sink) {
        EuRules.competence(issuingAuthority, validatingAuthority, sink);
    }
}
