package eu.eevidence.gw.adapter.api;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds of one download.
 *
 * @param maxBytes  never write more than this many bytes, whatever the reference claims
 * @param deadline  the whole download (connect, headers, body) must finish within this time
 */
public record FetchLimits(long maxBytes, Duration deadline) {
    public FetchLimits {
        Objects.requireNonNull(deadline, "deadline");
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
    }
}
