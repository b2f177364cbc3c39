package eu.eevidence.gw.sim;

import java.sql.PreparedStatement;
import eu.eevidence.gw.gateway.infra.Database;
import eu.eevidence.gw.gateway.order.RequestState;
import eu.eevidence.gw.gateway.tracking.TrackingFilter;
import eu.eevidence.gw.gateway.tracking.TrackingQueries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code java -jar simulations/target/evidence-simulations.jar bench-tracking --requests 1000000}: fills an embedded
 * database (the node's own schema and indexes, through Flyway) with synthetic requests spread over owners,
 * platforms, countries, states and deadlines, then times the tracking queries a prosecutor or contact point runs.
 * A benchmark, not a test: it prints percentiles and exits 0.
 */
@Command(name = "bench-tracking", mixinStandardHelpOptions = true,
        description = "Times the tracking queries (list, filter, overdue, stats, CSV) on N stored requests.")
public final class TrackingBenchmark implements Callable<Integer> {

    private static final String[] TYPES = {"BUDAPEST_ART29_PRESERVATION", "EU_EPOC", "EU_EPOC_PR", "PROTOCOL_ART7_SUBSCRIBER_ORDER",
            "PROTOCOL_ART9_EMERGENCY_DISCLOSURE", "BUDAPEST_ART31_MUTUAL_ASSISTANCE"};
    private static final RequestState[] STATES = RequestState.values();
    private static final String[] COUNTRIES = {"IE", "DE", "FR", "NL", "US", "PL", "IT", "ES", "BE", "AT"};

    @Option(names = "--requests", defaultValue = "1000000", description = "How many requests to store (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--owners", defaultValue = "200", description = "Distinct submitting certificates (default: ${DEFAULT-VALUE}).")
    int owners;

    @Option(names = "--platforms", defaultValue = "50", description = "Distinct platforms (default: ${DEFAULT-VALUE}).")
    int platforms;

    @Option(names = "--repeat", defaultValue = "30", description = "Runs of each query (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--data-dir", description = "Database directory (default: a temporary directory, deleted afterwards).")
    Path dataDir;

    @Option(names = "--jdbc-url", description = "Run on this database instead of the embedded H2 (e.g. jdbc:postgresql://127.0.0.1:5432/eeg); "
            + "the schema is created by the node's migrations.")
    String jdbcUrl;

    @Option(names = "--jdbc-user", defaultValue = "eeg", description = "Database user for --jdbc-url (default: ${DEFAULT-VALUE}).")
    String jdbcUser;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        boolean temporary = dataDir == null;
        Path dir = temporary ? Files.createTempDirectory("eeg-bench-tracking-") : dataDir;
        boolean postgres = jdbcUrl != null && jdbcUrl.startsWith("jdbc:postgresql:");
        try (Database db = jdbcUrl == null ? Database.open(Database.embeddedUrl(dir), "sa", "") : Database.open(jdbcUrl, jdbcUser, "")) {
            Instant now = Instant.parse("2026-11-25T12:00:00Z");
            long t0 = System.nanoTime();
            fill(db, now, postgres);
            out.printf(Locale.ROOT, "%s: stored %,d requests (%d owners, %d platforms) in %.1f s%n", postgres ? "PostgreSQL" : "H2 (embedded)",
                    requests, owners, platforms, (System.nanoTime() - t0) / 1e9);
            TrackingQueries q = new TrackingQueries(db);
            String owner = owner(7);
            List<String[]> rows = new ArrayList<>();
            rows.add(time("owner: first page by next deadline", () -> q.list(filter(Set.of(), Set.of(), false, 0), owner, now)));
            rows.add(time("owner: overdue, by next deadline", () -> q.list(filter(Set.of(), Set.of(), true, 0), owner, now)));
            rows.add(time("owner: PRESERVED at one platform", () -> q.list(filter(Set.of(RequestState.PRESERVED), Set.of("platform-3"), false, 0),
                    owner, now)));
            rows.add(time("owner: page 20 by next deadline", () -> q.list(filter(Set.of(), Set.of(), false, 20), owner, now)));
            rows.add(time("owner: counts per state and band", () -> q.stats(owner, now)));
            rows.add(time("auditor: overdue, first page", () -> q.list(filter(Set.of(), Set.of(), true, 0), null, now)));
            rows.add(time("auditor: one platform, one state", () -> q.list(filter(Set.of(RequestState.DISPATCHED), Set.of("platform-3"), false, 0),
                    null, now)));
            rows.add(time("auditor: counts per state and band", () -> q.stats(null, now)));
            rows.add(time("owner: CSV export (all rows)", () -> q.exportCsv(filter(Set.of(), Set.of(), false, 0), owner, now, Writer.nullWriter())));
            out.printf(Locale.ROOT, "%-40s %10s %10s %10s%n", "query (" + repeat + " runs)", "p50 ms", "p95 ms", "max ms");
            for (String[] r : rows) {
                out.printf(Locale.ROOT, "%-40s %10s %10s %10s%n", (Object[]) r);
            }
            return 0;
        } finally {
            if (temporary) {
                try (var paths = Files.walk(dir)) {
                    paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    private TrackingFilter filter(Set<RequestState> states, Set<String> platformIds, boolean overdue, int page) {
        return new TrackingFilter(states, Set.of(), platformIds, Set.of(), null, overdue, TrackingFilter.Sort.NEXT_DEADLINE, page, 50);
    }

    private String owner(int i) {
        return String.format(Locale.ROOT, "%064d", i);
    }

    /**
     * Bulk fill with one INSERT ... SELECT per 100,000 rows over H2's SYSTEM_RANGE (the embedded default database):
     * row-by-row batches would rewrite the copy-on-write index pages on every commit. Values are spread by
     * multiplicative hashing of the row number, so every run stores the same data.
     */
    void fill(Database db, Instant now, boolean postgres) throws Exception {
        String x = postgres ? "x" : "\"X\"";
        StringBuilder state = new StringBuilder("CASE MOD(" + x + " * 31, " + STATES.length + ")");
        StringBuilder terminal = new StringBuilder("MOD(" + x + " * 31, " + STATES.length + ") IN (");
        List<String> term = new ArrayList<>();
        for (int i = 0; i < STATES.length; i++) {
            state.append(" WHEN ").append(i).append(" THEN '").append(STATES[i].name()).append("'");
            if (STATES[i].isTerminal()) {
                term.add(Integer.toString(i));
            }
        }
        state.append(" END");
        terminal.append(String.join(", ", term)).append(")");
        StringBuilder type = new StringBuilder("CASE MOD(" + x + " * 7, " + TYPES.length + ")");
        for (int i = 0; i < TYPES.length; i++) {
            type.append(" WHEN ").append(i).append(" THEN '").append(TYPES[i]).append("'");
        }
        type.append(" END");
        StringBuilder country = new StringBuilder("CASE MOD(" + x + " * 13, " + COUNTRIES.length + ")");
        for (int i = 0; i < COUNTRIES.length; i++) {
            country.append(" WHEN ").append(i).append(" THEN '").append(COUNTRIES[i]).append("'");
        }
        country.append(" END");
        String base = "TIMESTAMP WITH TIME ZONE '" + OffsetDateTime.ofInstant(now, ZoneOffset.UTC).toString().replace('T', ' ') + "'";
        String received = postgres ? "(" + base + " - MOD(" + x + " * 7907, 525600) * INTERVAL '1 minute')"
                : "DATEADD('MINUTE', -MOD(" + x + " * 7907, 525600), " + base + ")";
        String due = postgres ? "(" + base + " + (MOD(" + x + " * 6007, 172800) - 43200) * INTERVAL '1 minute')"
                : "DATEADD('MINUTE', MOD(" + x + " * 6007, 172800) - 43200, " + base + ")";
        String bytes2 = postgres ? "'\\x7b7d'::bytea" : "X'7B7D'";
        String bytes1 = postgres ? "'\\x00'::bytea" : "X'00'";
        String range = postgres ? "generate_series(CAST(? AS BIGINT), CAST(? AS BIGINT)) AS g(x)" : "SYSTEM_RANGE(?, ?)";
        String sql = "INSERT INTO request (id, message_type, platform_id, requested_party, state, owner_fingerprint, owner_subject, idempotency_key, "
                + "body_sha256, canonical_json, sealed_cms, sealed_sha256, received_at, updated_at, delivery_attempts, next_deadline_at, "
                + "next_deadline_kind, version) SELECT 'REQ-BENCH' || LPAD(CAST(" + x + " AS VARCHAR), 17, '0'), " + type + ", "
                + "'platform-' || CAST(MOD(" + x + " * 104723, " + platforms + ") AS VARCHAR), " + country + ", " + state + ", "
                + ownerColumn(x) + ", 'CN=bench', 'k' || CAST(" + x + " AS VARCHAR), "
                + "REPEAT('0', 64), " + bytes2 + ", " + bytes1 + ", REPEAT('0', 64), " + received + ", " + received + ", MOD(" + x + ", 3), "
                + "CASE WHEN " + terminal + " THEN NULL ELSE " + due + " END, "
                + "CASE WHEN " + terminal + " THEN NULL ELSE 'BENCH_RULE' END, 0 FROM " + range;
        int chunk = 100_000;
        for (long from = 1; from <= requests; from += chunk) {
            long lo = from;
            long hi = Math.min(requests, from + chunk - 1);
            db.inTx(c -> {
                try (PreparedStatement ps = c.connection().prepareStatement(sql)) {
                    ps.setLong(1, lo);
                    ps.setLong(2, hi);
                    ps.executeUpdate();
                }
                return null;
            });
        }
        db.inTx(c -> {
            try (var st = c.connection().createStatement()) {
                st.execute("ANALYZE");
            }
            return null;
        });
    }

    /** Owner 0's requests belong to this certificate fingerprint when set (bench-console signs in as that person). */
    String ownerZero;

    private String ownerColumn(String x) {
        String numbered = "LPAD(CAST(MOD(" + x + " * 104729, " + owners + ") AS VARCHAR), 64, '0')";
        if (ownerZero == null) {
            return numbered;
        }
        if (!ownerZero.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a SHA-256 fingerprint in lower-case hex");
        }
        return "CASE WHEN MOD(" + x + " * 104729, " + owners + ") = 0 THEN '" + ownerZero + "' ELSE " + numbered + " END";
    }

    @FunctionalInterface
    private interface Query {
        Object run() throws Exception;
    }

    private String[] time(String name, Query q) throws Exception {
        q.run(); // warm-up
        long[] ns = new long[repeat];
        for (int i = 0; i < repeat; i++) {
            long t = System.nanoTime();
            q.run();
            ns[i] = System.nanoTime() - t;
        }
        Arrays.sort(ns);
        return new String[] {name, ms(ns[(int) Math.ceil(0.5 * repeat) - 1]), ms(ns[(int) Math.ceil(0.95 * repeat) - 1]), ms(ns[repeat - 1])};
    }

    private static String ms(long ns) {
        return String.format(Locale.ROOT, "%.2f", ns / 1e6);
    }
}
