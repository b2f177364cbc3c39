package eu.eevidence.gw.adapter.api;

import java.util.Objects;

/**
 * Ask a destination for the answers it gave since {@code cursor}.
 *
 * @param destination  the destination
 * @param cursor       the {@link PollOutcome.Answers#nextCursor()} of the previous poll; null for the first poll
 * @param maxAnswers   at most this many answers in one outcome (1..1000)
 */
public record PollRequest(DeliveryRequest.Destination destination, String cursor, int maxAnswers) {
    public PollRequest {
        Objects.requireNonNull(destination, "destination");
        if (maxAnswers < 1 || maxAnswers > 1000) {
            throw new IllegalArgumentException("maxAnswers must be 1..1000");
        }
    }
}
