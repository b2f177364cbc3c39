package eu.eevidence.gw.schema;

import eu.eevidence.gw.schema.validation.CountryCode;
import eu.eevidence.gw.schema.validation.SafeText;
import eu.eevidence.gw.schema.validation.ValidationCode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import eu.eevidence.gw.schema.StoredDataAssistanceRequest.AssistanceMeasure;

import java.util.List;
import java.util.Set;

/**
 * Mutual legal assistance in accessing stored electronic data, United Nations Convention against Cybercrime Art. 44
 * (search or similar access, seizure or similar securing, disclosure, including data preserved under Art. 42; a response
 * on an expedited basis where the data are particularly vulnerable to loss or modification), with the content of a
 * request for mutual legal assistance of Art. 40 (identity of the requesting authority, subject matter and nature of the
 * investigation, summary of the facts, assistance sought, persons, items or accounts concerned, time period, purpose).
 *
 * @param requestingAuthority   Art. 40: the authority making the request (central authority)
 * @param requestedParty        ISO 3166-1 alpha-2 code of the requested State Party
 * @param offence               Art. 40: subject matter and nature of the investigation, summary of the relevant facts
 * @param dataSought            Art. 40: description of the assistance sought and the time period concerned
 * @param custodian             provider holding the data, when known
 * @param identifiers           Art. 40: accounts concerned, typed
 * @param earlierPreservation   the Art. 42 preservation this request follows, optional (Art. 44)
 * @param assistance            Arts. 40, 44: measures, purpose, expedited basis and its reason, conditions
 */
public record UnccStoredDataRequest(
        @NotNull @Valid Authority requestingAuthority,
        @NotNull @CountryCode String requestedParty,
        @NotNull @Valid Offence offence,
        @NotNull @Valid DataRequested dataSought,
        @Valid Custodian custodian,
        @Size(max = 100, message = ValidationCode.Codes.LENGTH) List<@NotNull @Valid AccountIdentifier> identifiers,
        @Valid EarlierPreservation earlierPreservation,
        @NotNull @Valid Assistance assistance) implements EvidenceRequest.MutualAssistance {

    public UnccStoredDataRequest {
        identifiers = ProtocolOrder.copy(identifiers);
    }

    /**
     * The assistance asked (Arts. 40 and 44).
     *
     * @param measures         search or similar access, seizure or similar securing, disclosure (Art. 44)
     * @param purpose          the purpose for which the evidence, information or action is sought (Art. 40)
     * @param expedited        ask for a response on an expedited basis (Art. 44)
     * @param expeditedReason  why the data are vulnerable to loss or modification; required when expedited
     * @param conditions       confidentiality and limitation of use (Art. 40)
     */
    public record Assistance(
            @NotEmpty Set<@NotNull AssistanceMeasure> measures,
            @NotBlank @SafeText(max = 4000) String purpose,
            @NotNull Boolean expedited,
            @SafeText(max = 4000) String expeditedReason,
            @NotNull @Valid UseConditions conditions) {

        public Assistance {
            measures = measures == null ? null : java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(measures));
        }
    }

    @Override
    public MessageType type() {
        return MessageType.UNCC_ART44_MUTUAL_ASSISTANCE;
    }

    @Override
    public String platformId() {
        return custodian == null ? null : custodian.platformId();
    }

    @Override
    public void checkRules(RuleSink sink) {
        if (assistance != null && Boolean.TRUE.equals(assistance.expedited())
                && (assistance.expeditedReason() == null || assistance.expeditedReason().isBlank())) {
            sink.fail("assistance.expeditedReason", ValidationCode.ART31_EXPEDITED);
        }
    }
}
