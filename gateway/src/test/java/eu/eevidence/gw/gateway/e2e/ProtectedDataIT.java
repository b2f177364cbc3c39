package eu.eevidence.gw.gateway.e2e;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.eevidence.gw.gateway.statistics.Dimension;
import eu.eevidence.gw.gateway.statistics.DisclosureTest;
import eu.eevidence.gw.gateway.statistics.Release;
import eu.eevidence.gw.gateway.statistics.StatisticsTable;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.testkit.ContactPointClient;
import eu.eevidence.gw.testkit.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 21 items 3-4 (ADR-0037): victims' attributes are refused when malformed, seen only by the submitter (and the
 * roles the deployment allows), never written in clear anywhere (logs, timeline, custody records, exports, any file of
 * the node's data directory), purged with the request; the statistics of a closed month suppress every small cell and
 * every complement an attacker would need, whatever table, filter or period is asked for. Negative cases first.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProtectedDataIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CORPUS = Path.of("..", "message-schemas", "src", "test", "resources", "corpus");
    /** Values that occur nowhere in the node unless her attributes leak (checked before any statistics exist). */
    private static final List<String> HER = List.of("SEXTORTION", "FORMER_PARTNER", "AGE_14_17");
    private static final String HER_DATA = "{\"offenceCategory\":\"SEXTORTION\",\"victim\":{\"sex\":\"FEMALE\",\"ageBand\":\"AGE_14_17\","
            + "\"minor\":true,\"relationship\":\"FORMER_PARTNER\",\"disability\":\"YES\"}}";
    private static final String COMMON = "{\"offenceCategory\":\"NCII\",\"victim\":{\"sex\":\"FEMALE\",\"ageBand\":\"AGE_25_34\"}}";
    private static final ConcurrentLinkedQueue<String> LOG_LINES = new ConcurrentLinkedQueue<>();

    @TempDir
    static Path dir;
    static MutableClock clock;
    static TestNetwork net;
    static ContactPointClient cp;
    static ContactPointClient auditor;
    static ContactPointClient stranger;
    static String herRequest;
    static final List<String> requests = new ArrayList<>();
    static AppenderBase<ILoggingEvent> capture;
    static String month;

    @BeforeAll
    static void start() throws Exception {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        capture = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent e) {
                LOG_LINES.add(e.getLoggerName() + " " + e.getFormattedMessage());
            }
        };
        capture.setContext(ctx);
        capture.start();
        ctx.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(capture);
        clock = new MutableClock(Instant.now());
        month = YearMonth.from(clock.instant().atZone(ZoneOffset.UTC)).toString();
        Files.writeString(dir.resolve("protected-data.properties"), "statistics.period=MONTH\nstatistics.min-cell=5\n");
        net = new TestNetwork(dir, c -> c.withClock(clock));
        cp = net.client(net.contactPoint);
        auditor = net.client(net.issue("auditor", Role.AUDITOR));
        stranger = net.client(net.issue("another contact point", Role.CONTACT_POINT));
    }

    @AfterAll
    static void stop() {
        if (net != null) {
            net.close();
        }
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(capture);
    }

    static String submit() throws Exception {
        ObjectNode epoc = (ObjectNode) JSON.readTree(Files.readString(CORPUS.resolve("EU_EPOC").resolve("valid.json")));
        epoc.put("messageId", "msg-epoc-" + UUID.randomUUID());
        ContactPointClient.Answer a = cp.post("api/v1/requests", JSON.writeValueAsBytes(epoc), "application/json", "victim-" + UUID.randomUUID());
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        return JSON.readTree(a.body()).get("id").asText();
    }

    static ContactPointClient.Answer put(ContactPointClient who, String id, String body) throws Exception {
        return who.send(HttpRequest.newBuilder(URI.create(net.node.baseUrl() + "/api/v1/requests/" + id + "/victim-data"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    static void assertProblem(ContactPointClient.Answer a, int status, String code) throws Exception {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(JSON.readTree(a.body()).get("code").asText()).as(a.body()).isEqualTo(code);
    }

    @Test
    @Order(1)
    void malformedVictimDataAreRefusedWithStableCodesAndNothingIsStored() throws Exception {
        herRequest = submit();
        requests.add(herRequest);
        assertProblem(put(cp, herRequest, "{\"victim\":{\"sex\":\"FEMALE\"}}"), 422, "EEG-VICTIM-CATEGORY");
        assertProblem(put(cp, herRequest, "{\"offenceCategory\":\"SEXTORTION\",\"victim\":{\"ageBand\":\"15\"}}"), 422, "EEG-VICTIM-VALUE");
        assertProblem(put(cp, herRequest, "{\"offenceCategory\":\"SEXTORTION\",\"victim\":{\"name\":\"Jane\"}}"), 422, "EEG-VICTIM-FIELD");
        assertProblem(put(cp, herRequest, "{\"offenceCategory\":\"SEXTORTION\",\"victim\":{\"minor\":false,\"ageBand\":\"AGE_14_17\"}}"), 422,
                "EEG-VICTIM-INCONSISTENT");
        assertProblem(cp.get("api/v1/requests/" + herRequest + "/victim-data"), 404, "EEG-VICTIM-NONE");
        assertProblem(put(stranger, herRequest, HER_DATA), 404, "EEG-REQ-NOT-FOUND");
        assertProblem(cp.get("api/v1/statistics?period=" + month), 403, "EEG-STAT-ROLE");
    }

    @Test
    @Order(2)
    void onlyTheSubmitterSeesHerAttributes() throws Exception {
        ContactPointClient.Answer created = put(cp, herRequest, HER_DATA);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(put(cp, herRequest, HER_DATA).status()).isEqualTo(200);
        ContactPointClient.Answer mine = cp.get("api/v1/requests/" + herRequest + "/victim-data");
        assertThat(mine.status()).isEqualTo(200);
        assertThat(JSON.readTree(mine.body()).at("/victim/relationship").asText()).isEqualTo("FORMER_PARTNER");
        assertProblem(auditor.get("api/v1/requests/" + herRequest + "/victim-data"), 403, "EEG-VICTIM-ROLE");
        assertProblem(stranger.get("api/v1/requests/" + herRequest + "/victim-data"), 404, "EEG-REQ-NOT-FOUND");
        for (int i = 0; i < 6; i++) {
            String id = submit();
            requests.add(id);
            assertThat(put(cp, id, COMMON).status()).isEqualTo(201);
        }
    }

    @Test
    @Order(3)
    void herAttributesAreNowhereInClear() throws Exception {
        List<String> places = new ArrayList<>();
        places.add(String.join("\n", LOG_LINES));
        places.add(cp.get("api/v1/requests/" + herRequest + "/timeline").body());
        places.add(cp.get("api/v1/requests/" + herRequest + "/events").body());
        places.add(cp.get("api/v1/requests/" + herRequest).body());
        places.add(cp.get("api/v1/requests/export.csv").body());
        places.add(cp.get("api/v1/requests/" + herRequest + "/content").body());
        ContactPointClient.Answer custody = auditor.get("api/v1/custody/requests/" + herRequest);
        assertThat(custody.status()).as(custody.body()).isEqualTo(200);
        places.add(custody.body());
        assertThat(places.get(0)).contains("EEG-VICTIM-RECORDED"); // the scan sees the log lines
        for (String place : places) {
            for (String token : HER) {
                assertThat(place).as("a log line, timeline, custody record or export").doesNotContain(token);
            }
        }
        // every file of the node (database, broker journal, custody log, keys), in every encoding a value takes at rest
        for (String token : HER) {
            assertThat(new CanaryScanner(token).scan(dir, p -> p.toString().contains("/portal/") || p.toString().endsWith(".properties")))
                    .as(token).isEmpty();
        }
    }

    @Test
    @Order(4)
    void statisticsOfAnOpenOrOverlappingPeriodOrAnAdHocTableAreRefused() throws Exception {
        assertProblem(auditor.get("api/v1/statistics?period=" + month), 409, "EEG-STAT-PERIOD-OPEN");
        assertProblem(auditor.get("api/v1/statistics?period=" + month + "..2099-12"), 422, "EEG-STAT-PERIOD");
        assertProblem(auditor.get("api/v1/statistics?period=" + month.substring(0, 4) + "-Q1"), 422, "EEG-STAT-PERIOD");
        assertProblem(auditor.get("api/v1/statistics?period=" + month.substring(0, 4)), 422, "EEG-STAT-PERIOD");
        assertProblem(auditor.get("api/v1/statistics?period=" + month + "&table=sex-age"), 422, "EEG-STAT-TABLE");
        assertProblem(auditor.get("api/v1/statistics?period=" + month + "&name=Jane"), 422, "EEG-STAT-FILTER");
        assertProblem(auditor.get("api/v1/statistics?period=" + month + "&format=xlsx"), 422, "EEG-STAT-FORMAT");
    }

    @Test
    @Order(5)
    void theClosedMonthsStatisticsRevealNoSmallCellWhateverIsAsked() throws Exception {
        Instant next = YearMonth.parse(month).plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).plusSeconds(60);
        clock.set(next);
        ContactPointClient.Answer all = auditor.get("api/v1/statistics?period=" + month);
        assertThat(all.status()).as(all.body()).isEqualTo(200);
        Release release = parse(JSON.readTree(all.body()));
        DisclosureTest.attack(release, "the node's release");
        long total = -1;
        for (Release.Table t : release.tables()) {
            for (Release.Cell c : t.cells()) {
                if ("SEXTORTION".equals(c.values().get(Dimension.OFFENCE_CATEGORY)) || "AGE_14_17".equals(c.values().get(Dimension.AGE_BAND))
                        || "YES".equals(c.values().get(Dimension.DISABILITY))) {
                    assertThat(c.count()).as(t.table().id() + " " + c.values()).isIn(null, 0L);
                }
                if (t.table() == StatisticsTable.OFFENCE_SEX && "TOTAL".equals(c.values().get(Dimension.OFFENCE_CATEGORY))
                        && "TOTAL".equals(c.values().get(Dimension.SEX))) {
                    total = c.count() == null ? -1 : c.count();
                }
            }
        }
        // 6 NCII + her 1: the NCII cells go too (NCII = total - her), the grand total stays
        assertThat(total).as("the grand total is published").isEqualTo(7);
        // one-filter difference: a filtered query selects cells of the same release; it never recomputes one
        ContactPointClient.Answer filtered = auditor.get("api/v1/statistics?period=" + month + "&table=offence-age&sex=FEMALE&offenceCategory=TOTAL");
        assertThat(filtered.status()).as(filtered.body()).isEqualTo(200);
        for (JsonNode c : JSON.readTree(filtered.body()).at("/tables/0/cells")) {
            Release.Cell same = find(release, StatisticsTable.OFFENCE_AGE, c);
            assertThat(count(c)).as(c.toString()).isEqualTo(same.count());
        }
        ContactPointClient.Answer csv = auditor.get("api/v1/statistics?period=" + month + "&format=csv&table=offence-sex");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.body()).startsWith("period,table,instrument,platform,offenceCategory,outcome,sex,");
        assertThat(csv.body()).contains(month + ",offence-sex,,,TOTAL,,TOTAL,,,,,7,false");
        assertThat(csv.body().lines().filter(l -> l.contains("SEXTORTION")).toList()).allMatch(l -> l.endsWith(",true") || l.endsWith(",0,false"));
    }

    @Test
    @Order(6)
    void aPurgedRequestTakesItsVictimDataAlongAndTheReleaseStaysFrozen() throws Exception {
        String before = auditor.get("api/v1/statistics?period=" + month).body();
        ContactPointClient.Answer w = cp.post("api/v1/requests/" + herRequest + "/withdraw", "{\"reason\":\"test\"}".getBytes(StandardCharsets.UTF_8),
                "application/json", null);
        assertThat(w.status()).as(w.body()).isBetween(200, 299);
        ContactPointClient.Answer purged = cp.post("api/v1/requests/" + herRequest + "/purge", new byte[0], "application/json", null);
        assertThat(purged.status()).as(purged.body()).isEqualTo(200);
        assertProblem(cp.get("api/v1/requests/" + herRequest + "/victim-data"), 404, "EEG-VICTIM-NONE");
        assertProblem(put(cp, herRequest, HER_DATA), 410, "EEG-RET-PURGED");
        assertThat(auditor.get("api/v1/statistics?period=" + month).body()).isEqualTo(before);
    }

    static Release.Cell find(Release r, StatisticsTable table, JsonNode c) {
        for (Release.Table t : r.tables()) {
            if (t.table() != table) {
                continue;
            }
            for (Release.Cell cell : t.cells()) {
                boolean same = true;
                for (Dimension d : table.dimensions()) {
                    same &= cell.values().get(d).equals(c.get(d.param()).asText());
                }
                if (same) {
                    return cell;
                }
            }
        }
        throw new AssertionError("no such cell in the release: " + c);
    }

    /** A suppressed cell has no count (and {@code "suppressed": true}). */
    static Long count(JsonNode c) {
        JsonNode n = c.get("count");
        boolean suppressed = c.get("suppressed").asBoolean();
        assertThat(n == null || n.isNull()).as(c.toString()).isEqualTo(suppressed);
        return suppressed ? null : n.asLong();
    }

    static Release parse(JsonNode root) {
        List<Release.Table> tables = new ArrayList<>();
        for (JsonNode t : root.get("tables")) {
            List<Release.Cell> cells = new ArrayList<>();
            for (JsonNode c : t.get("cells")) {
                Map<Dimension, String> values = new EnumMap<>(Dimension.class);
                for (Iterator<Map.Entry<String, JsonNode>> it = c.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> f = it.next();
                    Dimension d = Dimension.byParam(f.getKey());
                    if (d != null) {
                        values.put(d, f.getValue().asText());
                    }
                }
                cells.add(new Release.Cell(values, count(c)));
            }
            tables.add(new Release.Table(StatisticsTable.byId(t.get("table").asText()), cells));
        }
        return new Release(root.get("period").asText(), root.get("minCell").asInt(), tables);
    }
}
