package eu.eevidence.gw.schema;

import eu.eevidence.gw.schema.validation.CountryCode;
import eu.eevidence.gw.schema.validation.SafeText;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.Set;
import eu.eevidence.gw.schema.validation.ValidationCode;

/**
 * Request to a 24/7 point of contact for immediate assistance, ETS 185 Art. 35(1).
 *
 * @param requestingAuthority  the requesting 24/7 point of contact
 * @param requestedParty       ISO 3166-1 alpha-2 code of the Party whose point of contact is asked
 * @param assistance           kinds of assistance asked (35.1.a-c)
 * @param description          what is asked and why; may identify victims
 * @param offence              the offence, when known
 * @param identifiers          identifiers concerned (e.g. for locating a suspect), optional
 * @param threatToLife         optional: true when the assistance is sought because of a threat to the life or safety of
 *                             a person (ETS 185 Art. 35; CETS 185 explanatory report paras. 298-299: the 24/7 network
 *                             exists for immediate, round-the-clock assistance). The gateway then treats the request as
 *                             an emergency (emergency lane, requester's signature; ADR-0031). Absent or false: ordinary.
 */
public record ContactPointAssistanceRequest(
        @NotNull @Valid Authority requestingAuthority,
        @NotNull @CountryCode String requestedParty,
        @NotEmpty Set<@NotNull AssistanceKind> assistance,
        @Sensitive @NotBlank @SafeText(max = 8000) String description,
        @Valid Offence offence,
        @Size(max = 100, message = ValidationCode.Codes.LENGTH) List<@NotNull @Valid AccountIdentifier> identifiers,
        Boolean threatToLife)
        implements EvidenceRequest.MutualAssistance {

    public ContactPointAssistanceRequest {
        assistance = assistance == null ? null : java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(assistance));
        identifiers = ProtocolOrder.copy(identifiers);
    }

    @Override
    public MessageType type() {
        return MessageType.BUDAPEST_ART35_ASSISTANCE;
    }

    /** ETS 185 Art. 35(1)(a)-(c). */
    public enum AssistanceKind {
        TECHNICAL_ADVICE,
        PRESERVATION,
        COLLECTION_OF_EVIDENCE,
        LEGAL_INFORMATION,
        LOCATING_SUSPECTS
    }
}
