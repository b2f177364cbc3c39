package eu.eevidence.gw.schema;

import eu.eevidence.gw.schema.validation.CountryCode;
import eu.eevidence.gw.schema.validation.SafeText;
import eu.eevidence.gw.schema.validation.ValidationCode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A platform reports, on its own initiative and without a prior request, a threat to the life or safety of a person to
 * the 24/7 point of contact of the State concerned, and discloses the data it holds about it (Council of Europe
 * CM/Rec(2026)2 para. 38.4; the urgency context of CETS 224 Art. 9 and Reg. (EU) 2023/1543 Art. 3(18)). Sent by the
 * platform, signed with its certificate as its answers are, to the node of that State, which opens a case for its
 * 24/7 point of contact.
 *
 * @param platform         the disclosing service provider (its id in the node directory, name, address, establishment)
 * @param concernedParty   ISO 3166-1 alpha-2 code of the State concerned (where the person at risk is, as far as known)
 * @param observedAt       when the platform became aware of the threat
 * @param emergency        the facts showing the significant and imminent risk, and how the disclosed data relate to it
 * @param disclosed        the data disclosed with this message (categories, description, period)
 * @param identifiers      typed identifiers concerned (accounts, addresses)
 * @param platformContact  how the 24/7 point of contact reaches the platform's emergency team (name, phone, e-mail)
 */
public record PlatformEmergencyDisclosure(
        @NotNull @Valid ServiceProvider platform,
        @NotNull @CountryCode String concernedParty,
        @NotNull OffsetDateTime observedAt,
        @NotNull(message = ValidationCode.Codes.EMERGENCY_FACTS) @Valid EmergencyFacts emergency,
        @NotNull @Valid DataRequested disclosed,
        @Size(max = 100, message = ValidationCode.Codes.LENGTH) List<@NotNull @Valid AccountIdentifier> identifiers,
        @NotBlank @SafeText(max = 1000) String platformContact) implements EvidenceRequest.Emergency {

    public PlatformEmergencyDisclosure {
        identifiers = ProtocolOrder.copy(identifiers);
    }

    @Override
    public MessageType type() {
        return MessageType.PLATFORM_EMERGENCY_DISCLOSURE;
    }
}
