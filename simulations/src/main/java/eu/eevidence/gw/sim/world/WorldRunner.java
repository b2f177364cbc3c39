package eu.eevidence.gw.sim.world;

import eu.eevidence.gw.gateway.node.GatewayNode;
import eu.eevidence.gw.sim.world.World.Sent;
import eu.eevidence.gw.testkit.MutableClock;
import eu.eevidence.gw.testkit.SimulatedPlatformPortal;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs a {@link WorldScenario}: one {@link GatewayNode} per country (own data directory, loopback port), one
 * {@link SimulatedPlatformPortal} per platform, contact points sending the traffic mix, platforms answering after their
 * delays, all on one {@link MutableClock} moved in steps (each step ticks every node's deadline engine). Faults are
 * injected at their virtual times. At the end the invariants are checked over every node's store and custody log.
 *
 * <p>Virtual and wall time: deliveries, retries and the broker run in wall time. After each step the runner waits (at
 * most {@code maxStepWallMillis}) until nothing is waiting for delivery to a healthy portal, so that a delivery happens
 * "within the step" in virtual time.
 *
 * <p>This class keeps the orchestration; the jobs are its parts over one shared {@link World}: {@link WorldSetUp},
 * {@link TrafficGenerator}, {@link PlatformAnswers}, {@link EvidenceUploads}, {@link FaultInjector}, {@link StepPacing},
 * {@link CaseReview}, and at the end {@link NodeChecks} and {@link EvidenceInvariants}.
 */
public final class WorldRunner {

    private final World w;
    private final TrafficGenerator traffic;
    private final EvidenceUploads evidence;
    private final PlatformAnswers answers;
    private final StepPacing pacing;
    private final FaultInjector faults;
    private final CaseReview cases;
    private final FollowUpTraffic followUps;
    private final TfvawgTraffic tfvawg;

    private WorldRunner(WorldScenario s, Path dir, CrossBorder crossBorder, PrintStream out) {
        this.w = new World(s, dir, crossBorder, out);
        this.traffic = new TrafficGenerator(w);
        this.evidence = new EvidenceUploads(w);
        this.answers = new PlatformAnswers(w, evidence);
        this.pacing = new StepPacing(w);
        this.faults = new FaultInjector(w, traffic, pacing);
        this.cases = new CaseReview(w);
        this.followUps = new FollowUpTraffic(w);
        this.tfvawg = new TfvawgTraffic(w);
    }

    /** Runs the world under {@code dir} (node data, portals, PKI) and returns the report (not yet written to files). */
    public static WorldReport run(WorldScenario scenario, Path dir, CrossBorder crossBorder, PrintStream out) throws Exception {
        return new WorldRunner(scenario, dir, crossBorder, out).run();
    }

    private WorldReport run() throws Exception {
        long wall0 = System.nanoTime();
        Instant virtualStart = w.clock.instant();
        WorldScenario s = w.s;
        w.out.printf("world %s: %d countries, %d platforms, %.0f virtual days in steps of %d min, cross-border channel %s%n", s.name(),
                s.countries().size(), s.allPlatforms().size(), s.durationDays(), s.stepMinutes(), w.crossBorder.name());
        ExecutorService senders = Executors.newFixedThreadPool(s.traffic().senders());
        LogWatch logs = tfvawg.enabled() ? LogWatch.attach((logger, line) -> tfvawg.invariant.scan("log lines", "a log line of " + logger, line)) : null;
        try {
            new WorldSetUp(w).setUp();
            steps(senders, wall0);
            faults.faults(true); // end whatever is still going on (heal portals, start stopped nodes)
            drain();
            cases.reviewCases();
            drain();
            evidence.evidenceTail();
            faults.checkRecoveries();
            return finish(virtualStart, wall0);
        } finally {
            if (logs != null) {
                logs.close();
            }
            senders.shutdownNow();
            evidence.close();
            w.closeAll();
        }
    }

    /** The steps of the scenario's duration, with a progress line every tenth. */
    private void steps(ExecutorService senders, long wall0) throws Exception {
        double endHours = w.s.durationDays() * 24;
        double step = w.s.stepMinutes() / 60.0;
        int lastPct = -1;
        while (w.nowHours < endHours - 1e-9) {
            double previous = w.nowHours;
            w.nowHours += step;
            answers.dueActions(previous); // each at its own virtual time within the step
            w.clock.set(w.nodeTime(w.nowHours));
            evidence.retryUploads();
            faults.faults(false);
            pacing.tickDeadlines();
            traffic.traffic(senders, step);
            tfvawg.tick();
            pacing.settle(w.s.maxStepWallMillis());
            cases.reviewCases();
            answers.scanPortals();
            followUps.followUps();
            faults.checkRecoveries();
            int pct = (int) (100 * w.nowHours / endHours);
            if (pct / 10 != lastPct / 10) {
                lastPct = pct;
                w.out.printf("  %3d%%  day %5.1f  sent %d  accepted %d  wall %d s%n", pct, w.nowHours / 24, w.sentAll.size(),
                        w.acceptedTotal(), (System.nanoTime() - wall0) / 1_000_000_000L);
            }
        }
    }

    private void drain() throws Exception {
        pacing.drain();
        answers.scanPortals();
    }

    // ---------------------------------------------------------------- results and invariants

    private WorldReport finish(Instant virtualStart, long wall0) throws Exception {
        NodeChecks checks = new NodeChecks(w, virtualStart);
        checks.check();
        List<WorldReport.Invariant> invariants = checks.invariants;
        RemovalInvariant removals = new RemovalInvariant(w); // ADR-0033
        for (World.Country c : w.countries.values()) {
            if (c.node != null) {
                removals.check(c);
            }
        }
        removals.report(invariants);
        if (w.networkMode()) {
            invariants.add(WorldWitnesses.check(w)); // issue 19, ADR-0028: the nodes witness each other
        }
        FollowUpInvariant followUpCheck = followUps.check(); // ADR-0032
        followUpCheck.report(invariants);
        w.out.println("follow-ups: " + followUpCheck.figures());
        if (tfvawg.enabled()) {
            TfvawgInvariant tfvawgCheck = tfvawg.check(); // issue 21 item 7
            tfvawgCheck.report(invariants);
            w.out.println("TFVAWG: " + tfvawgCheck.figures());
        }
        WorldReport.EvidenceStats evidenceStats = new EvidenceInvariants(w, evidence, checks).check(invariants);
        invariants.add(new WorldReport.Invariant("custody entries agree with the timeline events and the store", checks.agreeOk,












                                                                                                                "per node: log size, REQUEST_RECEIVED, DEADLINE_WARNING, DEADLINE_BREACH, WITHDRAWAL, DELIVERY_FAILED, REQUEST_REFUSED, EVIDENCE_STORED = evidence items"));
        boolean others = w.violations.stream().noneMatch(v -> v.contains("twice") || v.contains("receipt"));
        invariants.add(new WorldReport.Invariant("each request applied once at its portal, and receipts match the portals' records", others, ""));
        List<WorldReport.Recovery> recoveries = faults.recoveries();

        List<WorldReport.Compliance> comp = new ArrayList<>();
        checks.compliance.forEach((k, v) -> comp.add(new WorldReport.Compliance(k, v[0], v[1], v[2],
                v[0] + v[1] == 0 ? 1.0 : Math.round(1000.0 * v[0] / (v[0] + v[1])) / 1000.0)));
        List<WorldReport.Day> dayList = new ArrayList<>();
        w.days.forEach((d, v) -> dayList.add(new WorldReport.Day(d, v[0], v[1], v[2], v[3])));
        if (w.networkMode()) {
            countNetworkDeliveries();
        }
        WorldScenario s = w.s;
        return new WorldReport(s.name(), s.description(), w.crossBorder.name(), virtualStart, w.clock.instant(), s.durationDays(),
                (System.nanoTime() - wall0) / 1_000_000, w.countries.size(), w.portals.size(), toCounts(checks.perInstrument),
                toCounts(checks.perPlatform), checks.statesPerInstrument, new TreeMap<>(w.rejections), comp,
                WorldReport.Latency.of(w.emergencyVirtualMinutes), WorldReport.Latency.of(w.emergencyWallMillis), w.emergencyVirtualMinutes.size(),
                checks.retries, checks.deadLetters, recoveries, faults.faultLog,
                new WorldReport.CrossBorderStats(w.crossSent.get(), w.crossExchanged.get(), w.crossSent.get() - w.crossExchanged.get(),
                        new TreeMap<>(w.crossReasons), new TreeMap<>(w.crossPerInstrument)),
                dayList, checks.checks, invariants, List.copyOf(w.violations), evidenceStats);
    }

    /** Over the network: a State-addressed request counts as exchanged once its node delivered it to the peer. */
    private void countNetworkDeliveries() throws Exception {
        int delivered = 0;
        for (Sent x : List.copyOf(w.sentAll)) {
            if (x.platform.startsWith("node:") && x.id != null) {
                GatewayNode n = w.countries.get(x.country).node;
                String st = n == null ? null : n.requests().find(x.id).map(r -> r.state().name()).orElse(null);
                if (st != null && !st.equals("ACCEPTED") && !st.equals("DISPATCHED")) {
                    delivered++;
                } else {
                    w.crossReasons.merge("not yet delivered to the peer: " + st, 1, Integer::sum);
                }
            }
        }
        w.crossExchanged.set(delivered);
        w.crossReasons.merge("cases decided by the requested Parties", w.casesDecided.get(), Integer::sum);
        w.crossReasons.merge("domestic orders to the requested Parties' platforms", w.domesticOrders.get(), Integer::sum);
    }

    private static Map<String, WorldReport.Counts> toCounts(Map<String, int[]> m) {
        Map<String, WorldReport.Counts> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, new WorldReport.Counts(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7])));
        return out;
    }
}
