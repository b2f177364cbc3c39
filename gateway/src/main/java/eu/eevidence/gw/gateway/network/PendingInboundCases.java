package eu.eevidence.gw.gateway.network;

import eu.eevidence.gw.gateway.infra.Tx;
import eu.eevidence.gw.gateway.routing.PeerSpec;
import eu.eevidence.gw.schema.Envelope;
import eu.eevidence.gw.schema.EvidenceRequest;
import eu.eevidence.gw.schema.LifecycleMessage;

import java.time.Instant;

/**
 * For a node whose case handling is plugged in after start ({@code GatewayNode.useInboundCases}): until then, requests
 * and follow-ups of peers get 503 without a receipt ({@code EEG-NET-CASES-STARTING}) and their senders retry, instead
 * of the final refusal of {@link RefusingInboundCases}.
 */
public final class PendingInboundCases implements InboundCases {

    @Override
    public String receivedRequest(Tx c, PeerSpec from, Envelope envelope, EvidenceRequest request, byte[] content, Instant receivedAt) {
        throw new InboundRefusal(NetworkError.NET_CASES_STARTING.code(), "the node's case handling is starting; send again", true);
    }

    @Override
    public boolean receivedFollowUp(Tx c, PeerSpec from, Envelope envelope, LifecycleMessage message, byte[] content, Instant receivedAt) {
        throw new InboundRefusal(NetworkError.NET_CASES_STARTING.code(), "the node's case handling is starting; send again", true);
    }
}
