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
        Instant legal = preservedFrom.plus(Duration.ofDays(Math.max(LEGAL_MINIMUM_DAYS, requestedDays)));
        if (platformStatedEnd != null && platformStatedEnd.isAfter(legal)) {
            return platformStatedEnd;
        }
        return legal;
    }
}
