package eu.eevidence.gw.gateway.network;

import eu.eevidence.gw.gateway.infra.Tx;
import eu.eevidence.gw.gateway.routing.PeerSpec;
import eu.eevidence.gw.schema.Envelope;
import eu.eevidence.gw.schema.EvidenceRequest;
import eu.eevidence.gw.schema.LifecycleMessage;

import java.time.Instant;

/**
 * Where the node-to-node transport hands what a peer sent that this node must act on as the requested Party. Called
 * in the transport's transaction, after the message was opened, verified, checked as addressed to this node and
 * found new (not a duplicate); the signed receipt is issued only after that transaction commits.
 */
public interface InboundCases {

    /**
     * A request from another Party (e.g. an Art. 29 preservation) to review.
     *
     * @param from     the verified sending peer
     * @param envelope the decoded envelope ({@code envelope.body()} is {@code request})
     * @param content  the envelope's bytes as opened (kept as evidence)
     * @return the id of the new case
     */
    String receivedRequest(Tx c, PeerSpec from, Envelope envelope, EvidenceRequest request, byte[] content, Instant receivedAt);

    /**
     * A follow-up from the requesting Party about a case this node holds (withdrawal, clarification answer, deadline
     * change...), named by {@code envelope.correlationId()}.
     *
     * @return false when no case of {@code from} has that correlation id (the transport then rejects the message)
     */
    boolean receivedFollowUp(Tx c, PeerSpec from, Envelope envelope, LifecycleMessage message, byte[] content, Instant receivedAt);

    /**
     * {@link #receivedFollowUp}, answering the id of the case it applied to (null: none), for the DELIVERED evidence's
     * custody entry (ADR-0032). Default: the correlation id stands for the case.
     */
    default String receivedFollowUpCase(Tx c, PeerSpec from, Envelope envelope, LifecycleMessage message, byte[] content, Instant receivedAt) {
        return receivedFollowUp(c, from, envelope, message, content, receivedAt) ? envelope.correlationId() : null;
    }
}
