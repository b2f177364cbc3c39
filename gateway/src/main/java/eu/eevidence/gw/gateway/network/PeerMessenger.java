package eu.eevidence.gw.gateway.network;

import eu.eevidence.gw.gateway.infra.Tx;

/**
 * Sends a catalogue message to a peer node that is not itself a new request of this node: an answer about a case
 * this node received (acknowledgement, refusal, postponement, clarification request, preservation confirmed,
 * execution report), or a follow-up. Implemented by the node-to-node transport (durable outbox, the peer's durable
 * queue, the pki profile, a signed receipt per hop, custody on both sides, retries with the delivery guarantees).
 */
public interface PeerMessenger {

    /**
     * Records the message for sending in the caller's transaction ({@code c}); it leaves once that transaction has
     * committed (and again after a restart until a valid receipt is stored).
     *
     * @param peerNodeId  the receiving node
     * @param envelope    the catalogue envelope ({@link eu.eevidence.gw.schema.Envelope}) as canonical JSON; its
     *                    messageId is the duplicate-elimination key, its correlationId names the message it answers
     * @return the id of the outbox entry
     */
    String send(Tx c, String peerNodeId, String messageId, byte[] envelope);
}
