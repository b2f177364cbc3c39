package eu.eevidence.gw.sim;

import java.sql.ResultSet;
import java.sql.PreparedStatement;
import eu.eevidence.gw.custody.audit.LogVerifier;
import eu.eevidence.gw.custody.audit.Progress;
import eu.eevidence.gw.custody.audit.VerifyReport;
import eu.eevidence.gw.custody.tiles.DirectorySource;
import eu.eevidence.gw.gateway.network.NetworkReceipt;
import eu.eevidence.gw.pki.CmsProfile;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.TrustAnchors;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The checks of {@link NetworkBenchmark} after both phases: every request on A once, in the expected state, with B's
 * receipt verified again here; one case per request on B; B's outbox settled (a refused answer is a warning); both
 * custody logs verify ({@link LogVerifier}).
 */
final class NetworkChecks {

    private final NetworkBenchmark bench;

    NetworkChecks(NetworkBenchmark bench) {
        this.bench = bench;
    }

    Map<String, Object> check(NetworkBenchmark.Member a, NetworkBenchmark.Member b, TrustAnchors trust, KeyMaterial keyB, Set<String> created,
                              List<String> problems,
                                      List<String> warnings) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        // A: every request once, in the expected state, with B's receipt (verified again here)
        Map<String, String> stateOnA = new HashMap<>();
        Map<String, byte[]> receipts = new HashMap<>();
        Map<String, String> sealed = new HashMap<>();
        a.node().requests().database().read(c -> {
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT id, state, sealed_sha256 FROM request"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stateOnA.put(rs.getString(1), rs.getString(2));
                    sealed.put(rs.getString(1), rs.getString(3));
                }
            }
            return null;
        });
        for (String id : stateOnA.keySet()) { // stored under each request's data key (ADR-0020): read through the repository
            receipts.put(id, a.node().requests().receiptBody(id));
        }
        Map<String, Integer> states = new TreeMap<>();
        stateOnA.values().forEach(s -> states.merge(s, 1, Integer::sum));
        m.put("statesOnA", states);
        if (stateOnA.size() != created.size() || !stateOnA.keySet().equals(created)) {
            problems.add("A stores " + stateOnA.size() + " requests, " + created.size() + " were accepted");
        }
        long wrong = created.stream().filter(id -> !bench.type.finalState.name().equals(stateOnA.get(id))).count();
        if (wrong > 0) {
            problems.add(wrong + " requests on A not " + bench.type.finalState + ": " + states);
        }
        CmsProfile cms = new CmsProfile(Clock.systemUTC());
        int verified = 0;
        for (String id : created) {
            byte[] receipt = receipts.get(id);
            try {
                NetworkReceipt r = NetworkReceipt.verify(cms, receipt, trust, keyB.certificate(), "fr-247:" + id, sealed.get(id));
                if (r.evidence() == NetworkReceipt.Evidence.SUBMISSION_ACCEPTED && "ie-247".equals(r.issuer()) && "fr-247".equals(r.sender())) {
                    verified++;
                } else {
                    problems.add("receipt of " + id + ": " + r.evidence() + " issuer " + r.issuer() + " sender " + r.sender());
                }
            } catch (Exception e) {
                problems.add("receipt of " + id + " does not verify: " + (receipt == null ? "none" : e.getMessage()));
            }
        }
        m.put("receiptsVerified", verified);
        // B: one case per request
        Map<String, Integer> casesPerMessage = new HashMap<>();
        Map<String, Integer> caseStates = new TreeMap<>();
        b.node().requests().database().read(c -> {
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT message_id, state FROM inbound_case"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    casesPerMessage.merge(rs.getString(1), 1, Integer::sum);
                    caseStates.merge(rs.getString(2), 1, Integer::sum);
                }
            }
            return null;
        });
        m.put("casesOnB", casesPerMessage.values().stream().mapToInt(Integer::intValue).sum());
        m.put("caseStatesOnB", caseStates);
        long notOnce = created.stream().filter(id -> casesPerMessage.getOrDefault("fr-247:" + id, 0) != 1).count();
        long foreign = casesPerMessage.keySet().stream().filter(k -> !k.startsWith("fr-247:") || !created.contains(k.substring(7))).count();
        if (notOnce > 0 || foreign > 0) {
            problems.add(notOnce + " requests without exactly one case on B; " + foreign + " cases on B for no request of the run");
        }
        // B's outbox (answers to A): wait until nothing is pending, then count; a refused answer is a warning
        boolean settled = bench.await(() -> count(b, "SELECT COUNT(*) FROM network_outbox WHERE state NOT IN ('SENT', 'FAILED')") == 0);
        Map<String, Integer> outbox = new TreeMap<>();
        Map<String, Integer> refused = new TreeMap<>();
        b.node().requests().database().read(c -> {
            try (PreparedStatement ps = c.connection().prepareStatement(
                    "SELECT message_type, state, last_error FROM network_outbox"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    outbox.merge(rs.getString(1) + " " + rs.getString(2), 1, Integer::sum);
                    if ("FAILED".equals(rs.getString(2))) {
                        String e = rs.getString(3) == null ? "" : rs.getString(3);
                        refused.merge(rs.getString(1) + ": " + e.substring(0, Math.min(120, e.length())), 1, Integer::sum);
                    }
                }
            }
            return null;
        });
        m.put("outboxOnB", outbox);
        if (!settled) {
            problems.add("B's outbox still has pending answers: " + outbox);
        }
        refused.forEach((k, v) -> warnings.add(v + " answer(s) from B refused by A (outbox FAILED): " + k));
        // custody on both sides: the audit verify logic
        for (NetworkBenchmark.Member x : List.of(a, b)) {
            x.node().custody().flushAndPublish();
            VerifyReport vr = LogVerifier.verify(new DirectorySource(x.dir().resolve("custody")), x.node().custody().log().verifierKey(), Progress.NONE);
            m.put("custody_" + x.identity().nodeId(), vr.ok() ? "verifies, " + x.node().custody().log().size() + " entries" : vr.oneLine());
            if (!vr.ok()) {
                problems.add(x.identity().nodeId() + ": custody log does not verify: " + vr.oneLine());
            }
        }
        return m;
    }

    private static long count(NetworkBenchmark.Member m, String sql) throws Exception {
        return m.node().requests().database().read(c -> {
            try (PreparedStatement ps = c.connection().prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
