package eu.eevidence.gw.gateway.order;

/**
 * States of a request on the sending node. Which transitions are legal depends on the request's family: see
 * {@link Lifecycle} and the transition tables in docs/design/request-lifecycle.md. A request that fails
 * validation is never stored, so there is no "submitted" state: ACCEPTED is the first durable state.
 */
public enum RequestState {
    /** Validated, sealed (signed and encrypted), stored and queued: durable. The answer to the sender was 2xx. */
    ACCEPTED(false),
    /** At least one delivery attempt was made; no valid receipt yet; retries are pending in the broker. */
    DISPATCHED(false),
    /** The destination returned a valid receipt for exactly these bytes. */
    DELIVERED(false),
    /** The addressee acknowledged the request and will act on it. */
    ACKNOWLEDGED(false),
    /** The addressee asked a question; the request waits for the answer (some instruments stop the clock). */
    CLARIFICATION_REQUESTED(false),
    /** The addressee confirmed that the data are preserved; the preservation end is known. */
    PRESERVED(false),
    /**
     * The platform removed or disabled the content of a removal order (CONTENT_REMOVED); the removed content stays
     * preserved for the period the order states, tracked as a deadline (docs/design/removal-orders.md).
     */
    REMOVED(false),
    /** The addressee is executing (e.g. the order was served on the provider). */
    EXECUTING(false),
    /** Part of the data was delivered; more is expected. */
    PARTIALLY_EXECUTED(false),
    /** Executed in full (final execution report), or the preservation ended by hand-over to a production. */
    COMPLETED(true),
    /** The addressee refused the request for good (its reason is recorded). */
    REFUSED(true),
    /** The requester withdrew the request; pending deliveries stopped; the addressee was told. */
    WITHDRAWN(true),
    /** The legal period ended without a follow-up (e.g. a preservation not followed by a production). */
    EXPIRED(true),
    /** Delivery gave up after the retry bound (dead letter). */
    FAILED(true);

    private final boolean terminal;

    RequestState(boolean terminal) {
        this.terminal = terminal;
    }

    public boolean isTerminal() {
        return terminal;
    }

    /** True while a delivery attempt may still happen. */
    public boolean awaitsDelivery() {
        return this == ACCEPTED || this == DISPATCHED;
    }
}
