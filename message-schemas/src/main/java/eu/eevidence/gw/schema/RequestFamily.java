package eu.eevidence.gw.schema;

/** Families of requests that share a lifecycle (see docs/design/request-lifecycle.md). */
public enum RequestFamily {
    PRESERVATION,
    PRODUCTION,
    EMERGENCY,
    MUTUAL_ASSISTANCE,
    REMOVAL,
    /** Answers and follow-ups: they belong to the family of the request they correlate with. */
    LIFECYCLE
}
