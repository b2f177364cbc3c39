package eu.eevidence.gw.schema;

import eu.eevidence.gw.schema.validation.CountryCode;
import eu.eevidence.gw.schema.validation.SafeText;
import eu.eevidence.gw.schema.validation.ValidationCode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import eu.eevidence.gw.schema.ContactPointAssistanceRequest.AssistanceKind;

import java.util.List;
import java.util.Set;

/**
 * Request through the 24/7 network, United Nations Convention against Cybercrime Art. 41: a point of contact available
 * twenty-four hours a day, seven days a week, for immediate assistance (technical advice, preservation under Arts. 42
 * and 43, collection of evidence, legal information, locating suspects). Same shape as ETS 185 Art. 35
 * ({@link ContactPointAssistanceRequest}).
 *
 * @param requestingAuthority  the requesting 24/7 point of contact
 * @param requestedParty       ISO 3166-1 alpha-2 code of the State Party whose point of contact is asked
 * @param assistance           kinds of assistance asked
 * @param description          what is asked and why; may identify victims
 * @param offence              the offence, when known
 * @param identifiers          identifiers concerned, optional
 * @param threatToLife         true when sought because of a threat to the life or safety of a person (emergency lane)
 */
public record UnccContactPointRequest(
        @NotNull @Valid Authority requestingAuthority,
        @NotNull @CountryCode String requestedParty,
        @NotEmpty Set<@NotNull AssistanceKind> assistance,
        @Sensitive @NotBlank @SafeText(max = 8000) String description,
        @Valid Offence offence,
        @Size(max = 100, message = ValidationCode.Codes.LENGTH) List<@NotNull @Valid AccountIdentifier> identifiers,
        Boolean threatToLife)
        implements EvidenceRequest.MutualAssistance {

    public UnccContactPointRequest {
        assistance = assistance == null ? null : java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(assistance));
        identifiers = ProtocolOrder.copy(identifiers);
    }

    @Override
    public MessageType type() {
        return MessageType.UNCC_ART41_ASSISTANCE;
    }
}
