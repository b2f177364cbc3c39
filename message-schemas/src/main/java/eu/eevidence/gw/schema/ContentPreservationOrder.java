package eu.eevidence.gw.schema;

import eu.eevidence.gw.schema.validation.SafeText;
import eu.eevidence.gw.schema.validation.ValidationCode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * Stand-alone order to secure (preserve) content or account data that does not depend on a criminal process
 * (Council of Europe Recommendation CM/Rec(2026)2 para. 33: "securing orders that do not depend on a criminal
 * process"). Modelled on {@link ContentRemovalOrder}: the order may be made under criminal, civil or administrative
 * law, the issuing authority's {@link IssuingAuthority#kind()} says which ({@link AuthorityKind#CIVIL_COURT},
 * {@link AuthorityKind#ADMINISTRATIVE_AUTHORITY}, or a judicial or prosecuting authority), and {@link #legalBasis}
 * cites the provision (ADR-0036). No instrument sets the period: the order does, 1 to {@value #MAX_DAYS} days.
 *
 * @param issuingAuthority  the authority ordering the preservation
 * @param issuedAt          date of issue
 * @param serviceProvider   the provider holding the data
 * @param legalBasis        the national or Union provision (civil, administrative or criminal law) the order is based on
 * @param reason            why the data must be secured; may identify the victim
 * @param identifiers       the content and account identifiers whose data is to be preserved (URL, account id, ...)
 * @param preservationDays  how long the data stays preserved: 1 to {@value #MAX_DAYS} days
 */
public record ContentPreservationOrder(
        @NotNull @Valid IssuingAuthority issuingAuthority,
        @NotNull OffsetDateTime issuedAt,
        @NotNull @Valid ServiceProvider serviceProvider,
        @NotBlank @SafeText(max = 1000) String legalBasis,
        @Sensitive @NotBlank @SafeText(max = 8000) String reason,
        @NotEmpty @Size(max = 100, message = ValidationCode.Codes.LENGTH) List<@NotNull @Valid AccountIdentifier> identifiers,
        @NotNull(message = ValidationCode.Codes.SECURING_PERIOD)
        @Min(value = 1, message = ValidationCode.Codes.SECURING_PERIOD)
        @Max(value = MAX_DAYS, message = ValidationCode.Codes.SECURING_PERIOD) Integer preservationDays)
        implements EvidenceRequest.Preservation {

    /** The longest preservation period an order may set, in days. */
    public static final int MAX_DAYS = 365;

    public ContentPreservationOrder {
        identifiers = ProtocolOrder.copy(identifiers);
    }

    @Override
    public MessageType type() {
        return MessageType.CONTENT_PRESERVATION_ORDER;
    }

    @Override
    public Authority requestingAuthority() {
        return issuingAuthority == null ? null : issuingAuthority.details();
    }

    @Override
    public String platformId() {
        return serviceProvider == null ? null : serviceProvider.platformId();
    }
}
