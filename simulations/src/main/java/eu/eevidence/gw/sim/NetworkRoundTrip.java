package eu.eevidence.gw.sim;

import java.sql.ResultSet;
import java.sql.PreparedStatement;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.eevidence.gw.gateway.demo.Demo;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestState;
import eu.eevidence.gw.testkit.ContactPointClient;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Phase 2 of {@link NetworkBenchmark}: B's contact point accepts every case through the review API (one desk per
 * client); for ART9, B's platform answers each acknowledged domestic order with an execution report; per case the time
 * from the decision to A's request reaching its final state.
 */
final class NetworkRoundTrip {

    private final NetworkBenchmark bench;

    NetworkRoundTrip(NetworkBenchmark bench) {
        this.bench = bench;
    }

    Map<String, Object> run(NetworkBenchmark.Member b, NetworkPoller.Observed seen, List<String> problems) throws Exception {
        Map<String, String> caseByMessage = new HashMap<>();
        b.node().requests().database().read(c -> {
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT message_id, id FROM inbound_case"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    caseByMessage.put(rs.getString(1), rs.getString(2));
                }
            }
            return null;
        });
        List<String> ids = new ArrayList<>(seen.created.keySet());
        Map<String, Long> decidedAt = new ConcurrentHashMap<>();
        List<Double> decideMillis = Collections.synchronizedList(new ArrayList<>());
        List<Double> answerMillis = Collections.synchronizedList(new ArrayList<>());
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        JsonNode reportTemplate = bench.type == NetworkBenchmark.Type.ART9 ? NetworkBenchmark.resource("/world/templates/EXECUTION_REPORT.json") : null;
        JsonNode ack = bench.type == NetworkBenchmark.Type.ART9 ? NetworkBenchmark.resource("/world/templates/ACKNOWLEDGEMENT.json") : null;
        ExecutorService desks = Executors.newFixedThreadPool(bench.concurrency);
        long start = System.nanoTime();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < bench.concurrency; c++) {
                futures.add(desks.submit(() -> {
                    for (int i = next.getAndIncrement(); i < ids.size(); i = next.getAndIncrement()) {
                        String id = ids.get(i);
                        String caseId = caseByMessage.get("fr-247:" + id);
                        if (caseId == null) {
                            failures.add("no case on B for " + id);
                            continue;
                        }
                        long t = System.nanoTime();
                        decidedAt.put(id, t);
                        ContactPointClient.Answer d = b.cp().post("api/v1/cases/" + caseId + "/decision",
                                ("{\"decision\":\"ACCEPT\",\"platformId\":\"" + Demo.PLATFORM_ID + "\"}").getBytes(StandardCharsets.UTF_8),
                                "application/json", null);
                        decideMillis.add((System.nanoTime() - t) / 1e6);
                        if (d.status() != 200) {
                            failures.add("decision on " + caseId + ": " + d.status() + " " + NetworkBenchmark.code(d));
                            continue;
                        }
                        if (bench.type == NetworkBenchmark.Type.ART9) {
                            String domestic = NetworkBenchmark.JSON.readTree(d.body()).get("domesticRequestId").asText();
                            answer(b, domestic, reportTemplate, ack, answerMillis, failures);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            desks.shutdownNow();
        }
        long decided = System.nanoTime();
        problems.addAll(failures.subList(0, Math.min(50, failures.size())));
        boolean all = bench.await(() -> decidedAt.keySet().stream().allMatch(seen.finished::containsKey));
        List<Double> roundTrip = new ArrayList<>();
        long last = start;
        for (Map.Entry<String, Long> e : decidedAt.entrySet()) {
            Long f = seen.finished.get(e.getKey());
            if (f != null) {
                roundTrip.add(Math.max(0, f - e.getValue()) / 1e6);
                last = Math.max(last, f);
            }
        }
        if (!all) {
            problems.add("only " + roundTrip.size() + " of " + decidedAt.size() + " requests " + bench.type.finalState + " on A within "
                    + bench.timeoutSeconds + " s");
        }
        NetworkBenchmark.Latency decide = NetworkBenchmark.Latency.of(decideMillis);
        NetworkBenchmark.Latency rt = NetworkBenchmark.Latency.of(roundTrip);
        double wall = (last - start) / 1e9;
        PrintStream o = System.out;
        o.printf(Locale.ROOT, "%sround trip decision ACCEPT call     %s%n", NetworkBenchmark.PREFIX, decide.line());
        if (bench.type == NetworkBenchmark.Type.ART9) {
            o.printf(Locale.ROOT, "%sround trip domestic order acked + platform report posted %s%n", NetworkBenchmark.PREFIX,
                    NetworkBenchmark.Latency.of(answerMillis).line());
        }
        o.printf(Locale.ROOT, "%sround trip decision->%s on A %s%n", NetworkBenchmark.PREFIX, bench.type.finalState, rt.line());
        o.printf(Locale.ROOT, "%sround trip %d cases decided in %.2f s; all %d %s on A after %.2f s (%.1f req/s)%n", NetworkBenchmark.PREFIX, decidedAt.size(),
                (decided - start) / 1e9, roundTrip.size(), bench.type.finalState, wall, roundTrip.size() / wall);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("decided", decidedAt.size());
        m.put("finished", roundTrip.size());
        m.put("finalState", bench.type.finalState.name());
        m.put("decisionCallMillis", decide);
        if (bench.type == NetworkBenchmark.Type.ART9) {
            m.put("decisionToPlatformReportPostedMillis", NetworkBenchmark.Latency.of(answerMillis));
        }
        m.put("decisionToFinalOnAMillis", rt);
        m.put("allFinishedSeconds", NetworkBenchmark.round(wall));
        m.put("finishedPerSecond", NetworkBenchmark.round(roundTrip.size() / wall));
        return m;
    }

    /** ART9: once B's domestic order is acknowledged by the portal, B's platform posts its final execution report. */
    private void answer(NetworkBenchmark.Member b, String domestic, JsonNode template, JsonNode ack, List<Double> answerMillis,
                        List<String> failures) throws Exception {
        long t = System.nanoTime();
        long deadline = t + TimeUnit.SECONDS.toNanos(bench.timeoutSeconds);
        while (true) {
            RequestRecord r = b.node().requests().find(domestic).orElse(null);
            if (r != null && r.state() == RequestState.ACKNOWLEDGED) {
                break;
            }
            if (r != null && (r.state() == RequestState.FAILED || r.state() == RequestState.REFUSED) || System.nanoTime() > deadline) {
                failures.add("domestic order " + domestic + " on B: " + (r == null ? "missing" : r.state()));
                return;
            }
            TimeUnit.MILLISECONDS.sleep(bench.pollMillis); // a benchmark: the poll interval bounds the resolution
        }
        ObjectNode report = template.deepCopy();
        report.put("messageId", "msg-ans-" + UUID.randomUUID());
        report.put("correlationId", domestic);
        report.set("sender", ack.get("sender").deepCopy());
        report.set("receiver", ack.get("receiver").deepCopy());
        ContactPointClient.Answer posted = b.platform().post("api/v1/platform/answers", NetworkBenchmark.JSON.writeValueAsBytes(report),
                "application/json", null);
        answerMillis.add((System.nanoTime() - t) / 1e6);
        if (posted.status() != 201) {
            failures.add("platform report for " + domestic + ": " + posted.status() + " " + NetworkBenchmark.code(posted));
        }
    }
}
