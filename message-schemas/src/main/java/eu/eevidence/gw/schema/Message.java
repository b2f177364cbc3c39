package eu.eevidence.gw.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import eu.eevidence.gw.schema.validation.CrossFieldChecked;

/**
 * The body of an {@link Envelope}: every message of the catalogue. Sealed, so code that consumes
 * messages switches over the families ({@link EvidenceRequest}, {@link LifecycleMessage}) exhaustively.
 * In JSON the body names its type in {@code "type"} (a {@link MessageType} constant name); in XML the
 * body's element name is {@link MessageType#xmlElement()}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "type", visible = false)
@JsonSubTypes({
    @JsonSubTypes.Type(value = PreservationRequest.class, name = "BUDAPEST_ART29_PRESERVATION"),
    @JsonSubTypes.Type(value = StoredDataAssistanceRequest.class, name = "BUDAPEST_ART31_MUTUAL_ASSISTANCE"),
    @JsonSubTypes.Type(value = ContactPointAssistanceRequest.class, name = "BUDAPEST_ART35_ASSISTANCE"),
    @JsonSubTypes.Type(value = UnccContactPointRequest.class, name = "UNCC_ART41_ASSISTANCE"),
    @JsonSubTypes.Type(value = UnccPreservationRequest.class, name = "UNCC_ART42_PRESERVATION"),
    @JsonSubTypes.Type(value = UnccPartialDisclosure.class, name = "UNCC_ART43_PARTIAL_DISCLOSURE"),
    @JsonSubTypes.Type(value = UnccStoredDataRequest.class, name = "UNCC_ART44_MUTUAL_ASSISTANCE"),
    @JsonSubTypes.Type(value = DomainRegistrationRequest.class, name = "PROTOCOL_ART6_DOMAIN_REGISTRATION"),
    @JsonSubTypes.Type(value = SubscriberInformationOrder.class, name = "PROTOCOL_ART7_SUBSCRIBER_ORDER"),
    @JsonSubTypes.Type(value = GiveEffectRequest.class, name = "PROTOCOL_ART8_GIVE_EFFECT"),
    @JsonSubTypes.Type(value = EmergencyDisclosureRequest.class, name = "PROTOCOL_ART9_EMERGENCY_DISCLOSURE"),
    @JsonSubTypes.Type(value = EmergencyMutualAssistanceRequest.class, name = "PROTOCOL_ART10_EMERGENCY_MLA"),
    @JsonSubTypes.Type(value = PlatformEmergencyDisclosure.class, name = "PLATFORM_EMERGENCY_DISCLOSURE"),
    @JsonSubTypes.Type(value = EuProductionOrder.class, name = "EU_EPOC"),
    @JsonSubTypes.Type(value = EuPreservationOrder.class, name = "EU_EPOC_PR"),
    @JsonSubTypes.Type(value = ContentRemovalOrder.class, name = "CONTENT_REMOVAL_ORDER"),
    @JsonSubTypes.Type(value = ContentPreservationOrder.class, name = "CONTENT_PRESERVATION_ORDER"),
    @JsonSubTypes.Type(value = PartialDisclosure.class, name = "BUDAPEST_ART30_PARTIAL_DISCLOSURE"),
    @JsonSubTypes.Type(value = ImpossibilityNotice.class, name = "EU_FORM3_IMPOSSIBILITY"),
    @JsonSubTypes.Type(value = ProductionRequestConfirmation.class, name = "EU_ANNEX5_CONFIRMATION"),
    @JsonSubTypes.Type(value = PreservationExtension.class, name = "EU_ANNEX6_EXTENSION"),
    @JsonSubTypes.Type(value = Acknowledgement.class, name = "ACKNOWLEDGEMENT"),
    @JsonSubTypes.Type(value = ClarificationRequest.class, name = "CLARIFICATION_REQUEST"),
    @JsonSubTypes.Type(value = ClarificationAnswer.class, name = "CLARIFICATION_ANSWER"),
    @JsonSubTypes.Type(value = PreservationConfirmed.class, name = "PRESERVATION_CONFIRMED"),
    @JsonSubTypes.Type(value = ExecutionReport.class, name = "EXECUTION_REPORT"),
    @JsonSubTypes.Type(value = Refusal.class, name = "REFUSAL"),
    @JsonSubTypes.Type(value = Postponement.class, name = "POSTPONEMENT"),
    @JsonSubTypes.Type(value = Withdrawal.class, name = "WITHDRAWAL"),
    @JsonSubTypes.Type(value = DeadlineChange.class, name = "DEADLINE_CHANGE"),
    @JsonSubTypes.Type(value = ContentRemoved.class, name = "CONTENT_REMOVED"),
    @JsonSubTypes.Type(value = ContentHashList.class, name = "CONTENT_HASH_LIST"),
    @JsonSubTypes.Type(value = HashListApplied.class, name = "HASH_LIST_APPLIED")
})
public sealed interface Message extends CrossFieldChecked permits EvidenceRequest, LifecycleMessage {

    /** The catalogue type; constant per record class. */
    @JsonProperty("type")
    MessageType type();

    @Override
    default void checkRules(RuleSink sink) {
        // no cross-field rules unless a record overrides this
    }
}
