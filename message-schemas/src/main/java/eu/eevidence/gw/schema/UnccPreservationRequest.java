package eu.eevidence.gw.schema;

import eu.eevidence.gw.schema.validation.CountryCode;
import eu.eevidence.gw.schema.validation.SafeText;
import eu.eevidence.gw.schema.validation.ValidationCode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * International cooperation for the purpose of expedited preservation of stored electronic data, United Nations
 * Convention against Cybercrime (General Assembly resolution 79/243 of 24 December 2024, annex; "UNCC") Art. 42.
 * The request "shall specify" the same six items as ETS 185 Art. 29(2) ((a) {@link #requestingAuthority}, (b)
 * {@link #offence}, (c) {@link #dataToPreserve}, (d) {@link #custodian}, (e) {@link Terms#necessity}, (f)
 * {@link Terms#mutualAssistanceIntent}) and, as appropriate, (g) the need to keep the request confidential and not to
 * notify the user ({@link Terms#confidentiality}). Preservation lasts not less than 60 days and, once the mutual legal assistance
 * request arrives, until it is decided. Paragraph letters and the 60-day figure are from the official text as recalled,
 * not re-read in a retrieved copy (docs/design/tfvawg.md lists what was confirmed).
 *
 * @param clientRequestId         the sender's own reference
 * @param requestingAuthority     Art. 42: the authority seeking the preservation
 * @param requestedParty          ISO 3166-1 alpha-2 code of the State Party asked to preserve
 * @param offence                 Art. 42: the offence and a brief summary of the related facts
 * @param dataToPreserve          Art. 42: the stored electronic data and their relationship to the offence
 * @param custodian               Art. 42: the custodian or the location of the ICT system; names the platform
 * @param identifiers             typed identifiers of the account(s) concerned
 * @param terms                   Art. 42: necessity, intent to request mutual legal assistance, confidentiality, period
 */
public record UnccPreservationRequest(
        @Size(min = 1, max = 100, message = ValidationCode.Codes.LENGTH)
        @Pattern(regexp = "^[A-Za-z0-9][A-Za-z0-9._:/-]*$", message = ValidationCode.Codes.REFERENCE) String clientRequestId,
        @NotNull @Valid Authority requestingAuthority,
        @NotNull @CountryCode String requestedParty,
        @NotNull @Valid Offence offence,
        @NotNull @Valid DataToPreserve dataToPreserve,
        @NotNull @Valid Custodian custodian,
        @NotEmpty @Size(max = 100, message = ValidationCode.Codes.LENGTH) List<@NotNull @Valid AccountIdentifier> identifiers,
        @NotNull @Valid Terms terms)
        implements EvidenceRequest.Preservation {

    /** The floor of the preservation period: not less than sixty days (as ETS 185 Art. 29(7)). */
    public static final int MINIMUM_PRESERVATION_DAYS = 60;

    public UnccPreservationRequest {
        identifiers = identifiers == null ? null : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(identifiers));
    }

    /**
     * The rest of what Art. 42 asks: (e) necessity, (f) intent to request mutual legal assistance, (g) confidentiality,
     * and the period.
     *
     * @param necessity               the necessity of the preservation
     * @param mutualAssistanceIntent  the intent to submit a mutual legal assistance request (must be true)
     * @param confidentiality         as appropriate: keep the request confidential and do not notify the user
     * @param preservationDays        requested period in days, at least 60; defaults to 60
     */
    public record Terms(
            @NotBlank @SafeText(max = 4000) String necessity,
            @NotNull @Valid MutualAssistanceIntent mutualAssistanceIntent,
            Boolean confidentiality,
            @Min(value = 60, message = ValidationCode.Codes.ART29_MIN_PERIOD) @Max(value = 3650,
                    message = ValidationCode.Codes.PERIOD_MAX) Integer preservationDays) {

        public Terms {
            if (preservationDays == null) {
                preservationDays = MINIMUM_PRESERVATION_DAYS;
            }
        }
    }

    @Override
    public MessageType type() {
        return MessageType.UNCC_ART42_PRESERVATION;
    }

    @Override
    public String platformId() {
        return custodian == null ? null : custodian.platformId();
    }

    /** The requested preservation period, never below the floor. */
    public int effectivePreservationDays() {
        return terms == null || terms.preservationDays() == null ? MINIMUM_PRESERVATION_DAYS
                : Math.max(MINIMUM_PRESERVATION_DAYS, terms.preservationDays());
    }
}
