package eu.eevidence.gw.gateway.network;

import eu.eevidence.gw.gateway.infra.Tx;
import eu.eevidence.gw.gateway.routing.PeerSpec;
import eu.eevidence.gw.schema.Envelope;
import eu.eevidence.gw.schema.EvidenceRequest;
import eu.eevidence.gw.schema.LifecycleMessage;

import java.time.Instant;

/** The default of a node without case handling: every request or follow-up of a peer is refused with EEG-NET-NO-CASES. */
public final class RefusingInboundCases implements InboundCases {

    @Override
    public String receivedRequest(Tx c, PeerSpec from, Envelope envelope, EvidenceRequest request, byte[] content, Instant receivedAt) {
        throw new InboundRefusal(NetworkError.NET_NO_CASES.code(), "this node does not take requests from other Parties");
    }

    @Override
    public boolean receivedFollowUp(Tx c, PeerSpec from, Envelope envelope, LifecycleMessage message, byte[] content, Instant receivedAt) {
        throw new InboundRefusal(NetworkError.NET_NO_CASES.code(), "this node does not take requests from other Parties");
    }
}
