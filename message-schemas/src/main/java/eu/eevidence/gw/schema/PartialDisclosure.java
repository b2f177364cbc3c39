package eu.eevidence.gw.schema;

import eu.eevidence.gw.schema.validation.CountryCode;
import eu.eevidence.gw.schema.validation.SafeText;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;
import eu.eevidence.gw.schema.validation.ValidationCode;

/**
 * Expedited disclosure of preserved traffic data, ETS 185 Art. 30(1): while executing an Art. 29 request
 * for traffic data the requested Party found that a provider in another State was involved in the
 * transmission, and discloses enough traffic data to identify that provider and the path.
 *
 * @param thirdStateProvider  the provider in the other State
 * @param path                the path through which the communication was transmitted, in order
 * @param trafficDataSummary  the traffic data disclosed (sufficient amount only)
 */
public record PartialDisclosure(
        @NotNull @Valid ThirdStateProvider thirdStateProvider,
        @NotEmpty @Size(max = 50, message = ValidationCode.Codes.LENGTH) List<@NotNull @Valid PathHop> path,
        @Sensitive @NotBlank @SafeText(max = 8000) String trafficDataSummary) implements LifecycleMessage.Answer {

    public PartialDisclosure {
        path = ProtocolOrder.copy(path);
    }

    @Override
    public MessageType type() {
        return MessageType.BUDAPEST_ART30_PARTIAL_DISCLOSURE;
    }

    /**
     * @param name     provider name
     * @param country  ISO 3166-1 alpha-2 code of the third State
     */
    public record ThirdStateProvider(@NotBlank @SafeText(max = 300) String name, @NotNull @CountryCode String country) {
    }

    /**
     * One hop of the transmission path.
     *
     * @param provider    the provider or network operator at this hop
     * @param country     its State
     * @param identifier  an identifier observed at this hop (e.g. IP address with port and time), optional
     */
    public record PathHop(
            @NotBlank @SafeText(max = 300) String provider,
            @NotNull @CountryCode String country,
            @Valid AccountIdentifier identifier) {
    }
}
