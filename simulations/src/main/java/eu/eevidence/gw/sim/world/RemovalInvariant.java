package eu.eevidence.gw.sim.world;

import eu.eevidence.gw.gateway.infra.Database;
import eu.eevidence.gw.gateway.infra.SqlTime;
import eu.eevidence.gw.sim.world.World.Country;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Removal orders at the end of a run (ADR-0033): every removal order a node accepted reached REMOVED (the platform's
 * CONTENT_REMOVED) or its removal deadline's breach alarm, unless that deadline is still running and not yet due; every
 * removed one tracks its preservation as a deadline ending at the removal plus the order's preservationDays (not the 60
 * days of Art. 29(7)).
 */
final class RemovalInvariant {

    private final java.util.Collection<String> violations;
    private final java.util.function.Supplier<Instant> clock;
    private final Duration grace;
    private int orders;
    private int removed;
    private int alarmed;
    private int pending;
    private int ended;
    private int withdrawn;
    private boolean held = true;

    RemovalInvariant(World w) {
        this(w.violations, w.clock::instant, Duration.ofMinutes(w.s.stepMinutes()));
    }

    /** {@code grace}: a running removal deadline due less than this before now is "not yet due" (the last step's tick). */
    RemovalInvariant(java.util.Collection<String> violations, java.util.function.Supplier<Instant> clock, Duration grace) {
        this.violations = violations;
        this.clock = clock;
        this.grace = grace;
    }

    /** Checks the removal orders of one node. */
    void check(Country c) throws Exception {
        Database db = c.node.requests().database();
        Instant now = clock.get();
        db.read(conn -> {
            try (PreparedStatement ps = conn.connection().prepareStatement("SELECT r.id, r.state, m.removed_at, m.preservation_days, d.state, d.due_at,"
                    + " p.state, p.due_at, (SELECT COUNT(*) FROM deadline_alarm a WHERE a.deadline_id = d.id AND a.label = 'DUE'"
                    + " AND a.fired_at IS NOT NULL) FROM request r JOIN removal_order m ON m.request_id = r.id"
                    + " LEFT JOIN deadline d ON d.request_id = r.id AND d.rule_id = 'REMOVAL_DEADLINE'"
                    + " LEFT JOIN deadline p ON p.request_id = r.id AND p.rule_id = 'REMOVAL_PRESERVATION'");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    one(c.code, new Row(rs.getString(1), rs.getString(2), SqlTime.instant(rs, 3), rs.getInt(4),
                            new Due(rs.getString(5), SqlTime.instant(rs, 6)), new Due(rs.getString(7), SqlTime.instant(rs, 8)), rs.getInt(9)), now);
                }
            }
            return null;
        });
    }

    /** One removal order as the node stores it: request state, removal time, ordered days, both deadlines, fired DUE alarms. */
    record Row(String id, String state, Instant removedAt, int days, Due removal, Due keep, int dueAlarmsFired) {
        String deadline() {
            return removal.state();
        }

        Instant due() {
            return removal.at();
        }

        Instant keepDue() {
            return keep.at();
        }
    }

    /** A deadline's state and end (both null when it never started). */
    record Due(String state, Instant at) {
    }

    void one(String country, Row r, Instant now) {
        orders++;
        if (r.removedAt() != null) {
            removed++;
            Instant ordered = r.removedAt().plus(Duration.ofDays(r.days()));
            boolean tracked = r.keep().state() != null && r.keepDue() != null && !r.keepDue().isBefore(ordered)
                    && List.of("RUNNING", "EXPIRED", "MET", "CANCELLED").contains(r.keep().state());
            if (!tracked) {
                violation(country + ": removal order " + r.id() + " removed at " + r.removedAt() + " but its preservation is not tracked to "
                        + ordered + " (" + r.keep().state() + " " + r.keepDue() + ")");
            }
        } else if ("BREACHED".equals(r.deadline()) && r.dueAlarmsFired() == 1) {
            alarmed++;
        } else if ("RUNNING".equals(r.deadline()) && r.due() != null && r.due().isAfter(now.minus(grace))) {
            pending++;
        } else if ("WITHDRAWN".equals(r.state()) && "CANCELLED".equals(r.deadline())) {
            withdrawn++; // withdrawn by its requester after delivery (a follow-up): its deadlines cancelled
        } else if (r.deadline() == null && List.of("ACCEPTED", "DISPATCHED", "FAILED", "REFUSED", "WITHDRAWN").contains(r.state())) {
            ended++; // not delivered (yet): the removal clock starts on receipt by the platform
        } else {
            violation(country + ": removal order " + r.id() + " in " + r.state() + " neither removed nor alarmed (deadline " + r.deadline() + " due "
                    + r.due() + ", " + r.dueAlarmsFired() + " due alarm(s) fired)");
        }
    }

    private void violation(String v) {
        held = false;
        violations.add(v);
    }

    boolean held() {
        return held;
    }

    /** Adds the invariant to {@code invariants}. */
    void report(List<WorldReport.Invariant> invariants) {
        invariants.add(new WorldReport.Invariant("every removal order reaches REMOVED or its deadline alarm, preservation deadline tracked", held,
                orders + " removal orders: " + removed + " removed (preservation tracked), " + alarmed + " breach alarms, " + pending
                        + " not yet due, " + ended + " not delivered, " + withdrawn + " withdrawn"));
    }
}
