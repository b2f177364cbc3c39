package eu.eevidence.gw.gateway.deadline;

import java.time.Instant;

/** One deadline of one request, as stored. {@code dueAt} is null while suspended or held. */
public record Deadline(String id, String requestId, String ruleId, String instrument, DueAction onDue, DeadlineState state,
                       Instant startedAt, Instant dueAt, Long remainingMillis, int extensions, Instant closedAt, String source) {

    public static String idOf(String requestId, String ruleId) {
        return requestId + "/" + ruleId;
    }
}
