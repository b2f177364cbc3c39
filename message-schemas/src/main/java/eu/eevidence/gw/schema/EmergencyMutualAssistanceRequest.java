package eu.eevidence.gw.schema;

import eu.eevidence.gw.schema.validation.CountryCode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.Set;
import eu.eevidence.gw.schema.validation.ValidationCode;

/**
 * Emergency mutual assistance, CETS 224 Art. 10: the content of a mutual-assistance request plus the
 * facts demonstrating the emergency (10.3); may be sent through the 24/7 network or INTERPOL where the
 * requested Party declared so, with a copy to the central authority (10.9).
 *
 * @param requestingAuthority    the requesting (central) authority
 * @param requestedParty         ISO 3166-1 alpha-2 code of the requested Party
 * @param offence                the offence and facts
 * @param measures               measures sought
 * @param dataSought             the data sought
 * @param custodian              the provider holding the data, when known
 * @param identifiers            typed identifiers concerned
 * @param emergency              facts demonstrating the emergency and how the assistance relates to it (10.3)
 * @param earlierPreservation    an earlier preservation, optional
 * @param conditions             confidentiality and limitation of use
 * @param copyToCentralAuthority true when sent via the 24/7 network or INTERPOL with a copy to the central authority (10.9)
 */
public record EmergencyMutualAssistanceRequest(
        @NotNull @Valid Authority requestingAuthority,
        @NotNull @CountryCode String requestedParty,
        @NotNull @Valid Offence offence,
        @NotEmpty Set<StoredDataAssistanceRequest.@NotNull AssistanceMeasure> measures,
        @NotNull @Valid DataRequested dataSought,
        @Valid Custodian custodian,
        @Size(max = 100, message = ValidationCode.Codes.LENGTH) List<@NotNull @Valid AccountIdentifier> identifiers,
        @NotNull(message = ValidationCode.Codes.EMERGENCY_FACTS) @Valid EmergencyFacts emergency,
        @Valid EarlierPreservation earlierPreservation,
        @NotNull @Valid UseConditions conditions,
        @NotNull Boolean copyToCentralAuthority) implements EvidenceRequest.Emergency {

    public EmergencyMutualAssistanceRequest {
        measures = measures == null ? null : java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(measures));
        identifiers = ProtocolOrder.copy(identifiers);
    }

    @Override
    public MessageType type() {
        return MessageType.PROTOCOL_ART10_EMERGENCY_MLA;
    }

    @Override
    public String platformId() {
        return custodian == null ? null : custodian.platformId();
    }
}
