package eu.eevidence.gw.sim;

import java.sql.ResultSet;
import java.sql.PreparedStatement;
import eu.eevidence.gw.gateway.deadline.DeadlineCalculator;
import eu.eevidence.gw.gateway.deadline.DeadlineEngine;
import eu.eevidence.gw.gateway.deadline.DeadlineRules;
import eu.eevidence.gw.gateway.deadline.DeadlineScheduler;
import eu.eevidence.gw.gateway.deadline.HolidayCalendar;
import eu.eevidence.gw.gateway.deadline.WarningPolicy;
import eu.eevidence.gw.gateway.infra.Database;
import eu.eevidence.gw.gateway.order.NewRequest;
import eu.eevidence.gw.gateway.order.RequestRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code java -jar simulations/target/evidence-simulations.jar bench-deadlines}: the firing accuracy of the deadline
 * engine on the real clock. Starts N deadlines whose ends are spread over the next seconds, runs the engine's
 * scheduler, and reports how late each end fired (fired_at - due) and whether any fired twice or not at all.
 */
@Command(name = "bench-deadlines", mixinStandardHelpOptions = true, description = "Measures how late deadline alarms fire on the real clock.")
public final class DeadlineAccuracyBenchmark implements Callable<Integer> {

    @Option(names = "--deadlines", defaultValue = "2000", description = "Deadlines to fire (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--spread", defaultValue = "PT20S", description = "Ends spread over this period from now (default: ${DEFAULT-VALUE}).")
    Duration spread;

    @Option(names = "--tick", defaultValue = "PT1S", description = "Engine tick (default: ${DEFAULT-VALUE}, the node's default).")
    Duration tick;

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("eeg-bench-deadlines-");
        Clock clock = Clock.systemUTC();
        Set<String> published = ConcurrentHashMap.newKeySet();
        int[] duplicates = new int[1];
        try (Database db = Database.open(Database.embeddedUrl(dir), "sa", "")) {
            RequestRepository repo = new RequestRepository(db);
            DeadlineEngine engine = new DeadlineEngine(repo, DeadlineRules.builtIn(), new DeadlineCalculator(HolidayCalendar.builtIn()),
                    new WarningPolicy(List.of(), List.of()), (event, dup) -> {
                        if (!published.add(dup)) {
                            duplicates[0]++;
                        }
                    }, clock);
            Instant start = clock.instant();
            for (int i = 0; i < count; i++) {
                String id = String.format(Locale.ROOT, "REQ-ACC%019d", i);
                db.inTx(c -> {
                    repo.insert(c, new NewRequest(id, "BUDAPEST_ART29_PRESERVATION", "p", "IE", "0".repeat(64), "CN=b", id, "0".repeat(64),
                            new byte[] {1}, new byte[] {1}, "0".repeat(64), null, start), List.of());
                    engine.onEvent(c, repo.find(c, id, true).orElseThrow(), "ACCEPTED", start, null);
                    return null;
                });
            }
            // the ends are set in one batch once everything is stored, so that set-up time does not count as lateness
            Instant base = clock.instant().plusSeconds(2);
            db.inTx(c -> {
                try (PreparedStatement d = c.connection().prepareStatement("UPDATE deadline SET due_at = ? WHERE id = ?");
                     PreparedStatement a = c.connection().prepareStatement("UPDATE deadline_alarm SET fire_at = ? WHERE deadline_id = ? AND label = 'DUE'")) {
                    for (int i = 0; i < count; i++) {
                        String id = String.format(Locale.ROOT, "REQ-ACC%019d", i) + "/BUDAPEST_ART29_DELIVERY_TARGET";
                        OffsetDateTime due = OffsetDateTime.ofInstant(base.plus(spread.multipliedBy(i).dividedBy(count)), java.time.ZoneOffset.UTC);
                        d.setObject(1, due);
                        d.setString(2, id);
                        d.addBatch();
                        a.setObject(1, due);
                        a.setString(2, id);
                        a.addBatch();
                    }
                    d.executeBatch();
                    a.executeBatch();
                }
                return null;
            });
            System.out.printf(Locale.ROOT, "%d deadlines due between +2 s and +%d s; tick %s%n", count, spread.toSeconds() + 2, tick);
            try (DeadlineScheduler scheduler = DeadlineScheduler.start(engine, tick)) {
                Instant stop = base.plus(spread).plusSeconds(15);
                while (clock.instant().isBefore(stop) && published.size() < count) {
                    Thread.sleep(200); // a benchmark on the real clock, not a test
                }
            }
            List<Long> lateness = new ArrayList<>();
            int fired = db.read(c -> {
                int n = 0;
                try (PreparedStatement ps = c.connection().prepareStatement("SELECT fire_at, fired_at FROM deadline_alarm WHERE label = 'DUE'");
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        OffsetDateTime at = rs.getObject(1, OffsetDateTime.class);
                        OffsetDateTime firedAt = rs.getObject(2, OffsetDateTime.class);
                        if (firedAt != null) {
                            n++;
                            lateness.add(Duration.between(at, firedAt).toMillis());
                        }
                    }
                }
                return n;
            });
            long[] l = lateness.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf(Locale.ROOT, "fired %d of %d, published %d, duplicates %d%n", fired, count, published.size(), duplicates[0]);
            if (l.length > 0) {
                System.out.printf(Locale.ROOT, "lateness ms: min %d, p50 %d, p90 %d, p99 %d, max %d%n", l[0], pct(l, 50), pct(l, 90), pct(l, 99),
                        l[l.length - 1]);
            }
            return fired == count && duplicates[0] == 0 ? 0 : 1;
        } finally {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static long pct(long[] sorted, int p) {
        return sorted[Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
