package eu.eevidence.gw.gateway.order;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Lifecycle of a request on the sending node. The transition table is documented in
 * docs/design/request-lifecycle.md and enforced by {@link #canMoveTo(RequestState)}.
 */
public enum RequestState {
    /** Validated, sealed (signed and encrypted), stored and queued: durable. The answer to the sender was 2xx. */
    ACCEPTED(false),
    /** At least one delivery attempt was made; no valid receipt yet; retries are pending in the broker. */
    DISPATCHED(false),
    /** The destination returned a valid receipt for exactly these bytes. */
    DELIVERED(false),
    /** The platform acknowledged the request and will act on it. */
    ACKNOWLEDGED(false),
    /** The platform confirmed that the data are preserved; the preservation end is known. */
    PRESERVED(false),
    /** The destination refused the request for good (its reason is recorded). */
    REFUSED(true),
    /** Delivery gave up after the retry bound (dead letter). */
    FAILED(true);

    private static final Map<RequestState, Set<RequestState>> NEXT = Map.of(
            ACCEPTED, EnumSet.of(DISPATCHED, DELIVERED, REFUSED, FAILED),
            DISPATCHED, EnumSet.of(DELIVERED, REFUSED, FAILED),
            DELIVERED, EnumSet.of(ACKNOWLEDGED, PRESERVED, REFUSED),
            ACKNOWLEDGED, EnumSet.of(PRESERVED, REFUSED),
            PRESERVED, EnumSet.noneOf(RequestState.class),
            REFUSED, EnumSet.noneOf(RequestState.class),
            FAILED, EnumSet.noneOf(RequestState.class));

    private final boolean terminal;

    RequestState(boolean terminal) {
        this.terminal = terminal;
    }

    public boolean isTerminal() {
        return terminal;
    }

    public boolean canMoveTo(RequestState next) {
        return NEXT.get(this).contains(next);
    }

    public Set<RequestState> next() {
        return Collections.unmodifiableSet(NEXT.get(this));
    }

    /** True while a delivery attempt may still happen. */
    public boolean awaitsDelivery() {
        return this == ACCEPTED || this == DISPATCHED;
    }

    /** Checks a transition; throws {@link IllegalTransitionException} (code EEG-LIFE-001) when the table forbids it. */
    public RequestState moveTo(RequestState next) {
        if (!canMoveTo(next)) {
            throw new IllegalTransitionException(this, next);
        }
        return next;
    }
}
