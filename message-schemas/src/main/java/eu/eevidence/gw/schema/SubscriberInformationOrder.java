package eu.eevidence.gw.schema;

import eu.eevidence.gw.schema.validation.SafeText;
import eu.eevidence.gw.schema.validation.ValidationCode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * Order to a service provider in another Party for subscriber information, CETS 224 Art. 7: the six order
 * items of 7(3) in {@link #order} and the eight supplemental items of 7(4).
 *
 * @param order                          7(3)(a)-(f)
 * @param identifiers                    typed identifiers of the accounts whose subscriber information is sought
 * @param domesticLegalGrounds           7(4)(a)
 * @param offenceProvisionsAndPenalties  7(4)(b)
 * @param returnContact                  7(4)(c) authority to which the provider returns data or asks questions
 * @param disclosure                     7(4)(d) time frame and manner of return; 7(4)(f) special instructions
 * @param earlierPreservation            7(4)(e) preservation already sought, optional
 * @param simultaneousNotification       7(4)(g) statement that simultaneous notification was made (7.5)
 * @param notifiedAuthority              the authority notified, required when simultaneousNotification is true
 * @param otherInformation               7(4)(h) any other helpful information
 */
public record SubscriberInformationOrder(
        @NotNull @Valid ProtocolOrder order,
        @Size(min = 1, max = 100, message = ValidationCode.Codes.LENGTH) List<@NotNull @Valid AccountIdentifier> identifiers,
        @NotBlank @SafeText(max = 4000) String domesticLegalGrounds,
        @NotBlank @SafeText(max = 4000) String offenceProvisionsAndPenalties,
        @NotNull @Valid Authority returnContact,
        @NotNull @Valid DisclosureTerms disclosure,
        @Valid EarlierPreservation earlierPreservation,
        @NotNull Boolean simultaneousNotification,
        @Valid Authority notifiedAuthority,
        @SafeText(max = 4000) String otherInformation) implements EvidenceRequest.Production {

    public SubscriberInformationOrder {
        identifiers = ProtocolOrder.copy(identifiers);
    }

    @Override
    public MessageType type() {
        return MessageType.PROTOCOL_ART7_SUBSCRIBER_ORDER;
    }

    @Override
    public Authority requestingAuthority() {
        return order == null ? null : order.issuingAuthority();
    }

    @Override
    public String platformId() {
        return order == null || order.serviceProviders() == null || order.serviceProviders().isEmpty() || order.serviceProviders().get(0) == null
                ? null : order.serviceProviders().get(0).platformId();
    }

    @Override
    public void checkRules(RuleSink sink) {
        if (Boolean.TRUE.equals(simultaneousNotification) && notifiedAuthority == null) {
            sink.fail("notifiedAuthority", ValidationCode.ART7_NOTIFICATION);
        }
    }
}
