package eu.eevidence.gw.gateway.delivery;

/**
 * What one message on a destination's durable delivery queue asks for. The queue body is a string written and read
 * only by {@link QueuedMessageCodec}; producers and consumers work with this type and go through every kind with a
 * {@link Visitor} (exhaustive at Java 17: a new kind is a new visitor method, so every consumer fails to compile until
 * it handles it).
 * <ul>
 *   <li>{@link RequestDelivery}: deliver an accepted request to its platform or peer node;</li>
 *   <li>{@link NoticeDelivery}: deliver a follow-up notice (e.g. a withdrawal) of a request to its addressee;</li>
 *   <li>{@link NetworkSend}: send a network outbox entry (a catalogue message or a receipt) to a peer node;</li>
 *   <li>{@link Unknown}: a body this version cannot read (malformed, or of a kind it does not know): logged with
 *       {@code EEG-DLV-UNREADABLE} and dead-lettered, never delivered.</li>
 * </ul>
 */
public sealed interface QueuedMessage
        permits QueuedMessage.RequestDelivery, QueuedMessage.NoticeDelivery, QueuedMessage.NetworkSend, QueuedMessage.Unknown {

    /** Calls the method of {@code visitor} for this kind. */
    <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X;

    /** One method per kind of queued message. */
    interface Visitor<R, X extends Exception> {
        R request(RequestDelivery message) throws X;

        R notice(NoticeDelivery message) throws X;

        R network(NetworkSend message) throws X;

        R unknown(Unknown message) throws X;
    }

    /** Deliver the accepted request {@code requestId}. */
    record RequestDelivery(String requestId) implements QueuedMessage {
        public RequestDelivery {
            QueuedMessageCodec.requireId(requestId, "request id");
        }

        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
            return visitor.request(this);
        }
    }

    /** Deliver the follow-up notice {@code noticeId} (see {@link eu.eevidence.gw.gateway.order.Notice}). */
    record NoticeDelivery(String noticeId) implements QueuedMessage {
        public NoticeDelivery {
            QueuedMessageCodec.requireId(noticeId, "notice id");
        }

        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
            return visitor.notice(this);
        }
    }

    /** Send the network outbox entry {@code outboxId} to its peer node. */
    record NetworkSend(String outboxId) implements QueuedMessage {
        public NetworkSend {
            QueuedMessageCodec.requireId(outboxId, "outbox id");
        }

        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
            return visitor.network(this);
        }
    }

    /**
     * A queue body that is none of the kinds above: {@code raw} as received ({@code ""} for none), {@code reason} why it
     * was not read. Only {@link QueuedMessageCodec#decode} makes one; it is never produced.
     */
    record Unknown(String raw, String reason) implements QueuedMessage {
        public Unknown {
            raw = raw == null ? "" : raw;
            reason = reason == null ? "unreadable" : reason;
        }

        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
            return visitor.unknown(this);
        }
    }
}
