package eu.eevidence.gw.sim.world;

import java.sql.ResultSet;
import java.sql.PreparedStatement;
import eu.eevidence.gw.custody.audit.LogVerifier;
import eu.eevidence.gw.custody.audit.Progress;
import eu.eevidence.gw.custody.audit.VerifyReport;
import eu.eevidence.gw.custody.tiles.DirectorySource;
import eu.eevidence.gw.gateway.infra.Database;
import eu.eevidence.gw.gateway.node.GatewayNode;
import eu.eevidence.gw.gateway.tracking.ComplianceQueries;
import eu.eevidence.gw.sim.world.World.Country;
import eu.eevidence.gw.sim.world.World.Portal;
import eu.eevidence.gw.sim.world.World.Sent;
import eu.eevidence.gw.testkit.SimulatedPlatformPortal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The invariants over every node's store and custody log at the end of a run: each accepted request stored in exactly
 * one state, each request applied once at its portal with matching receipts, the custody log verifying and agreeing
 * with the timeline and the store; plus the per-instrument and per-platform figures and the deadline compliance. One
 * instance per run ({@link #check()} once); the evidence rows it reads are handed to {@link EvidenceInvariants}.
 */
final class NodeChecks {

    private final World w;
    private final Instant virtualStart;

    final Map<String, int[]> perInstrument = new TreeMap<>();
    final Map<String, int[]> perPlatform = new TreeMap<>();
    final Map<String, Map<String, Integer>> statesPerInstrument = new TreeMap<>();
    final List<WorldReport.NodeCheck> checks = new ArrayList<>();
    final List<WorldReport.Invariant> invariants = new ArrayList<>();
    final Map<String, long[]> compliance = new TreeMap<>();
    int retries;
    int deadLetters;
    boolean storeOk = true;
    boolean custodyOk = true;
    boolean agreeOk = true;
    private int storedTotal;
    /** country -> "request|item" -> sha256, size. */
    final Map<String, Map<String, String[]>> evidenceRows = new HashMap<>();
    /** country -> "message|item" -> state, sha256, request, last code. */
    final Map<String, Map<String, String[]>> fetchJobs = new HashMap<>();
    /** country -> record texts of EVIDENCE_SENT / EVIDENCE_STORED. */
    final Map<String, List<String>> custodyTexts = new HashMap<>();

    NodeChecks(World w, Instant virtualStart) {
        this.w = w;
        this.virtualStart = virtualStart;
    }

    /** The request rows of one node. */
    private record Requests(Map<String, String> stateById, Map<String, Integer> attempts, Map<String, String> receipts) {
    }

    /** Checks every node; adds the store, rejected-input and custody-verification invariants. */
    void check() throws Exception {
        for (Sent sent : List.copyOf(w.sentAll)) {
            int[] a = perInstrument.computeIfAbsent(sent.instrument, k -> new int[8]);
            int[] b = perPlatform.computeIfAbsent(sent.platform, k -> new int[8]);
            a[0]++;
            b[0]++;
            int col = sent.id != null ? 1 : 2;
            a[col]++;
            b[col]++;
        }
        for (Country c : w.countries.values()) {
            checkNode(c);
        }
        invariants.add(new WorldReport.Invariant("every accepted request is in exactly one terminal or pending state (count by state = accepted)", storeOk,
                storedTotal + " stored"));
        int rejectedInputs = w.sentAll.stream().mapToInt(x -> x.id == null ? 1 : 0).sum();
        invariants.add(new WorldReport.Invariant("no request created from rejected input", storeOk && w.revokedAccepted.get() == 0,
                rejectedInputs + " submissions refused, none stored; revoked certificate: " + w.revokedRefused.get() + " refused, "
                        + w.revokedAccepted.get() + " accepted"));
        invariants.add(new WorldReport.Invariant("every node's custody log verifies (audit verify)", custodyOk, w.countries.size() + " logs"));
    }

    private void checkNode(Country c) throws Exception {
        GatewayNode node = c.node;
        Database db = node.requests().database();
        Requests requests = requests(db);
        storedTotal += requests.stateById().size();
        Map<String, Integer> states = checkStore(c, requests);
        checkPortals(c, requests);
        checkCustody(c, node, db, requests.stateById().size(), states);
        // deadline compliance of this node
        for (ComplianceQueries.Compliance q : new ComplianceQueries(db).since(virtualStart.minus(Duration.ofDays(30)))) {
            long[] v = compliance.computeIfAbsent(q.instrument(), k -> new long[3]);
            v[0] += q.met();
            v[1] += q.breached();
            v[2] += q.open();
        }
    }

    private static Requests requests(Database db) throws Exception {
        Map<String, String> stateById = new HashMap<>();
        Map<String, Integer> attempts = new HashMap<>();
        Map<String, String> receipts = new HashMap<>();
        db.read(conn -> {
            try (PreparedStatement ps = conn.connection().prepareStatement("SELECT id, state, delivery_attempts, receipt_id FROM request");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stateById.put(rs.getString(1), rs.getString(2));
                    attempts.put(rs.getString(1), rs.getInt(3));
                    receipts.put(rs.getString(1), rs.getString(4));
                }
            }
            return null;
        });
        return new Requests(stateById, attempts, receipts);
    }

    /** Each accepted request in exactly one state, nothing stored that was never accepted; returns the count by state. */
    private Map<String, Integer> checkStore(Country c, Requests requests) {
        Map<String, String> stateById = requests.stateById();
        Map<String, Integer> states = new TreeMap<>();
        int missing = 0;
        for (String id : c.accepted) {
            String st = stateById.get(id);
            if (st == null) {
                missing++;
                continue;
            }
            states.merge(st, 1, Integer::sum);
            Sent sent = w.sentById.get(id);
            statesPerInstrument.computeIfAbsent(sent.instrument, k -> new TreeMap<>()).merge(st, 1, Integer::sum);
            int col = switch (st) {
                case "COMPLETED" -> 3;
                case "REFUSED" -> 4;
                case "FAILED" -> 5;
                default -> st.equals("EXPIRED") || st.equals("WITHDRAWN") ? 6 : 7;
            };
            perInstrument.get(sent.instrument)[col]++;
            perPlatform.get(sent.platform)[col]++;
            retries += Math.max(0, requests.attempts().get(id) - 1);
            if (st.equals("FAILED")) {
                deadLetters++;
            }
        }
        int extra = 0;
        for (String id : stateById.keySet()) {
            if (!c.accepted.contains(id)) {
                extra++;
            }
        }
        int byState = states.values().stream().mapToInt(Integer::intValue).sum();
        if (missing > 0 || extra > 0 || byState != c.accepted.size()) {
            storeOk = false;
            w.violations.add(c.code + ": accepted " + c.accepted.size() + ", counted by state " + byState + ", missing " + missing
                    + ", stored but never accepted " + extra);
        }
        return states;
    }

    /** Portals: each request applied once, and the portal's accepted requests are exactly the node's receipted ones. */
    private void checkPortals(Country c, Requests requests) {
        Map<String, String> receipts = requests.receipts();
        for (Portal p : w.portals.values()) {
            List<String> ids = p.server().accepted().stream().filter(a -> !a.idempotencyKey().startsWith("NTC-")) // follow-ups: own notices
                    .map(SimulatedPlatformPortal.Accepted::requestId)
                    .filter(requests.stateById()::containsKey).toList();
            Set<String> distinct = new HashSet<>(ids);
            if (distinct.size() != ids.size()) {
                w.violations.add(p.plan().id() + " applied " + (ids.size() - distinct.size()) + " request(s) of " + c.code + " twice");
            }
            for (Map.Entry<String, String> e : receipts.entrySet()) {
                Sent sent = w.sentById.get(e.getKey());
                if (sent != null && sent.platform.equals(p.plan().id()) && e.getValue() != null && !distinct.contains(e.getKey())) {
                    w.violations.add(c.code + " holds a receipt for " + e.getKey() + " that " + p.plan().id() + " never issued");
                }
            }
            for (String id : distinct) {
                if (receipts.get(id) == null) {
                    w.violations.add(p.plan().id() + " accepted " + id + " but " + c.code + " has no receipt for it");
                }
            }
        }
    }

    /** Custody log: verifies, and agrees with the timeline and the store; the node's evidence rows are kept for later. */
    private void checkCustody(Country c, GatewayNode node, Database db, int stored, Map<String, Integer> states) throws Exception {
        node.custody().flushAndPublish();
        long logSize = node.custody().log().size();
        VerifyReport vr = LogVerifier.verify(new DirectorySource(c.dir.resolve("custody")), node.custody().log().verifierKey(), Progress.NONE);
        if (!vr.ok()) {
            custodyOk = false;
            w.violations.add(c.code + ": custody log does not verify: " + vr.oneLine());
        }
        Map<String, Long> custodyCounts = counts(db, "SELECT event_type, COUNT(*) FROM custody_record WHERE log_index IS NOT NULL"
                + " AND (request_id IS NULL OR request_id NOT LIKE 'CASE-%') GROUP BY event_type");
        Map<String, Long> timelineCounts = counts(db, "SELECT event_code, COUNT(*) FROM request_event GROUP BY event_code");
        // the node is still live: a record indexed after the size was read lies beyond it, so every position below the
        // size must have its record (a record missing from the log, or a log entry without its record, still shows)
        long custodyRows = counts(db, "SELECT event_type, COUNT(*) FROM custody_record WHERE log_index IS NOT NULL AND log_index < "
                + logSize + " GROUP BY event_type").values().stream().mapToLong(Long::longValue).sum();
        Map<String, String> agreement = new TreeMap<>(); // requests only: the cases (CASE-...) have their own timeline
        agreement.put("log size = custody records", logSize + " = " + custodyRows);
        if (logSize != custodyRows) {
            agreeOk = false;
            w.violations.add(c.code + ": custody log size " + logSize + " but " + custodyRows + " custody records");
        }
        String cc = c.code;
        agreeOk &= agree(cc, agreement, "REQUEST_RECEIVED", custodyCounts, List.of("REQUEST_RECEIVED"), timelineCounts, List.of("REQUEST_RECEIVED"));
        agreeOk &= agree(cc, agreement, "REQUEST_RECEIVED", custodyCounts, List.of("REQUEST_RECEIVED"), Map.of("accepted", (long) stored),
                List.of("accepted"));
        agreeOk &= agree(cc, agreement, "DEADLINE_WARNING", custodyCounts, List.of("DEADLINE_WARNING"), timelineCounts, List.of("DEADLINE_WARNING"));
        agreeOk &= agree(cc, agreement, "DEADLINE_BREACH", custodyCounts, List.of("DEADLINE_BREACH"), timelineCounts,
                List.of("DEADLINE_BREACHED", "DEADLINE_EXPIRED"));
        agreeOk &= agree(cc, agreement, "WITHDRAWAL", custodyCounts, List.of("WITHDRAWAL"), timelineCounts, List.of("WITHDRAWN"));
        agreeOk &= agree(cc, agreement, "DELIVERY_FAILED", custodyCounts, List.of("DELIVERY_FAILED"), timelineCounts, List.of("DELIVERY_FAILED"));
        agreeOk &= agree(cc, agreement, "REQUEST_REFUSED", custodyCounts, List.of("REQUEST_REFUSED"), timelineCounts, List.of("REFUSED"));
        // evidence: every stored item (uploaded by a platform or fetched from a peer) has its EVIDENCE_STORED entry
        Map<String, String[]> rows = rows(db, "SELECT request_id, item_id, sha256, size_bytes FROM evidence_item", 2);
        evidenceRows.put(cc, rows);
        fetchJobs.put(cc, rows(db, "SELECT message_id, item_id, state, sha256, request_id, last_code FROM network_evidence_fetch", 2));
        custodyTexts.put(cc, rows(db, "SELECT CAST(id AS VARCHAR(20)), event_type, record_text FROM custody_record WHERE log_index IS NOT NULL"
                + " AND event_type IN ('EVIDENCE_SENT','EVIDENCE_STORED')", 1).values().stream().map(v -> v[0] + " " + v[1]).toList());
        agreeOk &= agree(cc, agreement, "EVIDENCE_STORED", custodyCounts, List.of("EVIDENCE_STORED"), Map.of("evidence items", (long) rows.size()),
                List.of("evidence items"));
        checks.add(new WorldReport.NodeCheck(cc, c.accepted.size(), stored, states, custodyRows, logSize, vr.ok(), vr.oneLine(), agreement));
    }

    /** Rows keyed by their first two columns ("a|b"), the value the remaining columns from {@code from} on. */
    private static Map<String, String[]> rows(Database db, String sql, int from) throws Exception {
        return db.read(conn -> {
            Map<String, String[]> m = new HashMap<>();
            try (PreparedStatement ps = conn.connection().prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                int cols = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    String[] v = new String[cols - from];
                    for (int i = from; i < cols; i++) {
                        v[i - from] = rs.getString(i + 1);
                    }
                    m.put(rs.getString(1) + "|" + rs.getString(2), v);
                }
            }
            return m;
        });
    }

    private boolean agree(String country, Map<String, String> agreement, String label, Map<String, Long> left, List<String> leftKeys,
                          Map<String, Long> right, List<String> rightKeys) {
        long l = leftKeys.stream().mapToLong(k -> left.getOrDefault(k, 0L)).sum();
        long r = rightKeys.stream().mapToLong(k -> right.getOrDefault(k, 0L)).sum();
        String key = "custody " + label + " = " + String.join("+", rightKeys);
        agreement.put(key, l + " = " + r);
        if (l != r) {
            w.violations.add(country + ": custody " + label + " entries " + l + " but " + String.join("+", rightKeys) + " " + r);
            return false;
        }
        return true;
    }

    private static Map<String, Long> counts(Database db, String sql) throws Exception {
        return db.read(conn -> {
            Map<String, Long> m = new TreeMap<>();
            try (PreparedStatement ps = conn.connection().prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    m.put(rs.getString(1), rs.getLong(2));
                }
            }
            return m;
        });
    }
}
