package eu.eevidence.gw.schema;

import eu.eevidence.gw.schema.validation.SafeText;
import eu.eevidence.gw.schema.validation.ValidationCode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import eu.eevidence.gw.schema.PartialDisclosure.PathHop;
import eu.eevidence.gw.schema.PartialDisclosure.ThirdStateProvider;

import java.util.List;

/**
 * International cooperation for the purpose of expedited disclosure of preserved traffic data, United Nations
 * Convention against Cybercrime Art. 43: while executing an Art. 42 request for traffic data the requested State Party
 * found that a provider in another State was involved in the transmission, and discloses a sufficient amount of traffic
 * data to identify that provider and the path. Same content as ETS 185 Art. 30 ({@link PartialDisclosure}).
 *
 * @param thirdStateProvider  the provider in the other State
 * @param path                the path through which the communication was transmitted, in order
 * @param trafficDataSummary  the traffic data disclosed (sufficient amount only)
 */
public record UnccPartialDisclosure(
        @NotNull @Valid ThirdStateProvider thirdStateProvider,
        @NotEmpty @Size(max = 50, message = ValidationCode.Codes.LENGTH) List<@NotNull @Valid PathHop> path,
        @Sensitive @NotBlank @SafeText(max = 8000) String trafficDataSummary) implements LifecycleMessage.Answer {

    public UnccPartialDisclosure {
        path = ProtocolOrder.copy(path);
    }

    @Override
    public MessageType type() {
        return MessageType.UNCC_ART43_PARTIAL_DISCLOSURE;
    }
}
