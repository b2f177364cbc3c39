package eu.eevidence.gw.schema;

import eu.eevidence.gw.schema.validation.CountryCode;
import eu.eevidence.gw.schema.validation.SafeText;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;
import eu.eevidence.gw.schema.validation.ValidationCode;

/**
 * Expedited preservation of stored computer data, Convention on Cybercrime (ETS 185) Art. 29.
 * Art. 29(2) lists what the request "shall specify": (a) {@link #requestingAuthority}, (b) {@link #offence},
 * (c) {@link #dataToPreserve}, (d) {@link #custodian}, (e) {@link #necessity}, (f) {@link #mutualAssistanceIntent}.
 * Art. 29(7): the data are preserved for not less than 60 days; {@link #preservationDays} may ask for more.
 *
 * @param type                    always {@link MessageType#BUDAPEST_ART29_PRESERVATION}
 * @param clientRequestId         the sender's own reference
 * @param requestingAuthority     Art. 29(2)(a)
 * @param requestedParty          ISO 3166-1 alpha-2 code of the Party asked to preserve
 * @param offence                 Art. 29(2)(b)
 * @param dataToPreserve          Art. 29(2)(c)
 * @param custodian               Art. 29(2)(d); names the platform
 * @param identifiers             typed identifiers of the account(s) concerned
 * @param necessity               Art. 29(2)(e): why preservation is necessary (risk of loss or modification)
 * @param mutualAssistanceIntent  Art. 29(2)(f)
 * @param preservationDays        requested period in days, at least 60 (Art. 29(7)); defaults to 60
 */
public record PreservationRequest(
        @NotNull MessageType type,
        @Size(min = 1, max = 100, message = ValidationCode.Codes.LENGTH)
        @Pattern(regexp = "^[A-Za-z0-9][A-Za-z0-9._:/-]*$", message = ValidationCode.Codes.REFERENCE) String clientRequestId,
        @NotNull @Valid Authority requestingAuthority,
        @NotNull @CountryCode String requestedParty,
        @NotNull @Valid Offence offence,
        @NotNull @Valid DataToPreserve dataToPreserve,
        @NotNull @Valid Custodian custodian,
        @NotEmpty @Size(max = 100, message = ValidationCode.Codes.LENGTH) List<@NotNull @Valid AccountIdentifier> identifiers,
        @NotBlank @SafeText(max = 4000) String necessity,
        @NotNull @Valid MutualAssistanceIntent mutualAssistanceIntent,
        @Min(value = 60, message = ValidationCode.Codes.ART29_MIN_PERIOD) @Max(value = 3650,
                message = ValidationCode.Codes.PERIOD_MAX) Integer preservationDays)
        implements EvidenceRequest.Preservation {

    /** Art. 29(7): "a period not less than sixty days". */
    public static final int MINIMUM_PRESERVATION_DAYS = 60;

    public PreservationRequest {
        // the type is implied by the record; JSON read through Message strips the discriminator
        type = MessageType.BUDAPEST_ART29_PRESERVATION;
        identifiers = identifiers == null ? null : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(identifiers));
        if (preservationDays == null) {
            preservationDays = MINIMUM_PRESERVATION_DAYS;
        }
    }

    @Override
    public String platformId() {
        return custodian == null ? null : custodian.platformId();
    }

    /** The requested preservation period, never below the legal floor. */
    public int effectivePreservationDays() {
        return Math.max(MINIMUM_PRESERVATION_DAYS, preservationDays);
    }
}
