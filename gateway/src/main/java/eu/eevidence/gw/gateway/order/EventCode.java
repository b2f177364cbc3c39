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
    DELIVERY_FAILED,
    // lifecycle actions and answers (issue 6)
    WITHDRAWN,
    CLARIFICATION_REQUESTED,
    CLARIFICATION_ANSWERED,
    EXECUTING,
    PARTIALLY_EXECUTED,
    COMPLETED,
    EXPIRED,
    PRESERVATION_ENDED,
    MLA_RECEIVED,
    MLA_DECIDED,
    SUBSEQUENT_REQUEST_CONFIRMED,
    // deadlines
    DEADLINE_STARTED,
    DEADLINE_WARNING,
    DEADLINE_BREACHED,
    DEADLINE_EXPIRED,
    DEADLINE_WINDOW_CLOSED,
    DEADLINE_MET,
    DEADLINE_CANCELLED,
    DEADLINE_SUSPENDED,
    DEADLINE_HELD,
    DEADLINE_RESUMED,
    DEADLINE_EXTENDED,
    DEADLINE_CHANGED,
    // retention
    RETENTION_PURGED,
    LEGAL_HOLD_PLACED,
    LEGAL_HOLD_LIFTED,
    /** An onward transfer of the request's data to another authority was recorded (Protocol Art. 14(10), ADR-0020). */
    ONWARD_TRANSFER,
    PERSONAL_DATA_ACCESSED,
    // answers of the addressee
    ANSWER_RECEIVED,
    POSTPONED,
    // evidence (issue 7): an item stored encrypted after its checks, and every read of one
    EVIDENCE_STORED,
    EVIDENCE_READ,
    // manual hand-off to platforms without a machine interface
    HANDOFF_PREPARED,
    HANDOFF_CONFIRMED,
    // REM-style evidences of a peer node about a request sent to it (DELIVERED, RETRIEVED; ADR-0016): no state change
    NETWORK_EVIDENCE,
    // evidence transfer between nodes (ADR-0017): every item of a peer's report stored here, or one given up
    EVIDENCE_TRANSFERRED,
    EVIDENCE_TRANSFER_FAILED,
    // follow-ups that travel to the addressee (issue 17, ADR-0032): queued, delivered with its receipt, or given up
    FOLLOW_UP_QUEUED,
    FOLLOW_UP_DELIVERED,
    FOLLOW_UP_NOT_DELIVERED,
    // removal orders (ADR-0033): the platform removed the content (its figures are on the request)
    REMOVED,
    // resurfacing prevention (ADR-0038): the platform applied a hash list (its figures are on the request)
    HASH_LIST_APPLIED,
    // secure archiving (ADR-0039): an ended request moved to the archive, and every read of it (with its reason)
    ARCHIVED,
    ARCHIVE_READ
}
