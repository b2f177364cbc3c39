package eu.eevidence.gw.adapter.api;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** The result of a poll, or of handing a pushed message to an adapter. */
public sealed interface PollOutcome {

    /**
     * Answers, oldest first, without duplicates (by answer id) within the batch. Persist them, then the cursor:
     * the next poll starts at {@code nextCursor} (null for a pushed message: there is no cursor).
     */
    record Answers(List<PortalAnswer> answers, String nextCursor) implements PollOutcome {
        public Answers {
            answers = List.copyOf(answers);
        }
    }

    /**
     * Nothing usable came back. {@code retryable}: poll again later (after {@code retryAfter} when set); otherwise the
     * message or the configuration is wrong for good (e.g. a pushed body that is not a valid answer).
     */
    record Failed(String code, String reason, boolean retryable, Duration retryAfter) implements PollOutcome {
        public Failed {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
