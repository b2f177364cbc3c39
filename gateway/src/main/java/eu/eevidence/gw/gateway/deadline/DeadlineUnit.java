package eu.eevidence.gw.gateway.deadline;

/** How a rule's amount is counted. */
public enum DeadlineUnit {
    /** Exact hours from the trigger instant. */
    HOURS,
    /** Exact 24-hour periods in UTC from the trigger instant (daylight-saving changes never move the end). */
    CALENDAR_DAYS,
    /**
     * Working days of the deciding party: the day of the trigger does not count; the deadline ends at midnight,
     * local time of that party, after the n-th following day that is neither a weekend day nor a public holiday.
     */
    WORKING_DAYS
}
