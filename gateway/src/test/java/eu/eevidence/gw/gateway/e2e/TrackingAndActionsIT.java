package eu.eevidence.gw.gateway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.eevidence.gw.gateway.demo.Demo;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.testkit.ContactPointClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The tracking API, deadlines and the requester's actions on a running node. Negative cases first. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrackingAndActionsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static TestNetwork net;
    static ContactPointClient cp;

    @BeforeAll
    static void start() throws Exception {
        net = new TestNetwork(dir);
        cp = net.client(net.contactPoint);
    }

    @AfterAll
    static void stop() {
        if (net != null) {
            net.close();
        }
    }

    private static String key() {
        return "trk-" + UUID.randomUUID();
    }

    private static String submit() throws Exception {
        ContactPointClient.Answer a = cp.submit(Demo.sample(), key());
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        return JSON.readTree(a.body()).get("id").asText();
    }

    private static JsonNode awaitState(String id, String state) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> JSON.readTree(cp.get("api/v1/requests/" + id).body()),
                n -> state.equals(n.path("state").asText()));
    }

    private static ContactPointClient.Answer send(ContactPointClient c, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(net.node.baseUrl() + "/" + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return c.send(b.build());
    }

    private static void assertProblem(ContactPointClient.Answer a, int status, String code) throws Exception {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(a.contentType()).startsWith("application/problem+json");
        assertThat(JSON.readTree(a.body()).get("code").asText()).isEqualTo(code);
        assertThat(a.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    // ---------------------------------------------------------------- negative cases

    @Test
    @Order(1)
    void rejectsBadQueriesWithTheFailingParameters() throws Exception {
        ContactPointClient.Answer a = cp.get("api/v1/requests?state=LOST&dueBefore=tomorrow&size=100000&country=Ireland&sort=random");
        assertProblem(a, 400, "EEG-QUERY-INVALID");
        assertThat(JSON.readTree(a.body()).get("errors").findValuesAsText("path"))
                .containsExactlyInAnyOrder("state", "dueBefore", "size", "country", "sort");
    }

    @Test
    @Order(2)
    void aPlatformCertificateCannotListRequests() throws Exception {
        ContactPointClient platform = net.client(net.issue("a platform", Role.PLATFORM));
        assertProblem(platform.get("api/v1/requests"), 403, "EEG-AUTH-ROLE");
        assertProblem(platform.get("api/v1/requests/stats"), 403, "EEG-AUTH-ROLE");
    }

    @Test
    @Order(3)
    void actionsOnUnknownOrForeignRequestsAreNotFoundAndChangeNothing() throws Exception {
        String id = submit();
        awaitState(id, "PRESERVED");
        ContactPointClient other = net.client(net.issue("another contact point", Role.CONTACT_POINT));
        assertProblem(send(other, "POST", "api/v1/requests/" + id + "/withdraw", "{}"), 404, "EEG-REQ-NOT-FOUND");
        assertProblem(send(cp, "POST", "api/v1/requests/REQ-01JDZZZZZZZZZZZZZZZZZZZZZZ/withdraw", "{}"), 404, "EEG-REQ-NOT-FOUND");
        assertProblem(send(cp, "POST", "api/v1/requests/" + id + "/withdraw", "[1,"), 400, "EEG-REQ-MALFORMED");
        assertProblem(send(cp, "POST", "api/v1/requests/" + id + "/events", "{\"event\":\"LAUNCH\"}"), 422, "EEG-ACT-UNKNOWN-EVENT");
        assertProblem(send(cp, "POST", "api/v1/requests/" + id + "/events", "{\"event\":\"MLA_RECEIVED\",\"occurredAt\":\"2026-11-24T10:00\"}"),
                422, "EEG-ACT-TIMESTAMP");
        assertProblem(send(cp, "POST", "api/v1/requests/" + id + "/deadlines/BUDAPEST_ART29_PRESERVATION_MIN/extend", null), 409, "EEG-DDL-011");
        assertProblem(send(cp, "PUT", "api/v1/requests/" + id + "/deadlines/BUDAPEST_ART29_PRESERVATION_MIN",
                "{\"dueAt\":\"2026-12-01T00:00:00Z\"}"), 409, "EEG-DDL-004");
        assertProblem(send(cp, "POST", "api/v1/requests/" + id + "/withdraw", "{\"reason\":\"" + "x".repeat(1001) + "\"}"),
                422, "EEG-ACT-REASON-TOO-LONG");
        assertProblem(send(cp, "POST", "api/v1/requests/" + id + "/events", "{\"event\":\"MLA_RECEIVED\",\"occurredAt\":\"2099-01-01T00:00:00Z\"}"),
                422, "EEG-ACT-FUTURE");
        assertProblem(send(cp, "POST", "api/v1/requests/" + id + "/events", "{}"), 422, "EEG-ACT-UNKNOWN-EVENT");
        assertProblem(send(cp, "POST", "api/v1/requests/" + id + "/deadlines/NO_SUCH_RULE/extend", null), 409, "EEG-DDL-010");
        assertProblem(send(cp, "PUT", "api/v1/requests/" + id + "/deadlines/BUDAPEST_ART29_PRESERVATION_MIN", "{\"reason\":\"later\"}"),
                422, "EEG-ACT-TIMESTAMP");
        assertProblem(send(cp, "POST", "api/v1/requests/" + id + "/legal-hold", "{}"), 422, "EEG-ACT-HOLD-REASON");
        assertProblem(send(other, "POST", "api/v1/requests/" + id + "/legal-hold", "{\"reason\":\"case 1\"}"), 404, "EEG-REQ-NOT-FOUND");
        assertProblem(send(other, "DELETE", "api/v1/requests/" + id + "/legal-hold", null), 404, "EEG-REQ-NOT-FOUND");
        assertThat(JSON.readTree(cp.get("api/v1/requests/" + id).body()).get("state").asText()).isEqualTo("PRESERVED");
        JsonNode timeline = JSON.readTree(cp.get("api/v1/requests/" + id + "/timeline").body());
        assertThat(timeline.get("events").findValuesAsText("event")).doesNotContain("WITHDRAWN", "MLA_RECEIVED", "LEGAL_HOLD_PLACED");
    }

    @Test
    @Order(4)
    void aLegalHoldIsPlacedAndLiftedOnTheTimeline() throws Exception {
        String id = submit();
        ContactPointClient.Answer placed = send(cp, "POST", "api/v1/requests/" + id + "/legal-hold", "{\"reason\":\"order 12/2026\"}");
        assertThat(placed.status()).as(placed.body()).isEqualTo(200);
        assertThat(send(cp, "DELETE", "api/v1/requests/" + id + "/legal-hold", null).status()).isEqualTo(200);
        JsonNode timeline = JSON.readTree(cp.get("api/v1/requests/" + id + "/timeline").body());
        assertThat(timeline.get("events").findValuesAsText("event")).contains("LEGAL_HOLD_PLACED", "LEGAL_HOLD_LIFTED");
    }

    // ---------------------------------------------------------------- tracking

    @Test
    @Order(10)
    void listsFiltersCountsAndExportsWhatTheCallerMaySee() throws Exception {
        String a = submit();
        String b = submit();
        awaitState(a, "PRESERVED");
        awaitState(b, "PRESERVED");
        JsonNode list = JSON.readTree(cp.get("api/v1/requests?state=PRESERVED&country=ie&size=500").body());
        assertThat(list.get("items").findValuesAsText("id")).contains(a, b);
        assertThat(list.get("items").findValuesAsText("state")).containsOnly("PRESERVED");
        List<String> dues = list.get("items").findValuesAsText("at");
        assertThat(dues).isSorted();

        JsonNode page = JSON.readTree(cp.get("api/v1/requests?size=1&page=0&sort=-receivedAt").body());
        assertThat(page.get("items")).hasSize(1);
        assertThat(page.get("hasMore").asBoolean()).isTrue();

        assertThat(JSON.readTree(cp.get("api/v1/requests?overdue=true").body()).get("items")).isEmpty();
        assertThat(JSON.readTree(cp.get("api/v1/requests?dueBefore=2099-01-01T00:00:00Z").body()).get("items").size()).isGreaterThanOrEqualTo(2);

        JsonNode stats = JSON.readTree(cp.get("api/v1/requests/stats").body());
        assertThat(stats.get("byState").get("PRESERVED").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(stats.get("byDeadlineBand").get("later").asLong()).isGreaterThanOrEqualTo(2);

        ContactPointClient.Answer csv = cp.get("api/v1/requests/export.csv?state=PRESERVED");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.body().lines().findFirst().orElseThrow()).startsWith("id,type,platform");
        assertThat(csv.body()).contains(a).contains(b).contains("BUDAPEST_ART29_PRESERVATION_MIN");

        ContactPointClient other = net.client(net.issue("a third contact point", Role.CONTACT_POINT));
        assertThat(JSON.readTree(other.get("api/v1/requests").body()).get("items")).isEmpty();
        ContactPointClient auditor = net.client(net.issue("an auditor", Role.AUDITOR));
        assertThat(JSON.readTree(auditor.get("api/v1/requests?size=500").body()).get("items").findValuesAsText("id")).contains(a, b);
    }

    @Test
    @Order(11)
    void showsEveryDeadlineWithItsSourceAndTheRequestedPartysZone() throws Exception {
        String id = submit();
        awaitState(id, "PRESERVED");
        JsonNode d = JSON.readTree(cp.get("api/v1/requests/" + id + "/deadlines").body()).get("deadlines");
        assertThat(d.findValuesAsText("rule")).containsExactlyInAnyOrder("BUDAPEST_ART29_DELIVERY_TARGET", "BUDAPEST_ART29_PRESERVATION_MIN");
        JsonNode min = d.get(d.findValuesAsText("rule").indexOf("BUDAPEST_ART29_PRESERVATION_MIN"));
        assertThat(min.get("state").asText()).isEqualTo("RUNNING");
        assertThat(min.get("source").asText()).contains("ETS 185 Art. 29(7)");
        assertThat(min.get("dueAtRequestedPartyZone").asText()).endsWith("[Europe/Dublin]");
        JsonNode target = d.get(d.findValuesAsText("rule").indexOf("BUDAPEST_ART29_DELIVERY_TARGET"));
        assertThat(target.get("state").asText()).isEqualTo("MET");
    }

    @Test
    @Order(12)
    void exposesComplianceAsJsonAndPrometheus() throws Exception {
        ContactPointClient auditor = net.client(net.issue("a metrics auditor", Role.AUDITOR));
        JsonNode rows = JSON.readTree(auditor.get("api/v1/metrics/compliance?days=30").body()).get("rows");
        assertThat(rows.findValuesAsText("instrument")).contains("BUDAPEST_ART29");
        ContactPointClient.Answer prom = auditor.get("api/v1/metrics/prometheus");
        assertThat(prom.status()).isEqualTo(200);
        assertThat(prom.body()).contains("eeg_deadlines_total{instrument=\"BUDAPEST_ART29\",outcome=\"met\",platform=\"demo-platform\"}")
                .contains("eeg_requests{state=\"PRESERVED\"}");
        assertProblem(auditor.get("api/v1/metrics/compliance?days=0"), 400, "EEG-QUERY-INVALID");
    }

    @Test
    @Order(13)
    void victimAndWitnessFieldsAreRedactedForAnAuditorAndEveryReadIsRecorded() throws Exception {
        String id = submit();
        String facts = JSON.readTree(Demo.sample()).get("offence").get("summaryOfFacts").asText();
        ContactPointClient.Answer own = cp.get("api/v1/requests/" + id + "/content");
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.body()).contains(facts.substring(0, Math.min(20, facts.length())));
        ContactPointClient auditor = net.client(net.issue("a content auditor", Role.AUDITOR));
        ContactPointClient.Answer redacted = auditor.get("api/v1/requests/" + id + "/content");
        assertThat(redacted.status()).isEqualTo(200);
        assertThat(redacted.body()).contains("[REDACTED]").doesNotContain(facts.substring(0, Math.min(20, facts.length())));
        assertProblem(net.client(net.issue("a curious contact point", Role.CONTACT_POINT)).get("api/v1/requests/" + id + "/content"), 404, "EEG-REQ-NOT-FOUND");
        JsonNode timeline = JSON.readTree(cp.get("api/v1/requests/" + id + "/timeline").body());
        assertThat(timeline.get("events").findValuesAsText("event").stream().filter("PERSONAL_DATA_ACCESSED"::equals)).hasSize(2);
    }

    // ---------------------------------------------------------------- actions

    @Test
    @Order(20)
    void theMutualAssistanceRequestHoldsThePreservationAndEndingItCompletesTheRequest() throws Exception {
        String id = submit();
        awaitState(id, "PRESERVED");
        JsonNode held = JSON.readTree(send(cp, "POST", "api/v1/requests/" + id + "/events", "{\"event\":\"MLA_RECEIVED\"}").body());
        assertThat(held.has("nextDeadline")).isFalse();
        JsonNode d = JSON.readTree(cp.get("api/v1/requests/" + id + "/deadlines").body()).get("deadlines");
        assertThat(d.findValuesAsText("state")).contains("HELD");
        JsonNode ended = JSON.readTree(send(cp, "POST", "api/v1/requests/" + id + "/events", "{\"event\":\"PRESERVATION_ENDED\"}").body());
        assertThat(ended.get("state").asText()).isEqualTo("COMPLETED");
        assertThat(ended.get("terminal").asBoolean()).isTrue();
        assertProblem(send(cp, "POST", "api/v1/requests/" + id + "/withdraw", "{}"), 409, "EEG-ACT-TERMINAL");
    }

    @Test
    @Order(21)
    void withdrawingWhileRetriesArePendingStopsThemAndTellsThePortalOnce() throws Exception {
        net.portal.failNext(1_000_000, 503);
        String id = submit();
        awaitState(id, "DISPATCHED");
        assertProblem(send(cp, "POST", "api/v1/requests/" + id + "/events", "{\"event\":\"PRESERVATION_ENDED\"}"), 409, "EEG-LIFE-001");
        JsonNode w = JSON.readTree(send(cp, "POST", "api/v1/requests/" + id + "/withdraw", "{\"reason\":\"suspect identified otherwise\"}").body());
        assertThat(w.get("state").asText()).isEqualTo("WITHDRAWN");
        net.portal.heal();
        await().atMost(Duration.ofSeconds(60)).until(() -> net.node.requests().notices(id).stream().allMatch(n -> "SENT".equals(n.state())));
        var forThis = net.portal.accepted().stream().filter(a -> a.requestId().equals(id)).toList();
        assertThat(forThis).hasSize(1);
        String content = new String(forThis.get(0).message().content(), StandardCharsets.UTF_8);
        assertThat(content).contains("\"type\":\"WITHDRAWAL\"").contains("suspect identified otherwise");
        assertThat(JSON.readTree(cp.get("api/v1/requests/" + id).body()).get("state").asText()).isEqualTo("WITHDRAWN");
        JsonNode timeline = JSON.readTree(cp.get("api/v1/requests/" + id + "/timeline").body());
        assertThat(timeline.get("events").findValuesAsText("event")).contains("WITHDRAWN", "DEADLINE_CANCELLED");
    }
}
