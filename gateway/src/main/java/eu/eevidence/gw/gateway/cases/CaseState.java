package eu.eevidence.gw.gateway.cases;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * States of a case on the requested Party's node: a request another Party's node sent here, reviewed by this node's
 * 24/7 contact point and, once accepted, carried out through a domestic order to a platform. The transition table is
 * written out in full below and in docs/design/cases.md ("The requested Party's case"); {@code CaseStateTest} keeps
 * the two in step. Terminal states go nowhere; an illegal move is {@code EEG-CASE-ILLEGAL}.
 */
public enum CaseState {
    /** Received from the requesting Party's node and stored; waits for the contact point's decision. */
    RECEIVED(false),
    /** The contact point asked the requester a question; an answer brings the case back to RECEIVED. */
    CLARIFICATION_REQUESTED(false),
    /** Execution postponed (ETS 185 Art. 27(5)); the contact point decides again later. */
    POSTPONED(false),
    /** Accepted; the domestic order is being created (durable decision, order not yet linked). */
    ACCEPTED(false),
    /** The domestic order exists (a request of this node to the chosen platform); the requester was acknowledged. */
    ORDERED(false),
    /** The platform confirmed preservation; the requester was told (PreservationConfirmed). */
    PRESERVED(false),
    /** A mutual-assistance request followed the preservation (Art. 29(7)): preserved until it is decided. */
    HELD(false),
    /** The platform is executing the order (or executed part of it). */
    EXECUTING(false),
    /** The domestic order could not be delivered (dead letter); the contact point must refuse or the requester withdraw. */
    ORDER_FAILED(false),
    /** Executed in full (by the platform, or answered by the contact point itself: ANSWER), or the preservation ended. */
    COMPLETED(true),
    /** Refused by this Party, or by the platform; the requester was told (Refusal). */
    REFUSED(true),
    /** The preservation period ended without a follow-up. */
    EXPIRED(true),
    /** Withdrawn by the requester; the domestic order, if any, was withdrawn too. */
    WITHDRAWN(true);

    private static final Map<CaseState, Set<CaseState>> NEXT = new EnumMap<>(CaseState.class);

    static {
        for (CaseState s : values()) {
            NEXT.put(s, EnumSet.noneOf(CaseState.class));
        }
        NEXT.put(RECEIVED, EnumSet.of(ACCEPTED, REFUSED, POSTPONED, CLARIFICATION_REQUESTED, WITHDRAWN, COMPLETED));
        NEXT.put(CLARIFICATION_REQUESTED, EnumSet.of(RECEIVED, REFUSED, WITHDRAWN));
        NEXT.put(POSTPONED, EnumSet.of(ACCEPTED, REFUSED, CLARIFICATION_REQUESTED, WITHDRAWN, COMPLETED));
        NEXT.put(ACCEPTED, EnumSet.of(ORDERED, REFUSED, WITHDRAWN));
        NEXT.put(ORDERED, EnumSet.of(PRESERVED, EXECUTING, COMPLETED, REFUSED, ORDER_FAILED, WITHDRAWN));
        NEXT.put(PRESERVED, EnumSet.of(HELD, COMPLETED, EXPIRED, WITHDRAWN));
        NEXT.put(HELD, EnumSet.of(PRESERVED, COMPLETED, WITHDRAWN));
        NEXT.put(EXECUTING, EnumSet.of(COMPLETED, REFUSED, WITHDRAWN));
        NEXT.put(ORDER_FAILED, EnumSet.of(REFUSED, WITHDRAWN));
        for (CaseState s : values()) {
            if (s.terminal && !NEXT.get(s).isEmpty()) {
                throw new IllegalStateException("terminal case state " + s + " has successors");
            }
            NEXT.put(s, Collections.unmodifiableSet(NEXT.get(s)));
        }
    }

    private final boolean terminal;

    CaseState(boolean terminal) {
        this.terminal = terminal;
    }

    public boolean isTerminal() {
        return terminal;
    }

    public Set<CaseState> next() {
        return NEXT.get(this);
    }

    public boolean canMove(CaseState to) {
        return NEXT.get(this).contains(to);
    }

    /** Checks a move; {@link CaseException} with {@code EEG-CASE-ILLEGAL} (409) when the table forbids it. */
    public CaseState move(CaseState to) throws CaseException {
        if (!canMove(to)) {
            throw new CaseException(409, CaseError.CASE_ILLEGAL.code(), "a case in state " + this + " cannot move to " + to);
        }
        return to;
    }
}
