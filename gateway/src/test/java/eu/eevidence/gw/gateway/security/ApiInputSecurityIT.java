package eu.eevidence.gw.gateway.security;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a contact point with a valid certificate may send to {@code POST /api/v1/requests} and to the tracking queries
 * (C1 A4-A12): bounded bodies, strict JSON and XML, no server-owned fields, legal fields required, impossible values,
 * idempotency, control and bidirectional characters in free text. Every case: status, problem code (and the field error
 * where there is one), nothing stored, node still answers.
 */
class ApiInputSecurityIT {

    @TempDir
    static Path dir;
    static SecurityNode n;
    static final String JSON_TYPE = "application/json";

    @BeforeAll
    static void start() throws Exception {
        n = SecurityNode.start(dir);
        n.preservedRequest(n.cp);
    }

    @AfterAll
    static void stop() {
        if (n != null) {
            n.close();
        }
    }

    static SecurityNode.Reply post(byte[] body, String contentType) throws Exception {
        return SecurityNode.Reply.of(n.cp.post("api/v1/requests", body, contentType, "sec-" + UUID.randomUUID()));
    }

    static void assertFieldError(SecurityNode.Reply r, String path, String code) {
        assertThat(r.json().path("errors").findValuesAsText("path")).as(r.toString()).contains(path);
        assertThat(r.json().path("errors").findValuesAsText("code")).as(r.toString()).contains(code);
    }

    static String sample() {
        try {
            return new String(SecurityNode.sample(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] with(String from, String to) {
        String s = sample();
        assertThat(s).contains(from);
        return s.replace(from, to).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] tree(java.util.function.Consumer<ObjectNode> change) {
        try {
            ObjectNode t = SecurityNode.sampleTree();
            change.accept(t);
            return SecurityNode.JSON.writeValueAsBytes(t);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ A4 size, depth, width

    @Test
    @DisplayName("A4 body one byte over the limit (Content-Length) -> 413 EEG-HTTP-413")
    void a4OverLimit() throws Exception {
        byte[] over = new byte[1024 * 1024 + 1];
        Arrays.fill(over, (byte) ' ');
        n.attack(413, "EEG-HTTP-413", () -> post(over, JSON_TYPE));
    }

    @Test
    @DisplayName("A4 chunked body over the limit (no Content-Length) -> 413 EEG-HTTP-413")
    void a4ChunkedOverLimit() throws Exception {
        byte[] over = new byte[1024 * 1024 + 1];
        Arrays.fill(over, (byte) ' ');
        n.attack(413, "EEG-HTTP-413", () -> SecurityNode.Reply.of(n.cp.send(HttpRequest.newBuilder(URI.create(n.baseUrl() + "/api/v1/requests"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", JSON_TYPE).header("Idempotency-Key", "sec-" + UUID.randomUUID())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(over))).build())));
    }

    static Stream<Arguments> a4Shapes() {
        return Stream.of(
                Arguments.of("A4 100000 nested arrays", "[".repeat(100_000).getBytes(StandardCharsets.UTF_8), "EEG-JSON-TYPE"),
                Arguments.of("A4 5000 nested objects", ("{\"a\":".repeat(5000) + "1" + "}".repeat(5000)).getBytes(StandardCharsets.UTF_8), "EEG-JSON-LIMIT"),
                Arguments.of("A4 100000-element array", tree(t -> {
                    ArrayNode a = t.putArray("identifiers");
                    for (int i = 0; i < 100_000; i++) {
                        a.add(1);
                    }
                }), "EEG-JSON-TYPE"),
                Arguments.of("A11 900 kB string in a free-text field", with("Non-consensual", "x".repeat(900_000)), "EEG-JSON-LIMIT"));
    }

    @ParameterizedTest(name = "{0} -> 400 EEG-REQ-MALFORMED ({2})")
    @MethodSource("a4Shapes")
    void a4DepthAndWidth(String name, byte[] body, String fieldCode) throws Exception {
        SecurityNode.Reply r = n.attack(400, "EEG-REQ-MALFORMED", () -> post(body, JSON_TYPE));
        assertThat(r.json().path("errors").findValuesAsText("code")).contains(fieldCode);
    }

    // ------------------------------------------------------------------ A5 media type, charset, syntax

    @ParameterizedTest(name = "A5 Content-Type ''{0}'' -> 415 EEG-HTTP-415")
    @CsvSource(value = {"<none>", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
            "application/json; charset=ISO-8859-1", "application/json; charset=utf-16"}, delimiter = '|')
    void a5MediaType(String contentType) throws Exception {
        n.attack(415, "EEG-HTTP-415", () -> post(SecurityNode.sample(), contentType.equals("<none>") ? null : contentType));
    }

    static Stream<Arguments> a5Syntax() {
        String s = sample();
        return Stream.of(
                Arguments.of("A5 malformed JSON", "{\"type\":".getBytes(StandardCharsets.UTF_8), "EEG-JSON-MALFORMED"),
                Arguments.of("A5 trailing garbage", (s + " xyz").getBytes(StandardCharsets.UTF_8), "EEG-JSON-MALFORMED"),
                Arguments.of("A5 two JSON values", (s + s).getBytes(StandardCharsets.UTF_8), "EEG-JSON-TRAILING-CONTENT"),
                Arguments.of("A5 duplicate key", with("\"type\": \"BUDAPEST_ART29_PRESERVATION\",",
                        "\"type\": \"BUDAPEST_ART29_PRESERVATION\", \"type\": \"BUDAPEST_ART29_PRESERVATION\","), "EEG-JSON-DUPLICATE-KEY"),
                Arguments.of("A5 empty body", new byte[0], "EEG-JSON-EMPTY"),
                Arguments.of("A5 JSON null", "null".getBytes(StandardCharsets.UTF_8), "EEG-JSON-EMPTY"),
                Arguments.of("A5 JSON array instead of object", "[]".getBytes(StandardCharsets.UTF_8), "EEG-JSON-TYPE"),
                Arguments.of("A5 comment in JSON", ("// c\n" + s).getBytes(StandardCharsets.UTF_8), "EEG-JSON-MALFORMED"),
                Arguments.of("A5 NaN number", with("\"preservationDays\": 90", "\"preservationDays\": NaN"), "EEG-JSON-MALFORMED"),
                Arguments.of("A5 unknown message type", with("\"type\": \"BUDAPEST_ART29_PRESERVATION\"", "\"type\": \"NOPE\""), "EEG-JSON-UNKNOWN-MESSAGE-TYPE"),
                Arguments.of("A5 unknown enum value", with("\"SUBSCRIBER\"", "\"NOPE\""), "EEG-JSON-TYPE"),
                Arguments.of("A8 timestamp without zone", with("2026-11-01T00:00:00+01:00", "2026-11-01T00:00:00"), "EEG-JSON-TIMESTAMP"));
    }

    @ParameterizedTest(name = "{0} -> 400 EEG-REQ-MALFORMED ({2})")
    @MethodSource("a5Syntax")
    void a5Syntax(String name, byte[] body, String fieldCode) throws Exception {
        SecurityNode.Reply r = n.attack(400, "EEG-REQ-MALFORMED", () -> post(body, JSON_TYPE));
        assertThat(r.json().path("errors").findValuesAsText("code")).contains(fieldCode);
    }

    // ------------------------------------------------------------------ A6 server-owned and unknown fields

    @ParameterizedTest(name = "A6 client sets ''{0}'' -> 400 EEG-REQ-MALFORMED (EEG-JSON-UNKNOWN-FIELD)")
    @CsvSource({"status", "receivedAt", "deadline", "custodyIndex", "id", "unknownField"})
    void a6ServerOwnedOrUnknownField(String field) throws Exception {
        byte[] body = tree(t -> t.put(field, "2026-12-01T00:00:00Z"));
        SecurityNode.Reply r = n.attack(400, "EEG-REQ-MALFORMED", () -> post(body, JSON_TYPE));
        assertFieldError(r, "$." + field, "EEG-JSON-UNKNOWN-FIELD");
    }

    // ------------------------------------------------------------------ A7 mandatory legal fields

    @ParameterizedTest(name = "A7 missing ''{0}'' -> 422 EEG-REQ-INVALID (EEG-VAL-REQUIRED at $.{0})")
    @CsvSource({"type", "requestingAuthority", "offence", "dataToPreserve", "custodian", "necessity", "mutualAssistanceIntent", "requestedParty"})
    void a7MissingLegalField(String field) throws Exception {
        byte[] body = tree(t -> t.remove(field));
        SecurityNode.Reply r = n.attack(422, "EEG-REQ-INVALID", () -> post(body, JSON_TYPE));
        assertFieldError(r, "$." + field, "EEG-VAL-REQUIRED");
    }

    // ------------------------------------------------------------------ A8 impossible values

    static Stream<Arguments> a8Impossible() {
        return Stream.of(
                Arguments.of("A8 preservation 59 days (Art. 29(7) floor)", with("\"preservationDays\": 90", "\"preservationDays\": 59"),
                        "$.preservationDays", "EEG-VAL-ART29-MIN-PERIOD"),
                Arguments.of("A8 preservation -1 days", with("\"preservationDays\": 90", "\"preservationDays\": -1"), "$.preservationDays",
                        "EEG-VAL-ART29-MIN-PERIOD"),
                Arguments.of("A8 preservation over the maximum", with("\"preservationDays\": 90", "\"preservationDays\": 100000"),
                        "$.preservationDays", "EEG-VAL-PERIOD-MAX"),
                Arguments.of("A8 unknown Party", with("\"requestedParty\": \"IE\"", "\"requestedParty\": \"XX\""), "$.requestedParty", "EEG-VAL-COUNTRY"),
                Arguments.of("A8 lower-case country", with("\"country\": \"FR\"", "\"country\": \"fr\""), "$.requestingAuthority.country", "EEG-VAL-COUNTRY"),
                Arguments.of("A8 unknown service provider", with("\"platformId\": \"demo-platform\"", "\"platformId\": \"nope\""), "$.custodian.platformId",
                        "EEG-REQ-UNKNOWN-PLATFORM"),
                Arguments.of("A8 time range ends before it starts", with("\"from\": \"2026-11-01T00:00:00+01:00\"", "\"from\": \"2026-12-30T00:00:00+01:00\""),
                        "$.dataToPreserve.timeRange.ordered", "EEG-VAL-TIME-RANGE"),
                Arguments.of("A8 impossible IP address", with("\"203.0.113.77\"", "\"999.1.1.1\""), "$.identifiers[1].value", "EEG-VAL-IDENTIFIER"));
    }

    @ParameterizedTest(name = "{0} -> 422 EEG-REQ-INVALID ({3})")
    @MethodSource("a8Impossible")
    void a8ImpossibleValues(String name, byte[] body, String path, String code) throws Exception {
        SecurityNode.Reply r = n.attack(422, "EEG-REQ-INVALID", () -> post(body, JSON_TYPE));
        assertFieldError(r, path, code);
    }

    // ------------------------------------------------------------------ A11 control characters in free text

    @ParameterizedTest(name = "A11 free text with {0} -> 422 EEG-REQ-INVALID (EEG-VAL-TEXT)")
    @CsvSource(value = {"NUL|\\u0000", "BEL|\\u0007", "ESC sequence|\\u001b[31m", "U+202E escaped|\\u202E", "lone surrogate|\\ud800",
            "U+202E raw|\u202E", "U+2066 isolate|\\u2066"}, delimiter = '|')
    void a11ControlCharacters(String name, String insert) throws Exception {
        byte[] body = with("Non-consensual", "Non" + insert + "consensual");
        SecurityNode.Reply r = n.attack(422, "EEG-REQ-INVALID", () -> post(body, JSON_TYPE));
        assertFieldError(r, "$.offence.description", "EEG-VAL-TEXT");
    }

    // ------------------------------------------------------------------ A12 XML

    static Stream<Arguments> a12Xml() {
        return Stream.of(
                Arguments.of("A12 external entity (XXE)", "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>",
                        "EEG-XML-DOCTYPE"),
                Arguments.of("A12 entity expansion", "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
                        + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><x>&c;</x>", "EEG-XML-DOCTYPE"),
                Arguments.of("A12 external DTD", "<?xml version=\"1.0\"?><!DOCTYPE x SYSTEM \"http://127.0.0.1:1/x.dtd\"><x/>", "EEG-XML-DOCTYPE"),
                Arguments.of("A12 XInclude", "<x xmlns:xi=\"http://www.w3.org/2001/XInclude\"><xi:include href=\"file:///etc/passwd\" parse=\"text\"/></x>",
                        "EEG-XML-NAMESPACE"),
                Arguments.of("A5 malformed XML", "<envelope xmlns=\"urn:eevidence:gateway:messages:v1\"><messageId>", "EEG-XML-MALFORMED"),
                Arguments.of("A5 JSON sent as XML", sample(), "EEG-XML-MALFORMED"));
    }

    @ParameterizedTest(name = "{0} -> 400 EEG-REQ-MALFORMED ({2})")
    @MethodSource("a12Xml")
    void a12Xml(String name, String xml, String fieldCode) throws Exception {
        SecurityNode.Reply r = n.attack(400, "EEG-REQ-MALFORMED", () -> post(xml.getBytes(StandardCharsets.UTF_8), "application/xml"));
        assertThat(r.json().path("errors").findValuesAsText("code")).contains(fieldCode);
        assertThat(r.body()).doesNotContain("root:");
    }

    // ------------------------------------------------------------------ A9 / A10 idempotency

    @Test
    @DisplayName("A9 the same key and body sent again, also concurrently: 200 replay of the same request, nothing new stored")
    void a9Replay() throws Exception {
        byte[] body = with("FR-OCLCTIC-2026-0413", "FR-A9-" + UUID.randomUUID());
        String key = "sec-a9-" + UUID.randomUUID();
        var first = n.cp.post("api/v1/requests", body, JSON_TYPE, key);
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        Map<String, Long> before = n.snapshot();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Callable<SecurityNode.Reply> again = () -> SecurityNode.Reply.of(n.cp.post("api/v1/requests", body, JSON_TYPE, key));
            for (Future<SecurityNode.Reply> f : pool.invokeAll(java.util.List.of(again, again, again, again))) {
                SecurityNode.Reply r = f.get();
                assertThat(r.status()).as(r.toString()).isEqualTo(200);
                assertThat(r.header("Idempotent-Replayed")).isEqualTo("true");
                assertThat(r.json().get("id").asText()).isEqualTo(SecurityNode.JSON.readTree(first.body()).get("id").asText());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(n.snapshot().get("request")).isEqualTo(before.get("request"));
        n.assertAlive();
        n.awaitSettled(n.cp, SecurityNode.JSON.readTree(first.body()).get("id").asText()); // quiet before the next case
    }

    @Test
    @DisplayName("A10 the same key with another body -> 409 EEG-REQ-IDEMPOTENCY-CONFLICT, the original untouched")
    void a10Conflict() throws Exception {
        String key = "sec-a10-" + UUID.randomUUID();
        var first = n.cp.post("api/v1/requests", with("FR-OCLCTIC-2026-0413", "FR-A10-" + UUID.randomUUID()), JSON_TYPE, key);
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        String id = SecurityNode.JSON.readTree(first.body()).get("id").asText();
        n.awaitSettled(n.cp, id); // its delivery would otherwise add rows while the refused attempt is checked
        String content = n.cp.get("api/v1/requests/" + id + "/content").body();
        byte[] other = with("Non-consensual", "Other");
        n.attack(409, "EEG-REQ-IDEMPOTENCY-CONFLICT", () -> SecurityNode.Reply.of(n.cp.post("api/v1/requests", other, JSON_TYPE, key)));
        assertThat(n.cp.get("api/v1/requests/" + id + "/content").body()).isEqualTo(content);
    }

    @ParameterizedTest(name = "A9 invalid Idempotency-Key ({0}) -> 422 EEG-REQ-INVALID (EEG-REQ-IDEMPOTENCY-KEY)")
    @CsvSource({"201 characters", "with a space"})
    void a9InvalidKey(String which) throws Exception {
        String key = which.startsWith("201") ? "k".repeat(201) : "a b";
        SecurityNode.Reply r = n.attack(422, "EEG-REQ-INVALID", () -> SecurityNode.Reply.of(n.cp.post("api/v1/requests",
                SecurityNode.sample(), JSON_TYPE, key)));
        assertFieldError(r, "$.clientRequestId", "EEG-REQ-IDEMPOTENCY-KEY");
    }

    @Test
    @DisplayName("A9/A11 an Idempotency-Key with non-ASCII bytes (raw UTF-8) -> 422 EEG-REQ-INVALID (EEG-REQ-IDEMPOTENCY-KEY)")
    void a9NonAsciiKey() throws Exception {
        byte[] body = SecurityNode.sample();
        byte[] head = n.head("POST", "/api/v1/requests", "Content-Type: application/json", "Idempotency-Key: k\u00e9y-" + UUID.randomUUID(),
                "Content-Length: " + body.length).getBytes(StandardCharsets.UTF_8);
        SecurityNode.Reply r = n.attack(422, "EEG-REQ-INVALID", () -> n.raw(n.contactPoint, head, body));
        assertFieldError(r, "$.clientRequestId", "EEG-REQ-IDEMPOTENCY-KEY");
    }

    // ------------------------------------------------------------------ query injection on the tracking endpoints

    @ParameterizedTest(name = "query injection GET /api/v1/requests?{0} -> 400 EEG-QUERY-INVALID ({1})")
    @CsvSource({
            "state=%27%20OR%201%3D1--, EEG-QUERY-STATE",
            "sort=id;DROP%20TABLE%20request, EEG-QUERY-SORT",
            "page=-1, EEG-QUERY-RANGE",
            "size=1000000, EEG-QUERY-RANGE",
            "dueBefore=1%27%20OR%20%271, EEG-QUERY-TIMESTAMP",
            "overdue=maybe, EEG-QUERY-BOOLEAN",
            "type=..%2F..%2Fetc, EEG-QUERY-VALUE",
            "country=FR%27--, EEG-QUERY-VALUE",
            "platform=%00, EEG-QUERY-VALUE"})
    void queryInjection(String query, String fieldCode) throws Exception {
        SecurityNode.Reply r = n.attack(400, "EEG-QUERY-INVALID", () -> SecurityNode.Reply.of(n.cp.get("api/v1/requests?" + query)));
        assertThat(r.json().path("errors").findValuesAsText("code")).contains(fieldCode);
    }

    @ParameterizedTest(name = "query injection GET /api/v1/requests/export.csv?{0} -> 400 EEG-QUERY-INVALID")
    @CsvSource({"state=%27%20OR%201%3D1--", "sort=1;DROP", "country=FR%27--"})
    void exportQueryInjection(String query) throws Exception {
        n.attack(400, "EEG-QUERY-INVALID", () -> SecurityNode.Reply.of(n.cp.get("api/v1/requests/export.csv?" + query)));
    }

    @Test
    @DisplayName("query injection GET /api/v1/cases?state='OR -> 400 EEG-CASE-QUERY")
    void caseQueryInjection() throws Exception {
        n.attack(400, "EEG-CASE-QUERY", () -> SecurityNode.Reply.of(n.cp.get("api/v1/cases?state=%27OR%201=1")));
    }
}
