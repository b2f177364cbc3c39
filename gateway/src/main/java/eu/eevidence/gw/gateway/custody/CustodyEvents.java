package eu.eevidence.gw.gateway.custody;

import eu.eevidence.gw.gateway.infra.Tx;
import eu.eevidence.gw.custody.entry.CustodyEventType;
import eu.eevidence.gw.gateway.order.RequestState;

import java.time.Instant;

/** The custody events of intake and delivery, so that their hooks stay one line each. */
public final class CustodyEvents {

    private static final String NODE = "node";

    private CustodyEvents() {
    }

    /** Intake accepted a request: received (the client's claim of time), validated, sealed, queued. */
    public static void accepted(CustodyRecorder r, Tx c, String requestId, String clientFingerprint, Instant received, Instant now,
                                String canonicalSha256, String sealedSha256, String queue) {
        r.stage(c, new CustodyEvent(CustodyEventType.REQUEST_RECEIVED, requestId, received, "client:" + clientFingerprint, clientFingerprint,
                null, null, canonicalSha256, null));
        r.stage(c, new CustodyEvent(CustodyEventType.REQUEST_VALIDATED, requestId, now, NODE, null, null, null, canonicalSha256, null));
        r.stage(c, new CustodyEvent(CustodyEventType.REQUEST_SEALED, requestId, now, NODE, null, null, null, sealedSha256, "CMS signed and encrypted"));
        r.stage(c, new CustodyEvent(CustodyEventType.REQUEST_QUEUED, requestId, now, NODE, null, null, RequestState.ACCEPTED, sealedSha256, queue));
    }

    /** The same submission again (same idempotency key and body): received again, answered with the existing request. */
    public static void duplicate(CustodyRecorder r, Tx c, String requestId, String clientFingerprint, Instant received, RequestState state,
                                 String canonicalSha256) {
        r.stage(c, new CustodyEvent(CustodyEventType.REQUEST_RECEIVED, requestId, received, "client:" + clientFingerprint, clientFingerprint, state,
                state, canonicalSha256, "duplicate submission; answered with the existing request"));
    }

    /** Intake refused a submission (nothing else is stored for it). */
    public static void rejected(CustodyRecorder r, Tx c, String clientFingerprint, Instant received, String bodySha256, String reason) {
        r.stage(c, new CustodyEvent(CustodyEventType.REQUEST_REJECTED, null, received, "client:" + clientFingerprint, clientFingerprint, null, null,
                bodySha256, reason));
    }

    /** An accepted request was dropped again because it could not be queued (the sender got 503 and retries). */
    public static void withdrawnByNode(CustodyRecorder r, Tx c, String requestId, Instant now, String reason) {
        r.stage(c, new CustodyEvent(CustodyEventType.REQUEST_REJECTED, requestId, now, NODE, null, RequestState.ACCEPTED, null, null, reason));
    }

    /** The platform took the request: sent, receipt (its hash), and acknowledgement / preservation when given. */
    public static void delivered(CustodyRecorder r, Tx c, String requestId, String platformId, RequestState from, Instant receivedAt,
                                 String sealedSha256, String receiptSha256, boolean preserved, String receiptId) {
        String actor = "platform:" + platformId;
        r.stage(c, new CustodyEvent(CustodyEventType.REQUEST_SENT, requestId, receivedAt, NODE, null, from, from, sealedSha256, platformId));
        r.stage(c, new CustodyEvent(CustodyEventType.RECEIPT_RECEIVED, requestId, receivedAt, actor, null, from, RequestState.DELIVERED,
                receiptSha256, "receipt " + receiptId));
        if (preserved) {
            r.stage(c, new CustodyEvent(CustodyEventType.ACKNOWLEDGED, requestId, receivedAt, actor, null, RequestState.DELIVERED,
                    RequestState.ACKNOWLEDGED, receiptSha256, null));
            r.stage(c, new CustodyEvent(CustodyEventType.PRESERVATION_CONFIRMED, requestId, receivedAt, actor, null, RequestState.ACKNOWLEDGED,
                    RequestState.PRESERVED, receiptSha256, null));
        }
    }

    /** The platform took a request that is not a preservation and acknowledged it in its receipt. */
    public static void acknowledged(CustodyRecorder r, Tx c, String requestId, String platformId, Instant receivedAt, String receiptSha256) {
        r.stage(c, new CustodyEvent(CustodyEventType.ACKNOWLEDGED, requestId, receivedAt, "platform:" + platformId, null, RequestState.DELIVERED,
                RequestState.ACKNOWLEDGED, receiptSha256, null));
    }

    /** The request ended without delivery: refused by the platform, or given up (dead letter). */
    public static void ended(CustodyRecorder r, Tx c, String requestId, boolean refused, RequestState from, RequestState to, Instant now,
                             String reason) {
        r.stage(c, new CustodyEvent(refused ? CustodyEventType.REQUEST_REFUSED : CustodyEventType.DELIVERY_FAILED, requestId, now, NODE, null, from, to,
                null, reason));
    }
}
