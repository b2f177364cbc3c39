package eu.eevidence.gw.schema;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import static eu.eevidence.gw.schema.PartyKind.CENTRAL_AUTHORITY;
import static eu.eevidence.gw.schema.PartyKind.CONTACT_POINT_24_7;
import static eu.eevidence.gw.schema.PartyKind.DOMAIN_REGISTRATION_ENTITY;
import static eu.eevidence.gw.schema.PartyKind.ENFORCING_AUTHORITY;
import static eu.eevidence.gw.schema.PartyKind.REQUESTING_AUTHORITY;
import static eu.eevidence.gw.schema.PartyKind.SERVICE_PROVIDER;

/**
 * Every message type of the catalogue, with its legal basis, family, who may send it to whom, its Java
 * record and its XML element. The JSON discriminator ({@code "type"}) is the constant name; names and
 * XML elements never change once published (add constants instead; removing one needs a new major
 * version and namespace).
 */
public enum MessageType {
    BUDAPEST_ART29_PRESERVATION("ETS 185 Art. 29", RequestFamily.PRESERVATION, PreservationRequest.class, "preservationRequest",
            Sides.REQUESTER, EnumSet.of(CONTACT_POINT_24_7, CENTRAL_AUTHORITY, SERVICE_PROVIDER)),
    BUDAPEST_ART30_PARTIAL_DISCLOSURE("ETS 185 Art. 30", RequestFamily.LIFECYCLE, PartialDisclosure.class, "partialDisclosure",
            EnumSet.of(CONTACT_POINT_24_7, CENTRAL_AUTHORITY), Sides.REQUESTER),
    BUDAPEST_ART31_MUTUAL_ASSISTANCE("ETS 185 Art. 31 (Arts. 27, 28)", RequestFamily.MUTUAL_ASSISTANCE, StoredDataAssistanceRequest.class,
            "storedDataAssistanceRequest", EnumSet.of(CENTRAL_AUTHORITY, REQUESTING_AUTHORITY), EnumSet.of(CENTRAL_AUTHORITY, REQUESTING_AUTHORITY)),
    BUDAPEST_ART35_ASSISTANCE("ETS 185 Art. 35", RequestFamily.MUTUAL_ASSISTANCE, ContactPointAssistanceRequest.class,
            "contactPointAssistanceRequest", EnumSet.of(CONTACT_POINT_24_7), EnumSet.of(CONTACT_POINT_24_7)),
    // United Nations Convention against Cybercrime (GA res. 79/243, annex), cited "UNCC" (network.Instrument)
    UNCC_ART41_ASSISTANCE("UNCC Art. 41", RequestFamily.MUTUAL_ASSISTANCE, UnccContactPointRequest.class,
            "unccContactPointRequest", EnumSet.of(CONTACT_POINT_24_7), EnumSet.of(CONTACT_POINT_24_7)),
    UNCC_ART42_PRESERVATION("UNCC Art. 42", RequestFamily.PRESERVATION, UnccPreservationRequest.class, "unccPreservationRequest",
            Sides.REQUESTER, EnumSet.of(CONTACT_POINT_24_7, CENTRAL_AUTHORITY, SERVICE_PROVIDER)),
    UNCC_ART43_PARTIAL_DISCLOSURE("UNCC Art. 43", RequestFamily.LIFECYCLE, UnccPartialDisclosure.class, "unccPartialDisclosure",
            EnumSet.of(CONTACT_POINT_24_7, CENTRAL_AUTHORITY), Sides.REQUESTER),
    UNCC_ART44_MUTUAL_ASSISTANCE("UNCC Arts. 44, 40", RequestFamily.MUTUAL_ASSISTANCE, UnccStoredDataRequest.class,
            "unccStoredDataRequest", EnumSet.of(CENTRAL_AUTHORITY, REQUESTING_AUTHORITY), EnumSet.of(CENTRAL_AUTHORITY, REQUESTING_AUTHORITY)),
    PROTOCOL_ART6_DOMAIN_REGISTRATION("CETS 224 Art. 6", RequestFamily.PRODUCTION, DomainRegistrationRequest.class,
            "domainRegistrationRequest", EnumSet.of(REQUESTING_AUTHORITY), EnumSet.of(DOMAIN_REGISTRATION_ENTITY)),
    PROTOCOL_ART7_SUBSCRIBER_ORDER("CETS 224 Art. 7", RequestFamily.PRODUCTION, SubscriberInformationOrder.class,
            "subscriberInformationOrder", EnumSet.of(REQUESTING_AUTHORITY), EnumSet.of(SERVICE_PROVIDER)),
    PROTOCOL_ART8_GIVE_EFFECT("CETS 224 Art. 8", RequestFamily.PRODUCTION, GiveEffectRequest.class, "giveEffectRequest",
            EnumSet.of(CENTRAL_AUTHORITY, REQUESTING_AUTHORITY), EnumSet.of(CENTRAL_AUTHORITY)),
    PROTOCOL_ART9_EMERGENCY_DISCLOSURE("CETS 224 Art. 9", RequestFamily.EMERGENCY, EmergencyDisclosureRequest.class,
            "emergencyDisclosureRequest", EnumSet.of(CONTACT_POINT_24_7), EnumSet.of(CONTACT_POINT_24_7)),
    PROTOCOL_ART10_EMERGENCY_MLA("CETS 224 Art. 10", RequestFamily.EMERGENCY, EmergencyMutualAssistanceRequest.class,
            "emergencyMutualAssistanceRequest", EnumSet.of(CENTRAL_AUTHORITY, CONTACT_POINT_24_7), EnumSet.of(CENTRAL_AUTHORITY, CONTACT_POINT_24_7)),
    // the urgency context (CETS 224 Art. 9, Reg. (EU) 2023/1543 Art. 3(18)) is not cited here: a legal basis names the
    // instruments a peer node must be bound by (network.Instrument), and a platform's disclosure does not cross nodes
    PLATFORM_EMERGENCY_DISCLOSURE("CM/Rec(2026)2 para. 38.4", RequestFamily.EMERGENCY,
            PlatformEmergencyDisclosure.class, "platformEmergencyDisclosure", EnumSet.of(SERVICE_PROVIDER), EnumSet.of(CONTACT_POINT_24_7)),
    EU_EPOC("Reg. (EU) 2023/1543 Arts. 4, 5, 8, 10; Annex I", RequestFamily.PRODUCTION, EuProductionOrder.class, "euProductionOrder",
            EnumSet.of(REQUESTING_AUTHORITY), EnumSet.of(SERVICE_PROVIDER, ENFORCING_AUTHORITY)),
    EU_EPOC_PR("Reg. (EU) 2023/1543 Arts. 4, 6, 11; Annex II", RequestFamily.PRESERVATION, EuPreservationOrder.class, "euPreservationOrder",
            EnumSet.of(REQUESTING_AUTHORITY), EnumSet.of(SERVICE_PROVIDER)),
    EU_FORM3_IMPOSSIBILITY("Reg. (EU) 2023/1543 Arts. 10(5)-(6), 11(4)-(5), 17; Annex III", RequestFamily.LIFECYCLE, ImpossibilityNotice.class,
            "impossibilityNotice", EnumSet.of(SERVICE_PROVIDER), EnumSet.of(REQUESTING_AUTHORITY, ENFORCING_AUTHORITY)),
    EU_ANNEX5_CONFIRMATION("Reg. (EU) 2023/1543 Art. 11(1); Annex V", RequestFamily.LIFECYCLE, ProductionRequestConfirmation.class,
            "productionRequestConfirmation", EnumSet.of(REQUESTING_AUTHORITY), EnumSet.of(SERVICE_PROVIDER)),
    EU_ANNEX6_EXTENSION("Reg. (EU) 2023/1543 Art. 11(1); Annex VI", RequestFamily.LIFECYCLE, PreservationExtension.class,
            "preservationExtension", EnumSet.of(REQUESTING_AUTHORITY), EnumSet.of(SERVICE_PROVIDER)),
    CONTENT_REMOVAL_ORDER("CM/Rec(2026)2 para. 33; by analogy Reg. (EU) 2021/784 Arts. 3, 6", RequestFamily.REMOVAL, ContentRemovalOrder.class,
            "contentRemovalOrder", EnumSet.of(REQUESTING_AUTHORITY), EnumSet.of(SERVICE_PROVIDER)),
    CONTENT_PRESERVATION_ORDER("CM/Rec(2026)2 para. 33", RequestFamily.PRESERVATION, ContentPreservationOrder.class,
            "contentPreservationOrder", EnumSet.of(REQUESTING_AUTHORITY), EnumSet.of(SERVICE_PROVIDER)),
    ACKNOWLEDGEMENT("all instruments (receipt)", RequestFamily.LIFECYCLE, Acknowledgement.class, "acknowledgement",
            Sides.ALL, Sides.ALL),
    CLARIFICATION_REQUEST("ETS 185 Art. 29(6); UNCC Art. 42; CETS 224 Arts. 6(5), 8(4); Reg. (EU) 2023/1543 Annex III", RequestFamily.LIFECYCLE,
            ClarificationRequest.class, "clarificationRequest", Sides.EXECUTING, Sides.REQUESTER),
    CLARIFICATION_ANSWER("as CLARIFICATION_REQUEST", RequestFamily.LIFECYCLE, ClarificationAnswer.class, "clarificationAnswer",
            Sides.REQUESTER, Sides.EXECUTING),
    PRESERVATION_CONFIRMED("ETS 185 Art. 29(7); UNCC Art. 42; Reg. (EU) 2023/1543 Art. 11", RequestFamily.LIFECYCLE, PreservationConfirmed.class,
            "preservationConfirmed", Sides.EXECUTING, Sides.REQUESTER),
    EXECUTION_REPORT("ETS 185 Art. 31; UNCC Art. 44; CETS 224 Arts. 6-10; Reg. (EU) 2023/1543 Art. 10", RequestFamily.LIFECYCLE, ExecutionReport.class,
            "executionReport", Sides.EXECUTING, Sides.REQUESTER),
    REFUSAL("ETS 185 Arts. 27(4), 29(5); UNCC Arts. 40, 42; CETS 224 Art. 8(8); Reg. (EU) 2023/1543 Art. 12", RequestFamily.LIFECYCLE, Refusal.class, "refusal",
            Sides.EXECUTING, EnumSet.of(REQUESTING_AUTHORITY, CENTRAL_AUTHORITY, CONTACT_POINT_24_7, SERVICE_PROVIDER)),
    POSTPONEMENT("ETS 185 Art. 27(5); UNCC Art. 40; CETS 224 Art. 8(8)", RequestFamily.LIFECYCLE, Postponement.class, "postponement",
            Sides.EXECUTING, Sides.REQUESTER),
    WITHDRAWAL("all instruments (requester withdraws)", RequestFamily.LIFECYCLE, Withdrawal.class, "withdrawal",
            Sides.REQUESTER, Sides.EXECUTING),
    DEADLINE_CHANGE("CETS 224 Art. 7(4)(d); Reg. (EU) 2023/1543 Art. 10", RequestFamily.LIFECYCLE, DeadlineChange.class, "deadlineChange",
            Sides.REQUESTER, Sides.EXECUTING),
    CONTENT_REMOVED("CM/Rec(2026)2 para. 33; by analogy Reg. (EU) 2021/784 Art. 3(6)", RequestFamily.LIFECYCLE, ContentRemoved.class,
            "contentRemoved", EnumSet.of(SERVICE_PROVIDER), EnumSet.of(REQUESTING_AUTHORITY)),
    CONTENT_HASH_LIST("CM/Rec(2026)2 para. 39.5 (resurfacing prevention)", RequestFamily.LIFECYCLE, ContentHashList.class,
            "contentHashList", Sides.REQUESTER, EnumSet.of(SERVICE_PROVIDER, CENTRAL_AUTHORITY, CONTACT_POINT_24_7)),
    HASH_LIST_APPLIED("CM/Rec(2026)2 para. 39.5 (resurfacing prevention)", RequestFamily.LIFECYCLE, HashListApplied.class,
            "hashListApplied", EnumSet.of(SERVICE_PROVIDER), EnumSet.of(REQUESTING_AUTHORITY));

    private final String legalBasis;
    private final RequestFamily family;
    private final Class<? extends Message> javaType;
    private final String xmlElement;
    private final Set<PartyKind> senders;
    private final Set<PartyKind> receivers;

    MessageType(String legalBasis, RequestFamily family, Class<? extends Message> javaType, String xmlElement,
                Set<PartyKind> senders, Set<PartyKind> receivers) {
        this.legalBasis = legalBasis;
        this.family = family;
        this.javaType = javaType;
        this.xmlElement = xmlElement;
        this.senders = Collections.unmodifiableSet(EnumSet.copyOf(senders));
        this.receivers = Collections.unmodifiableSet(EnumSet.copyOf(receivers));
    }

    public String legalBasis() {
        return legalBasis;
    }

    public RequestFamily family() {
        return family;
    }

    public Class<? extends Message> javaType() {
        return javaType;
    }

    /** The local name of the body element in namespace {@code urn:eevidence:gateway:messages:v1}. */
    public String xmlElement() {
        return xmlElement;
    }

    /** Party kinds that may send this type. */
    public Set<PartyKind> senders() {
        return senders;
    }

    /** Party kinds that may receive this type. */
    public Set<PartyKind> receivers() {
        return receivers;
    }

    /** True for answers and follow-ups, which need a correlationId. */
    public boolean isLifecycle() {
        return family == RequestFamily.LIFECYCLE;
    }

    /**
     * Types that a message of this type may correlate with (the type of the message its correlationId
     * names). Requests may correlate with any earlier request (e.g. an Art. 31 request with the Art. 29
     * preservation it follows).
     */
    public Set<MessageType> correlationTargets() {
        Set<MessageType> requests = EnumSet.noneOf(MessageType.class);
        for (MessageType t : values()) {
            if (!t.isLifecycle()) {
                requests.add(t);
            }
        }
        return switch (this) {
            case BUDAPEST_ART30_PARTIAL_DISCLOSURE -> EnumSet.of(BUDAPEST_ART29_PRESERVATION);
            case UNCC_ART43_PARTIAL_DISCLOSURE -> EnumSet.of(UNCC_ART42_PRESERVATION);
            case EU_ANNEX5_CONFIRMATION, EU_ANNEX6_EXTENSION -> EnumSet.of(EU_EPOC_PR);
            case EU_FORM3_IMPOSSIBILITY -> EnumSet.of(EU_EPOC, EU_EPOC_PR, EU_ANNEX5_CONFIRMATION, EU_ANNEX6_EXTENSION);
            case PRESERVATION_CONFIRMED -> EnumSet.of(BUDAPEST_ART29_PRESERVATION, EU_EPOC_PR, EU_EPOC, EU_ANNEX6_EXTENSION,
                    BUDAPEST_ART35_ASSISTANCE, CONTENT_REMOVAL_ORDER, UNCC_ART42_PRESERVATION, UNCC_ART41_ASSISTANCE,
                    CONTENT_PRESERVATION_ORDER);
            case CLARIFICATION_ANSWER -> EnumSet.of(CLARIFICATION_REQUEST, EU_FORM3_IMPOSSIBILITY);
            case CONTENT_REMOVED, CONTENT_HASH_LIST -> EnumSet.of(CONTENT_REMOVAL_ORDER);
            case HASH_LIST_APPLIED -> EnumSet.of(CONTENT_HASH_LIST, CONTENT_REMOVAL_ORDER);
            case ACKNOWLEDGEMENT -> EnumSet.allOf(MessageType.class);
            default -> requests;
        };
    }

    public static Optional<MessageType> byXmlElement(String localName) {
        return Arrays.stream(values()).filter(t -> t.xmlElement.equals(localName)).findFirst();
    }

    public static MessageType of(Class<? extends Message> type) {
        return Arrays.stream(values()).filter(t -> t.javaType == type).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a catalogue type"));
    }

    private static final class Sides {
        static final Set<PartyKind> REQUESTER = EnumSet.of(REQUESTING_AUTHORITY, CENTRAL_AUTHORITY, CONTACT_POINT_24_7);
        static final Set<PartyKind> EXECUTING = EnumSet.of(SERVICE_PROVIDER, DOMAIN_REGISTRATION_ENTITY, CENTRAL_AUTHORITY,
                CONTACT_POINT_24_7, ENFORCING_AUTHORITY);
        static final Set<PartyKind> ALL = EnumSet.allOf(PartyKind.class);
    }
}
