package eu.eevidence.gw.schema;

import eu.eevidence.gw.schema.validation.CountryCode;
import eu.eevidence.gw.schema.validation.SafeText;
import eu.eevidence.gw.schema.validation.ValidationCode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.Set;

/**
 * Mutual assistance regarding accessing of stored computer data, ETS 185 Art. 31, under Art. 27 where no
 * treaty applies; conditions of Art. 27(8) / 28 (confidentiality, limitation of use).
 *
 * @param requestingAuthority   the central (or, if urgent, judicial) authority making the request (27.2, 27.9)
 * @param requestedParty        ISO 3166-1 alpha-2 code of the requested Party
 * @param offence               the offence and a summary of the facts
 * @param measures              search or similar access, seizure or similar securing, disclosure (31.1)
 * @param dataSought            the data sought
 * @param custodian             provider holding the data, when known
 * @param identifiers           typed identifiers of the accounts concerned
 * @param earlierPreservation   the Art. 29 preservation this request follows, optional (31.1)
 * @param expedited             ask for a response on an expedited basis (31.3)
 * @param expeditedReason       why the data are vulnerable to loss or modification; required when expedited
 * @param conditions            confidentiality and limitation of use (27.8, 28.2)
 */
public record StoredDataAssistanceRequest(
        @NotNull @Valid Authority requestingAuthority,
        @NotNull @CountryCode String requestedParty,
        @NotNull @Valid Offence offence,
        @NotEmpty Set<@NotNull AssistanceMeasure> measures,
        @NotNull @Valid DataRequested dataSought,
        @Valid Custodian custodian,
        @Size(max = 100, message = ValidationCode.Codes.LENGTH) List<@NotNull @Valid AccountIdentifier> identifiers,
        @Valid EarlierPreservation earlierPreservation,
        @NotNull Boolean expedited,
        @SafeText(max = 4000) String expeditedReason,
        @NotNull @Valid UseConditions conditions) implements EvidenceRequest.MutualAssistance {

    public StoredDataAssistanceRequest {
        measures = measures == null ? null : java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(measures));
        identifiers = ProtocolOrder.copy(identifiers);
    }

    @Override
    public MessageType type() {
        return MessageType.BUDAPEST_ART31_MUTUAL_ASSISTANCE;
    }

    @Override
    public String platformId() {
        return custodian == null ? null : custodian.platformId();
    }

    @Override
    public void checkRules(RuleSink sink) {
        if (Boolean.TRUE.equals(expedited) && (expeditedReason == null || expeditedReason.isBlank())) {
            sink.fail("expeditedReason", ValidationCode.ART31_EXPEDITED);
        }
    }

    /** The measures of ETS 185 Art. 31(1). */
    public enum AssistanceMeasure {
        SEARCH_OR_SIMILAR_ACCESS,
        SEIZURE_OR_SIMILAR_SECURING,
        DISCLOSURE
    }
}
