package eu.eevidence.gw.gateway.order;

import eu.eevidence.gw.schema.RequestFamily;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static eu.eevidence.gw.gateway.order.RequestState.ACCEPTED;
import static eu.eevidence.gw.gateway.order.RequestState.ACKNOWLEDGED;
import static eu.eevidence.gw.gateway.order.RequestState.CLARIFICATION_REQUESTED;
import static eu.eevidence.gw.gateway.order.RequestState.COMPLETED;
import static eu.eevidence.gw.gateway.order.RequestState.DELIVERED;
import static eu.eevidence.gw.gateway.order.RequestState.DISPATCHED;
import static eu.eevidence.gw.gateway.order.RequestState.EXECUTING;
import static eu.eevidence.gw.gateway.order.RequestState.EXPIRED;
import static eu.eevidence.gw.gateway.order.RequestState.FAILED;
import static eu.eevidence.gw.gateway.order.RequestState.PARTIALLY_EXECUTED;
import static eu.eevidence.gw.gateway.order.RequestState.PRESERVED;
import static eu.eevidence.gw.gateway.order.RequestState.REFUSED;
import static eu.eevidence.gw.gateway.order.RequestState.REMOVED;
import static eu.eevidence.gw.gateway.order.RequestState.WITHDRAWN;

/**
 * The state machine of one request family: which state may follow which. Transition tables are written out in
 * full (no inheritance between families) so that docs/design/request-lifecycle.md can be checked against them
 * line by line; {@code LifecycleTest} keeps the two in step. Terminal states go nowhere.
 */
public enum Lifecycle {

    /** Budapest Art. 29, EPOC-PR: preserve, hold, end (by expiry, hand-over to a production, or withdrawal). */
    PRESERVATION(table(
            ACCEPTED, EnumSet.of(DISPATCHED, DELIVERED, REFUSED, FAILED, WITHDRAWN),
            DISPATCHED, EnumSet.of(DELIVERED, REFUSED, FAILED, WITHDRAWN),
            DELIVERED, EnumSet.of(ACKNOWLEDGED, CLARIFICATION_REQUESTED, PRESERVED, REFUSED, WITHDRAWN),
            ACKNOWLEDGED, EnumSet.of(CLARIFICATION_REQUESTED, PRESERVED, REFUSED, WITHDRAWN),
            CLARIFICATION_REQUESTED, EnumSet.of(ACKNOWLEDGED, PRESERVED, REFUSED, WITHDRAWN),
            PRESERVED, EnumSet.of(COMPLETED, EXPIRED, WITHDRAWN))),

    /** EPOC, Protocol Art. 6/7/8, Art. 30/31: deliver, execute (possibly in parts), complete. */
    PRODUCTION(executionTable()),

    /** Protocol Art. 9/10, emergency EPOC: the same shape as production, on the emergency clock. */
    EMERGENCY(executionTable()),

    /** Art. 31, Art. 35 and Protocol Art. 10 mutual assistance: the same shape as production. */
    MUTUAL_ASSISTANCE(executionTable()),

    /**
     * Content removal that keeps the evidence preserved for a limited time: REMOVED (the platform's CONTENT_REMOVED) meets
     * the removal deadline and starts the preservation the order states, which ends the request (EXPIRED) or is handed
     * over to a production (COMPLETED).
     */
    REMOVAL(table(
            ACCEPTED, EnumSet.of(DISPATCHED, DELIVERED, REFUSED, FAILED, WITHDRAWN),
            DISPATCHED, EnumSet.of(DELIVERED, REFUSED, FAILED, WITHDRAWN),
            DELIVERED, EnumSet.of(ACKNOWLEDGED, CLARIFICATION_REQUESTED, PRESERVED, REMOVED, REFUSED, WITHDRAWN),
            ACKNOWLEDGED, EnumSet.of(CLARIFICATION_REQUESTED, PRESERVED, REMOVED, REFUSED, WITHDRAWN),
            CLARIFICATION_REQUESTED, EnumSet.of(ACKNOWLEDGED, PRESERVED, REMOVED, REFUSED, WITHDRAWN),
            PRESERVED, EnumSet.of(REMOVED, COMPLETED, EXPIRED, WITHDRAWN),
            REMOVED, EnumSet.of(COMPLETED, EXPIRED, WITHDRAWN)));

    private final Map<RequestState, Set<RequestState>> next;

    Lifecycle(Map<RequestState, Set<RequestState>> next) {
        this.next = next;
    }

    /** The lifecycle of a request family. */
    public static Lifecycle of(RequestFamily family) {
        if (family == RequestFamily.LIFECYCLE) {
            throw new IllegalArgumentException(OrderError.LIFE_003.code() + " answers and follow-ups belong to the lifecycle of the request they answer");
        }
        return valueOf(family.name());
    }

    /** The lifecycle of a catalogue message type; code EEG-LIFE-002 for a type the catalogue does not know. */
    public static Lifecycle forMessageType(String messageType) {
        try {
            return of(eu.eevidence.gw.schema.MessageType.valueOf(messageType).family());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(OrderError.LIFE_002.code() + " unknown message type " + messageType, e);
        }
    }

    public boolean canMove(RequestState from, RequestState to) {
        return next.get(from).contains(to);
    }

    public Set<RequestState> next(RequestState from) {
        return Collections.unmodifiableSet(next.get(from));
    }

    /** Checks a transition; throws {@link IllegalTransitionException} (code EEG-LIFE-001) when the table forbids it. */
    public RequestState move(RequestState from, RequestState to) {
        if (!canMove(from, to)) {
            throw new IllegalTransitionException(this, from, to);
        }
        return to;
    }

    private static Map<RequestState, Set<RequestState>> executionTable() {
        return table(
                ACCEPTED, EnumSet.of(DISPATCHED, DELIVERED, REFUSED, FAILED, WITHDRAWN),
                DISPATCHED, EnumSet.of(DELIVERED, REFUSED, FAILED, WITHDRAWN),
                DELIVERED, EnumSet.of(ACKNOWLEDGED, CLARIFICATION_REQUESTED, EXECUTING, PARTIALLY_EXECUTED, COMPLETED, REFUSED, WITHDRAWN),
                ACKNOWLEDGED, EnumSet.of(CLARIFICATION_REQUESTED, EXECUTING, PARTIALLY_EXECUTED, COMPLETED, REFUSED, WITHDRAWN),
                CLARIFICATION_REQUESTED, EnumSet.of(ACKNOWLEDGED, EXECUTING, REFUSED, WITHDRAWN),
                EXECUTING, EnumSet.of(CLARIFICATION_REQUESTED, PARTIALLY_EXECUTED, COMPLETED, REFUSED, WITHDRAWN),
                PARTIALLY_EXECUTED, EnumSet.of(PARTIALLY_EXECUTED, COMPLETED, REFUSED, WITHDRAWN));
    }

    @SuppressWarnings("unchecked")
    private static Map<RequestState, Set<RequestState>> table(Object... pairs) {
        Map<RequestState, Set<RequestState>> m = new EnumMap<>(RequestState.class);
        for (RequestState s : RequestState.values()) {
            m.put(s, EnumSet.noneOf(RequestState.class));
        }
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((RequestState) pairs[i], (Set<RequestState>) pairs[i + 1]);
        }
        for (RequestState s : RequestState.values()) {
            if (s.isTerminal() && !m.get(s).isEmpty()) {
                throw new IllegalStateException("terminal state " + s + " has successors");
            }
        }
        return Collections.unmodifiableMap(m);
    }
}
