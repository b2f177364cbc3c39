package eu.eevidence.gw.gateway.deadline;

/** What reaching a deadline means. */
public enum DueAction {
    /** A party failed a legal or agreed time limit: a breach is recorded and notified. */
    BREACH,
    /** A period ends (e.g. the legal floor of a preservation): notified; the lifecycle decides what follows. */
    EXPIRY,
    /** A window closes (e.g. an objection period): notified for information only. */
    INFORMATIONAL
}
