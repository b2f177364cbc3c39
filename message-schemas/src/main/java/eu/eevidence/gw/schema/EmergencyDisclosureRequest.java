package eu.eevidence.gw.schema;

import eu.eevidence.gw.schema.validation.CountryCode;
import eu.eevidence.gw.schema.validation.SafeText;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.OffsetDateTime;
import java.util.List;
import eu.eevidence.gw.schema.validation.ValidationCode;

/**
 * Expedited disclosure of stored computer data in an emergency, from 24/7 point of contact to 24/7 point
 * of contact, CETS 224 Art. 9(3).
 *
 * @param requestingAuthority   (a) the competent authority seeking the data
 * @param issuedAt              (a) date issued
 * @param issuedUnderProtocol   (b) statement that the request is issued under the Protocol: must be true
 * @param requestedParty        ISO 3166-1 alpha-2 code of the requested Party
 * @param serviceProvider       (c) name and address of the provider in possession or control of the data
 * @param offence               (d) offence(s), legal provisions and penalties
 * @param emergency             (e) facts demonstrating the emergency and how the data relate to it
 * @param dataSought            (f) detailed description of the data sought
 * @param identifiers           typed identifiers concerned
 * @param specialInstructions   (g) special procedural instructions, optional
 * @param otherInformation      (h) any other information that may assist, optional
 */
public record EmergencyDisclosureRequest(
        @NotNull @Valid Authority requestingAuthority,
        @NotNull OffsetDateTime issuedAt,
        @NotNull @AssertTrue(message = ValidationCode.Codes.PROTOCOL_STATEMENT) Boolean issuedUnderProtocol,
        @NotNull @CountryCode String requestedParty,
        @NotNull @Valid ServiceProvider serviceProvider,
        @NotNull @Valid Offence offence,
        @NotNull(message = ValidationCode.Codes.EMERGENCY_FACTS) @Valid EmergencyFacts emergency,
        @NotNull @Valid DataRequested dataSought,
        @Size(max = 100, message = ValidationCode.Codes.LENGTH) List<@NotNull @Valid AccountIdentifier> identifiers,
        @SafeText(max = 4000) String specialInstructions,
        @SafeText(max = 4000) String otherInformation) implements EvidenceRequest.Emergency {

    public EmergencyDisclosureRequest {
        identifiers = ProtocolOrder.copy(identifiers);
    }

    @Override
    public MessageType type() {
        return MessageType.PROTOCOL_ART9_EMERGENCY_DISCLOSURE;
    }

    @Override
    public String platformId() {
        return serviceProvider == null ? null : serviceProvider.platformId();
    }
}
