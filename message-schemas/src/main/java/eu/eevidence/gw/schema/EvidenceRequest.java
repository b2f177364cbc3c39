package eu.eevidence.gw.schema;

/**
 * A request that opens a case: a national authority (or 24/7 point of contact, central authority) asks
 * another State or a provider for a measure. Sealed per {@link RequestFamily}; code that consumes requests
 * switches over the families or the records exhaustively.
 */
public sealed interface EvidenceRequest extends Message
        permits EvidenceRequest.Preservation, EvidenceRequest.Production, EvidenceRequest.Emergency,
        EvidenceRequest.MutualAssistance, EvidenceRequest.Removal {

    /** Keep data: ETS 185 Art. 29, UNCC Art. 42, EU EPOC-PR, a stand-alone securing order (CM/Rec(2026)2 para. 33). */
    sealed interface Preservation extends EvidenceRequest permits PreservationRequest, EuPreservationOrder, UnccPreservationRequest,
            ContentPreservationOrder {
    }

    /** Obtain data from a provider or registrar: CETS 224 Arts. 6, 7, 8, EU EPOC. */
    sealed interface Production extends EvidenceRequest
            permits DomainRegistrationRequest, SubscriberInformationOrder, GiveEffectRequest, EuProductionOrder {
    }

    /**
     * Emergency channels: CETS 224 Arts. 9 and 10, and a platform's own emergency disclosure (CM/Rec(2026)2 para. 38.4).
     * (An EPOC with the 8-hour deadline stays a Production.)
     */
    sealed interface Emergency extends EvidenceRequest
            permits EmergencyDisclosureRequest, EmergencyMutualAssistanceRequest, PlatformEmergencyDisclosure {
    }

    /** Mutual assistance and 24/7 assistance: ETS 185 Arts. 31 and 35, UNCC Arts. 44 and 41. */
    sealed interface MutualAssistance extends EvidenceRequest permits StoredDataAssistanceRequest, ContactPointAssistanceRequest,
            UnccStoredDataRequest, UnccContactPointRequest {
    }

    /** Remove content but keep the evidence preserved for a limited time. */
    sealed interface Removal extends EvidenceRequest permits ContentRemovalOrder {
    }

    /** The sender's own reference (legacy REST intake: doubles as idempotency key); null when not given. */
    default String clientRequestId() {
        return null;
    }

    /** The authority seeking the measure, when the request names one as an {@link Authority}; else null. */
    default Authority requestingAuthority() {
        return null;
    }

    /**
     * The platform (service provider or registrar) that holds the data, as registered in the node directory;
     * null for requests addressed to a State (central authority, 24/7 point of contact).
     */
    default String platformId() {
        return null;
    }
}
