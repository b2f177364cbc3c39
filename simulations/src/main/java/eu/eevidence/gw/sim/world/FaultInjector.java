package eu.eevidence.gw.sim.world;

import eu.eevidence.gw.gateway.api.RevokedClients;
import eu.eevidence.gw.gateway.node.GatewayNode;
import eu.eevidence.gw.pki.Certificates;
import eu.eevidence.gw.sim.world.World.Country;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The scenario's faults, begun and ended at their virtual times (portal down, slow link, node restart, revoked client
 * certificate, clock jump), their log, and the recoveries: how long the backlog of a healed portal took to drain.
 */
final class FaultInjector {

    private static final class PendingRecovery {
        final String kind;
        final String platform;
        final double upAt;
        final long upWall;
        final int backlog;

        PendingRecovery(String kind, String platform, double upAt, long upWall, int backlog) {
            this.kind = kind;
            this.platform = platform;
            this.upAt = upAt;
            this.upWall = upWall;
            this.backlog = backlog;
        }
    }

    private final World w;
    private final TrafficGenerator traffic;
    private final StepPacing pacing;
    final List<WorldReport.FaultEvent> faultLog = new ArrayList<>();
    private final List<WorldReport.Recovery> recoveries = new ArrayList<>();
    private final List<PendingRecovery> pendingRecoveries = new ArrayList<>();
    private final Set<WorldScenario.Fault> started = new HashSet<>();
    private final Set<WorldScenario.Fault> ended = new HashSet<>();

    FaultInjector(World w, TrafficGenerator traffic, StepPacing pacing) {
        this.w = w;
        this.traffic = traffic;
        this.pacing = pacing;
    }

    /** Begins the faults now due and ends those over ({@code endAll}: ends whatever is still going on). */
    void faults(boolean endAll) throws Exception {
        for (WorldScenario.Fault f : w.s.faults()) {
            if (!started.contains(f) && f.atHours() <= w.nowHours + 1e-9 && !endAll) {
                started.add(f);
                begin(f);
                if (f.forHours() <= 0) {
                    ended.add(f);
                }
            }
            if (started.contains(f) && !ended.contains(f) && (endAll || f.atHours() + f.forHours() <= w.nowHours + 1e-9)) {
                ended.add(f);
                end(f);
            }
        }
    }

    private void begin(WorldScenario.Fault f) throws Exception {
        switch (f.kind()) {
            case "PORTAL_DOWN" -> {
                w.portals.get(f.target()).server().failNext(1_000_000, 503);
                w.down.add(f.target());
                log(f, "portal down (every delivery answered 503) for " + f.forHours() + " h");
                burst(f.target());
            }
            case "SLOW_LINK" -> {
                double latency = f.latencySeconds() <= 0 ? 25 : f.latencySeconds();
                w.portals.get(f.target()).server().latency(Duration.ofMillis((long) (latency * 1000)));
                w.slow.add(f.target());
                log(f, "portal answers after " + latency + " s (adapter time-out 20 s) for " + f.forHours() + " h");
                burst(f.target());
            }
            case "NODE_RESTART" -> {
                Country c = w.countries.get(f.target());
                GatewayNode n = c.node;
                c.node = null;
                long t0 = System.nanoTime();
                n.close();
                log(f, "node stopped in " + (System.nanoTime() - t0) / 1_000_000 + " ms wall, down for " + f.forHours() + " h");
            }
            case "REVOKED_CERT" -> revoke(f);
            case "CLOCK_JUMP" -> {
                w.jumpMinutes += (long) (f.byHours() * 60);
                w.clock.set(w.nodeTime(w.nowHours));
                log(f, "node clocks jump " + (f.byHours() >= 0 ? "forward " : "backward ") + Math.abs(f.byHours()) + " h to " + w.clock.instant());
            }
            default -> throw new IllegalStateException(f.kind());
        }
    }

    /** The country's secondary desk certificate goes on its node's revocation list; the desk keeps sending. */
    private void revoke(WorldScenario.Fault f) throws Exception {
        Country c = w.countries.get(f.target());
        Path file = c.dir.resolve("pki").resolve(RevokedClients.FILE);
        Files.writeString(file, "# revoked by the simulation at virtual " + w.clock.instant() + "\n"
                + Certificates.sha256Fingerprint(c.secondaryKey.certificate()) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        c.secondaryRevoked = true;
        log(f, "client certificate " + c.secondaryKey.certificate().getSubjectX500Principal().getName() + " revoked; it keeps sending");
        for (int i = 0; i < 3; i++) { // make sure it tries, whatever the traffic draws
            WorldScenario.Route r = w.s.traffic().routes().stream().filter(x -> x.from().equals(c.code) && w.portals.containsKey(x.to()))
                    .findFirst().orElse(null);
            String platform = r != null ? r.to() : w.portals.keySet().iterator().next();
            traffic.submit(c.code, platform, "EU_EPOC", false, true);
        }
    }

    private void end(WorldScenario.Fault f) throws Exception {
        switch (f.kind()) {
            case "PORTAL_DOWN" -> {
                w.portals.get(f.target()).server().heal();
                w.down.remove(f.target());
                int backlog = pacing.backlog(f.target());
                pendingRecoveries.add(new PendingRecovery(f.kind(), f.target(), w.nowHours, System.nanoTime(), backlog));
                log(f, "portal up; backlog " + backlog);
            }
            case "SLOW_LINK" -> {
                w.portals.get(f.target()).server().latency(Duration.ZERO);
                w.slow.remove(f.target());
                int backlog = pacing.backlog(f.target());
                pendingRecoveries.add(new PendingRecovery(f.kind(), f.target(), w.nowHours, System.nanoTime(), backlog));
                log(f, "link fast again; backlog " + backlog);
            }
            case "NODE_RESTART" -> {
                Country c = w.countries.get(f.target());
                long t0 = System.nanoTime();
                c.node = GatewayNode.start(c.config);
                log(f, "node started again on the same data directory in " + (System.nanoTime() - t0) / 1_000_000 + " ms wall");
            }
            default -> {
            }
        }
    }

    /** Two production orders to {@code platform} from a country that routes to it, so that the fault meets traffic. */
    private void burst(String platform) {
        String from = w.s.traffic().routes().stream().filter(r -> r.to().equals(platform)).map(WorldScenario.Route::from).findFirst()
                .orElse(w.countries.keySet().iterator().next());
        for (int i = 0; i < 2; i++) {
            traffic.submit(from, platform, "EU_EPOC", false, false);
        }
    }

    private void log(WorldScenario.Fault f, String what) {
        faultLog.add(new WorldReport.FaultEvent(f.kind(), f.target(), Math.round(w.nowHours * 100) / 100.0, what));
        w.out.printf("  fault at %.1f h: %s %s: %s%n", w.nowHours, f.kind(), f.target() == null ? "" : f.target(), what);
    }

    /** A healed portal whose backlog drained: its recovery is recorded. */
    void checkRecoveries() throws Exception {
        for (var it = pendingRecoveries.iterator(); it.hasNext(); ) {
            PendingRecovery r = it.next();
            if (pacing.backlog(r.platform) == 0) {
                it.remove();
                recoveries.add(new WorldReport.Recovery(r.kind, r.platform, r.upAt, true, r.backlog, Math.round((w.nowHours - r.upAt) * 600) / 10.0,
                        (System.nanoTime() - r.upWall) / 1_000_000));
            }
        }
    }

    /** The recoveries, those still pending at the end included (not drained). */
    List<WorldReport.Recovery> recoveries() {
        for (PendingRecovery r : pendingRecoveries) {
            recoveries.add(new WorldReport.Recovery(r.kind, r.platform, r.upAt, false, r.backlog, -1, -1));
        }
        pendingRecoveries.clear();
        return recoveries;
    }
}
