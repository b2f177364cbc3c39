package eu.eevidence.gw.adapter.api;

import java.io.OutputStream;
import java.util.Set;

/**
 * A connector to one kind of platform law-enforcement portal or national system. The gateway finds
 * implementations through {@link java.util.ServiceLoader} and picks one per destination by {@link #kind()}.
 *
 * <p>Contract: no method throws for portal or network faults; each classifies them into its sealed outcome
 * ({@link DeliveryOutcome}, {@link PollOutcome}, {@link FetchOutcome}) with a stable code. {@link #deliver} sends
 * {@link DeliveryRequest#idempotencyKey()} on every attempt so that a portal applies a retried delivery at most
 * once, and returns {@link DeliveryOutcome.Delivered} only for a receipt that names this very message. No method
 * follows redirects or reads an unbounded answer. Implementations are thread-safe and stateless per destination
 * (everything per destination comes in {@link DeliveryRequest.Destination}).
 *
 * <p>Answers come back one of two ways ({@link #answerChannels()}): polled with {@link #poll(PollRequest)}, or
 * pushed by the destination to the node, which hands each message to {@link #receive(InboundMessage)}. Produced
 * data above the in-band limit are fetched with {@link #fetch}.
 */
public interface PlatformAdapter {

    /** How a destination's answers reach the node. */
    enum AnswerChannel {
        /** The node asks with {@link #poll(PollRequest)}. */
        POLL,
        /** The destination posts to the node; the node calls {@link #receive(InboundMessage)}. */
        PUSH
    }

    /** The adapter kind named in the node's platform directory, e.g. {@code json-portal}. */
    String kind();

    /** One delivery attempt. */
    DeliveryOutcome deliver(DeliveryRequest request);

    /**
     * Whether this adapter can carry {@code operation} at all (ADR-0032). The gateway asks before it accepts a follow-up
     * for a destination of this kind and refuses one the adapter cannot carry at submission
     * ({@code EEG-ACT-FOLLOW-UP-UNSUPPORTED}), instead of queueing a message that {@link #deliver} would reject.
     * Default: every operation.
     */
    default boolean supports(Operation operation) {
        return true;
    }

    /**
     * Refuses at submission a catalogue message type this adapter's channel cannot carry (e.g. a removal order to a
     * channel whose standard has no removal operation): the stable code and the reason the submitter gets, before
     * anything is stored or queued. Default: empty, the adapter carries every type it is given.
     */
    default java.util.Optional<Unsupported> unsupported(String messageType) {
        return java.util.Optional.empty();
    }

    /** Why a channel cannot carry a message type: a stable code (documented in docs/errors.md) and words for people. */
    record Unsupported(String code, String reason) {
        public Unsupported {
            java.util.Objects.requireNonNull(code, "code");
            java.util.Objects.requireNonNull(reason, "reason");
        }
    }

    /** The answer channels this adapter implements; empty when it only delivers. */
    default Set<AnswerChannel> answerChannels() {
        return Set.of();
    }

    /** Answers since {@link PollRequest#cursor()}. Default: {@code EEG-ADP-POLL-UNSUPPORTED}. */
    default PollOutcome poll(PollRequest request) {
        return new PollOutcome.Failed(AdapterError.ADP_POLL_UNSUPPORTED.code(), "adapter " + kind() + " does not poll", false, null);
    }

    /** Reads a message the destination pushed. Default: {@code EEG-ADP-PUSH-UNSUPPORTED}. */
    default PollOutcome receive(InboundMessage message) {
        return new PollOutcome.Failed(AdapterError.ADP_PUSH_UNSUPPORTED.code(), "adapter " + kind() + " takes no pushed answers", false, null);
    }

    /**
     * The answer to send to a destination that pushed {@code message}, after the gateway persisted what
     * {@link #receive} returned ({@code outcome}). Default: 204 for answers, 400 for a message refused for good,
     * 503 for one that may be sent again.
     */
    default InboundReply reply(InboundMessage message, PollOutcome outcome) {
        if (outcome instanceof PollOutcome.Failed f) {
            return new InboundReply(f.retryable() ? 503 : 400, "text/plain", (f.code() + " " + f.reason()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return new InboundReply(204, null, new byte[0]);
    }

    /**
     * Downloads one produced item into {@code sink}, hashing on the way in; see {@link PortalHttp#fetch} for the
     * rules and codes. On anything but {@link FetchOutcome.Fetched} the caller discards what was written.
     */
    default FetchOutcome fetch(DeliveryRequest.Destination destination, PortalAnswer.DownloadReference reference, OutputStream sink,
                               FetchLimits limits) {
        return PortalHttp.shared().fetch(destination, reference, sink, limits);
    }
}
