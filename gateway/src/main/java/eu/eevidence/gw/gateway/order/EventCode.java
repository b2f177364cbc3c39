package eu.eevidence.gw.gateway.order;

/** Stable codes of the events on a request's timeline. Never renamed; new ones are added. */
public enum EventCode {
    REQUEST_RECEIVED,
    REQUEST_VALIDATED,
    REQUEST_SEALED,
    REQUEST_QUEUED,
    DUPLICATE_SUBMISSION,
    DELIVERY_ATTEMPT_FAILED,
    DELIVERED,
    ACKNOWLEDGED,
    PRESERVED,
    REFUSED,
    DELIVERY_FAILED
}
