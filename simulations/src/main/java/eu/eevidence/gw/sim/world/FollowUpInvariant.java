package eu.eevidence.gw.sim.world;

import eu.eevidence.gw.gateway.action.ActionError;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Follow-ups at the end of a run (ADR-0032): every follow-up a node accepted (2xx) is delivered with its receipt (the
 * deadline it changed confirmed by the addressee) or visible as not delivered with its alarm; none was accepted for a
 * request already withdrawn; a refused one left nothing behind (the stored notices of a kind are exactly the accepted
 * sends of that kind).
 */
final class FollowUpInvariant {

    private final Collection<String> violations;
    private int accepted;
    private int delivered;
    private int alarmed;
    private int refusedExpected;
    private int refusedWithdrawn;
    private boolean held = true;

    FollowUpInvariant(Collection<String> violations) {
        this.violations = violations;
    }

    /** One follow-up the world sent: its kind (notice kind), the HTTP status and problem code of the answer. */
    record Attempt(String kind, int status, String code) {
        boolean ok() {
            return status / 100 == 2;
        }
    }

    /**
     * One stored notice: kind, state, receipt, when it was stored, the deadline rule it changed and whether the node shows
     * that deadline confirmed by the addressee, and whether the timeline shows FOLLOW_UP_NOT_DELIVERED.
     */
    record Stored(String kind, String state, String receiptId, Instant createdAt, String rule, boolean confirmed, boolean alarm) {
    }

    /** Checks one request: the world's sends in order and the notices the node stored for it. */
    void one(String country, String requestId, List<Attempt> sends, List<Stored> notices) {
        String where = country + ": follow-ups of " + requestId;
        Map<String, Integer> acceptedPerKind = new TreeMap<>();
        boolean withdrawn = false;
        for (Attempt a : sends) {
            if (a.ok()) {
                accepted++;
                acceptedPerKind.merge(a.kind(), 1, Integer::sum);
                if (withdrawn) {
                    violation(where + ": " + a.kind() + " accepted after the withdrawal");
                }
                withdrawn |= "WITHDRAWAL".equals(a.kind());
            } else if (ActionError.ACT_FOLLOW_UP_UNSUPPORTED.code().equals(a.code()) && a.status() == 422) {
                refusedExpected++;
            } else if (ActionError.ACT_FOLLOW_UP_WITHDRAWN.code().equals(a.code()) && a.status() == 409 && withdrawn) {
                refusedWithdrawn++;
            } else {
                violation(where + ": " + a.kind() + " answered " + a.status() + " " + a.code());
            }
        }
        Map<String, Integer> storedPerKind = new TreeMap<>();
        Instant withdrawal = notices.stream().filter(n -> "WITHDRAWAL".equals(n.kind())).map(Stored::createdAt).findFirst().orElse(null);
        for (Stored n : notices) {
            storedPerKind.merge(n.kind(), 1, Integer::sum);
            if (withdrawal != null && !"WITHDRAWAL".equals(n.kind()) && n.createdAt().isAfter(withdrawal)) {
                violation(where + ": " + n.kind() + " stored after the withdrawal");
            }
            delivery(where, n);
        }
        if (!storedPerKind.equals(acceptedPerKind)) {
            violation(where + ": stored notices " + storedPerKind + " differ from the accepted follow-ups " + acceptedPerKind
                    + " (a refused one left something behind, or an accepted one is missing)");
        }
    }

    private void delivery(String where, Stored n) {
        if ("SENT".equals(n.state()) && n.receiptId() != null && (n.rule() == null || n.confirmed())) {
            delivered++;
        } else if ("FAILED".equals(n.state()) && n.alarm() && (n.rule() == null || !n.confirmed())) {
            alarmed++;
        } else {
            violation(where + ": " + n.kind() + " in " + n.state() + " (receipt " + n.receiptId() + ", deadline " + n.rule() + " confirmed "
                    + n.confirmed() + ", alarm " + n.alarm() + ") neither delivered with its receipt nor alarmed");
        }
    }

    private void violation(String v) {
        held = false;
        violations.add(v);
    }

    boolean held() {
        return held;
    }

    /** The figures: accepted, delivered, alarmed, refused as expected (channel), refused after withdrawal. */
    String figures() {
        return accepted + " follow-ups accepted: " + delivered + " delivered with receipt, " + alarmed + " not delivered with alarm; "
                + refusedExpected + " refused as unsupported by the channel (422), " + refusedWithdrawn + " refused after withdrawal (409)";
    }

    /** Adds the invariant to {@code invariants}. */
    void report(List<WorldReport.Invariant> invariants) {
        invariants.add(new WorldReport.Invariant("every accepted follow-up is delivered with its receipt or alarmed, none after a withdrawal,"
                + " refused ones leave nothing", held, figures()));
    }
}
