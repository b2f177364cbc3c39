package eu.eevidence.gw.gateway.deadline;

import java.time.Duration;
import java.time.Instant;

/**
 * Art. 29(7) ETS 185: "preservation ... shall be for a period not less than sixty days". Computed in UTC from
 * the legally relevant event (the platform's confirmation that the data are preserved). Days are exact
 * 24-hour periods in UTC, so daylight-saving changes in either party's zone do not move the end.
 */
public final class PreservationDeadline {

    public static final int LEGAL_MINIMUM_DAYS = 60;

    private PreservationDeadline() {
    }

    /**
     * The end of preservation: the later of what the platform states and start + max(60, requested) days.
     * A platform that claims a shorter period does not shorten the legal floor.
     */
    public static Instant end(Instant preservedFrom, int requestedDays, Instant platformStatedEnd) {
        return end(preservedFrom, requestedDays, platformStatedEnd, true);
    }

    /**
     * The end of preservation for a request of {@code messageType}: a removal order's preservation is the period it
     * states (CM/Rec(2026)2 para. 33; by analogy Reg. (EU) 2021/784 Art. 6), not the 60 days of Art. 29(7); so is a
     * stand-alone securing order's ({@code CONTENT_PRESERVATION_ORDER}, para. 33: no instrument sets a number).
     */
    public static Instant end(String messageType, Instant preservedFrom, int requestedDays, Instant platformStatedEnd) {
        return end(preservedFrom, requestedDays, platformStatedEnd, !ORDERED_PERIOD.contains(messageType));
    }

    /** Request types whose preservation lasts the period the order states, without the 60-day floor of Art. 29(7). */
    static final java.util.Set<String> ORDERED_PERIOD = java.util.Set.of("CONTENT_REMOVAL_ORDER", "CONTENT_PRESERVATION_ORDER");

    private static Instant end(Instant preservedFrom, int requestedDays, Instant platformStatedEnd, boolean legalFloor) {
        if (!legalFloor) {
            Instant ordered = preservedFrom.plus(Duration.ofDays(requestedDays));
            return platformStatedEnd != null && platformStatedEnd.isAfter(ordered) ? platformStatedEnd : ordered;
        }
        Instant legal = preservedFrom.plus(Duration.ofDays(Math.max(LEGAL_MINIMUM_DAYS, requestedDays)));
        if (platformStatedEnd != null && platformStatedEnd.isAfter(legal)) {
            return platformStatedEnd;
        }
        return legal;
    }
}
