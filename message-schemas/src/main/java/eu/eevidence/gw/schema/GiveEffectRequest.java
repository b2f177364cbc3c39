package eu.eevidence.gw.schema;

import eu.eevidence.gw.schema.validation.CountryCode;
import eu.eevidence.gw.schema.validation.SafeText;
import eu.eevidence.gw.schema.validation.ValidationCode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.Set;

/**
 * Request to another Party to give effect to an order for subscriber information and traffic data,
 * CETS 224 Art. 8: the order (8.3.a, the items of Art. 7(3)) and the supporting information (8.3.b),
 * which the requested Party does not disclose to the provider without consent.
 *
 * @param requestedParty                 ISO 3166-1 alpha-2 code of the requested Party
 * @param order                          the order (8.3.a)
 * @param categories                     SUBSCRIBER and/or TRAFFIC only
 * @param identifiers                    typed identifiers concerned
 * @param domesticLegalGrounds           8.3.b.i
 * @param offenceProvisionsAndPenalties  8.3.b.ii
 * @param reasonProviderHoldsData        8.3.b.iii why the provider is believed to possess or control the data
 * @param summaryOfFacts                 8.3.b.iv; may identify victims
 * @param relevanceOfData                8.3.b.v
 * @param contact                        8.3.b.vi contact information of the authorities
 * @param earlierPreservation            8.3.b.vii, optional
 * @param otherMeansTried                8.3.b.viii whether and how the data have been sought by other means
 * @param specialInstructions            8.3.c special procedural instructions, optional
 */
public record GiveEffectRequest(
        @NotNull @CountryCode String requestedParty,
        @NotNull @Valid ProtocolOrder order,
        @NotEmpty Set<@NotNull DataCategory> categories,
        @Size(max = 100, message = ValidationCode.Codes.LENGTH) List<@NotNull @Valid AccountIdentifier> identifiers,
        @NotBlank @SafeText(max = 4000) String domesticLegalGrounds,
        @NotBlank @SafeText(max = 4000) String offenceProvisionsAndPenalties,
        @NotBlank @SafeText(max = 4000) String reasonProviderHoldsData,
        @Sensitive @NotBlank @SafeText(max = 8000) String summaryOfFacts,
        @NotBlank @SafeText(max = 4000) String relevanceOfData,
        @NotNull @Valid Authority contact,
        @Valid EarlierPreservation earlierPreservation,
        @NotBlank @SafeText(max = 4000) String otherMeansTried,
        @SafeText(max = 4000) String specialInstructions) implements EvidenceRequest.Production {

    public GiveEffectRequest {
        categories = categories == null ? null : java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(categories));
        identifiers = ProtocolOrder.copy(identifiers);
    }

    @Override
    public MessageType type() {
        return MessageType.PROTOCOL_ART8_GIVE_EFFECT;
    }

    @Override
    public Authority requestingAuthority() {
        return order == null ? null : order.issuingAuthority();
    }

    @Override
    public void checkRules(RuleSink sink) {
        if (categories != null && (categories.contains(DataCategory.CONTENT) || categories.contains(DataCategory.IDENTIFYING_USER))) {
            sink.fail("categories", ValidationCode.ART8_CATEGORY);
        }
    }
}
