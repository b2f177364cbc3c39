package eu.eevidence.gw.gateway.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * "No feature reaches another's storage" (issue 15, ADR-0026): every table created by the Flyway migrations is named
 * in SQL (a string literal or text block with FROM / JOIN / INTO / UPDATE / TABLE / EXISTS before the name) only in
 * the main sources of the feature that owns it. A feature is the first package below {@code eu.eevidence.gw.gateway}.
 * The owner is the feature whose store creates and writes the table (docs/design/structure.md, "Table ownership").
 */
class TableOwnershipTest {

    static final Path SOURCES = Path.of("src/main/java/eu/eevidence/gw/gateway");
    static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");

    /** Table -> owning feature. A new table needs an entry here (see {@link #everyTableHasAnOwner}). */
    static final Map<String, String> OWNER = new TreeMap<>(Map.ofEntries(
            Map.entry("alarm", "alert"), Map.entry("request_archive", "archive"), Map.entry("alarm_delivery", "alert"),
            Map.entry("answer_cursor", "channel"),
            Map.entry("custody_record", "custody"),
            Map.entry("data_key", "infra"),
            Map.entry("deadline", "deadline"), Map.entry("deadline_alarm", "deadline"),
            Map.entry("evidence_item", "evidence"), Map.entry("evidence_upload", "evidence"),
            Map.entry("evidence_upload_part", "evidence"),
            Map.entry("hash_list", "order"), Map.entry("hash_list_outcome", "order"),
            Map.entry("inbound_case", "cases"), Map.entry("inbound_case_event", "cases"),
            Map.entry("inbound_case_message", "cases"),
            Map.entry("manual_handoff", "handoff"),
            Map.entry("network_evidence", "network"), Map.entry("network_inbox", "network"),
            Map.entry("network_outbox", "network"),
            Map.entry("network_evidence_fetch", "transfer"),
            Map.entry("onward_transfer", "privacy"),
            Map.entry("outbound_notice", "order"),
            Map.entry("platform_answer", "answer"), Map.entry("portal_answer", "answer"),
            Map.entry("portal_answer_item", "answer"),
            Map.entry("removal_order", "order"), Map.entry("removal_hash_outcome", "order"),
            Map.entry("request", "order"), Map.entry("request_event", "order"),
            Map.entry("request_victim_data", "victim"),
            Map.entry("signed_submission", "intake"),
            Map.entry("statistics_release", "statistics"),
            Map.entry("witness_alarm", "witness"), Map.entry("witness_state", "witness")));

    /**
     * Known reaches into another feature's table ("source file: table"), not yet behind a port of the owner. This list
     * may only shrink: {@link #noSourceNamesAnotherFeaturesTable} fails on a new entry and on a stale one.
     */
    static final Set<String> NOT_YET_BEHIND_A_PORT = Set.of(
            "answer/AnswerStore.java: request",
            "bundle/BundleStore.java: evidence_item",
            "bundle/BundleStore.java: platform_answer",
            "cases/CaseRepository.java: platform_answer",
            "evidence/EvidencePurgeStore.java: request",
            "evidence/ManifestQueries.java: platform_answer",
            "statistics/StatisticsStore.java: deadline",
            "statistics/StatisticsStore.java: request",
            "tracking/ComplianceQueries.java: deadline",
            "tracking/ComplianceQueries.java: request",
            "tracking/TrackingQueries.java: request",
            "victim/VictimDataStore.java: request");

    private static final Pattern CREATE = Pattern.compile("(?i)create\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?(\\w+)");
    private static final Pattern TEXT_BLOCK = Pattern.compile("\"\"\"(.*?)\"\"\"", Pattern.DOTALL);
    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");
    private static final Pattern NAMED = Pattern.compile("(?i)\\b(?:from|join|into|update|table|exists)\\s+(\\w+)\\b");
    private static final Pattern WRITTEN = Pattern.compile("(?i)\\b(?:insert\\s+into|update|delete\\s+from|merge\\s+into|alter\\s+table)\\s+(\\w+)\\b");

    @Test
    void everyTableHasAnOwner() {
        assertEquals(new TreeSet<>(OWNER.keySet()), createdTables(), "tables of the migrations vs. OWNER");
    }

    @Test
    void noSourceNamesAnotherFeaturesTable() {
        Set<String> found = new TreeSet<>();
        for (Path file : javaFiles(SOURCES)) {
            found.addAll(reaches(SOURCES.relativize(file).toString().replace('\\', '/'), read(file)));
        }
        assertEquals(new TreeSet<>(NOT_YET_BEHIND_A_PORT), found,
                "a feature names another feature's table (move the query behind a port of the owner, ADR-0026)");
    }

    /**
     * Writes are strict, with no exception: only the owner inserts, updates or deletes rows of its tables. Another
     * feature that keeps an owner's column up to date calls the owner's store (e.g. {@code order.RequestSummaryStore}).
     */
    @Test
    void noFeatureWritesAnotherFeaturesTable() {
        Set<String> found = new TreeSet<>();
        for (Path file : javaFiles(SOURCES)) {
            found.addAll(writes(SOURCES.relativize(file).toString().replace('\\', '/'), read(file)));
        }
        assertEquals(Set.of(), found, "a feature writes another feature's table (call the owner's store, ADR-0026)");
    }

    @Test
    void aFakeSourceWritingAnotherFeaturesTableIsReported() {
        String fake = "class Fake { String q = \"UPDATE request SET next_deadline_at = ? WHERE id = ?\"; "
                + "String r = \"SELECT rule_id FROM deadline\"; }";
        assertEquals(List.of("deadline/Fake.java: request"), writes("deadline/Fake.java", fake));
        assertEquals(List.of(), writes("order/Fake.java", fake));
    }

    /** "file: table" for every table owned by another feature that {@code source} writes in SQL. */
    static List<String> writes(String relativeFile, String source) {
        String feature = relativeFile.substring(0, relativeFile.indexOf('/'));
        List<String> out = new ArrayList<>();
        for (String literal : literals(source)) {
            Matcher m = WRITTEN.matcher(literal);
            while (m.find()) {
                String table = m.group(1).toLowerCase(java.util.Locale.ROOT);
                String owner = OWNER.get(table);
                if (owner != null && !owner.equals(feature) && !out.contains(relativeFile + ": " + table)) {
                    out.add(relativeFile + ": " + table);
                }
            }
        }
        return out;
    }

    @Test
    void aFakeSourceWithAnotherFeaturesTableIsReported() {
        String fake = "class Fake { String q = \"SELECT id FROM inbound_case WHERE id = ?\"; String ok = \"\"\"\n"
                + "    UPDATE network_evidence_fetch SET state = ?\"\"\"; String text = \"the request from a node\"; }";
        assertEquals(List.of("transfer/Fake.java: inbound_case"), reaches("transfer/Fake.java", fake));
        assertEquals(List.of("evidence/Fake.java: network_evidence_fetch"),
                reaches("evidence/Fake.java", fake.replace("inbound_case", "evidence_item")));
    }

    /** "file: table" for every table owned by another feature that {@code source} names in SQL. */
    static List<String> reaches(String relativeFile, String source) {
        String feature = relativeFile.substring(0, relativeFile.indexOf('/'));
        List<String> out = new ArrayList<>();
        for (String literal : literals(source)) {
            Matcher m = NAMED.matcher(literal);
            while (m.find()) {
                String owner = OWNER.get(m.group(1).toLowerCase(java.util.Locale.ROOT));
                String reach = relativeFile + ": " + m.group(1).toLowerCase(java.util.Locale.ROOT);
                if (owner != null && !owner.equals(feature) && !out.contains(reach)) {
                    out.add(reach);
                }
            }
        }
        return out;
    }

    private static List<String> literals(String source) {
        List<String> out = new ArrayList<>();
        Matcher blocks = TEXT_BLOCK.matcher(source);
        while (blocks.find()) {
            out.add(blocks.group(1));
        }
        Matcher plain = LITERAL.matcher(TEXT_BLOCK.matcher(source).replaceAll(""));
        while (plain.find()) {
            out.add(plain.group(1));
        }
        return out;
    }

    private static Set<String> createdTables() {
        Set<String> tables = new TreeSet<>();
        for (Path file : javaFilesOrSql(MIGRATIONS, ".sql")) {
            Matcher m = CREATE.matcher(read(file));
            while (m.find()) {
                tables.add(m.group(1).toLowerCase(java.util.Locale.ROOT));
            }
        }
        return tables;
    }

    private static List<Path> javaFiles(Path root) {
        return javaFilesOrSql(root, ".java");
    }

    private static List<Path> javaFilesOrSql(Path root, String suffix) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
