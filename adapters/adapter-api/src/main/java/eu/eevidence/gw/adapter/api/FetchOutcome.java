package eu.eevidence.gw.adapter.api;

import java.time.Duration;
import java.util.Objects;

/** The result of one download. On {@link Failed} the bytes written to the sink so far must be discarded. */
public sealed interface FetchOutcome {

    /** Every byte arrived; size and SHA-256 match the reference. */
    record Fetched(long size, String sha256) implements FetchOutcome {
    }

    /** The download failed or did not match; {@code retryable} when a new attempt may succeed. */
    record Failed(String code, String reason, boolean retryable, Duration retryAfter) implements FetchOutcome {
        public Failed {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
