package eu.eevidence.gw.gateway.network;

import eu.eevidence.gw.gateway.infra.Tx;
import eu.eevidence.gw.gateway.access.ClientIdentity;

import java.time.Instant;

/**
 * Where the requested Party's case handling reports that its contact point took note of a case, so that the transport
 * issues the signed RETRIEVED evidence to the requesting node (ADR-0016). Called in the transaction that records the
 * first read; the evidence is queued in it.
 */
public interface CaseReceipts {

    /** On nodes without peers: no evidence. */
    CaseReceipts NONE = (c, peerNodeId, messageId, caseId, who, at) -> { };

    /**
     * The case {@code caseId}, opened from the message {@code messageId} of {@code peerNodeId}, was read for the first time.
     *
     * @param who the reader (its role and certificate fingerprint go into the evidence; no name)
     */
    void retrieved(Tx c, String peerNodeId, String messageId, String caseId, ClientIdentity who, Instant at);
}
