package eu.eevidence.gw.gateway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.eevidence.gw.testkit.ContactPointClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console's hash-list action on a removal order (ADR-0038): offered on removal orders only, a confirmation step that
 * changes nothing, a refused list shown with the API's code beside its field and nothing stored, a forged CSRF token
 * refused; then a list sent through the form appears on the request page with its counts and never a hash value.
 */
class HashListConsoleIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CORPUS = Path.of("..", "message-schemas", "src", "test", "resources", "corpus");
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([A-Za-z0-9_\\-]+)\"");
    private static final String TYPED = "b0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecf";

    @TempDir
    static Path dir;
    static TestNetwork net;
    static ContactPointClient cp;

    @BeforeAll
    static void start() throws Exception {
        net = new TestNetwork(dir, c -> c);
        cp = net.client(net.contactPoint);
    }

    @AfterAll
    static void stop() {
        if (net != null) {
            net.close();
        }
    }

    private static String delivered(String type, boolean byHash) throws Exception {
        ObjectNode n = (ObjectNode) JSON.readTree(Files.readString(CORPUS.resolve(type).resolve("valid.json")));
        n.put("messageId", "msg-hlc-" + UUID.randomUUID());
        if (byHash) {
            ArrayNode content = (ArrayNode) n.get("body").get("content");
            content.remove(1);
            content.addObject().putArray("hashes").addObject().put("algorithm", "SHA256").put("value", "c".repeat(64));
        }
        ContactPointClient.Answer a = cp.post("api/v1/requests", JSON.writeValueAsBytes(n), "application/json", "hlc-" + UUID.randomUUID());
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        String id = JSON.readTree(a.body()).get("id").asText();
        await().atMost(Duration.ofSeconds(60)).until(() -> JSON.readTree(cp.get("api/v1/requests/" + id).body()).path("state").asText(),
                s -> !s.equals("ACCEPTED") && !s.equals("DISPATCHED"));
        return id;
    }

    private static ContactPointClient.Answer form(String path, Map<String, String> fields) throws Exception {
        String body = fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return cp.post(path, body.getBytes(StandardCharsets.UTF_8), "application/x-www-form-urlencoded", null);
    }

    private static String csrf(String page) {
        Matcher m = CSRF.matcher(page);
        assertThat(m.find()).as("a CSRF field on the page").isTrue();
        return m.group(1);
    }

    private static int lists(String id) throws Exception {
        return JSON.readTree(cp.get("api/v1/requests/" + id + "/hash-lists").body()).get("hashLists").size();
    }

    @Test
    void theFormIsOfferedOnRemovalOrdersOnlyRefusesWhatTheApiRefusesAndSendsAList() throws Exception {
        String preservation = delivered("BUDAPEST_ART29_PRESERVATION", false);
        assertThat(cp.get("console/requests/" + preservation).body()).doesNotContain("/actions/hash-list");

        String id = delivered("CONTENT_REMOVAL_ORDER", true);
        String page = cp.get("console/requests/" + id).body();
        assertThat(page).contains("/console/requests/" + id + "/actions/hash-list").doesNotContain("hash-lists-title");
        String token = csrf(page);
        String path = "console/requests/" + id + "/actions/hash-list";

        Map<String, String> forged = new LinkedHashMap<>(Map.of("csrf", "A".repeat(43), "source", "order", "confirmed", "yes"));
        assertThat(form(path, forged).status()).isEqualTo(403);

        Map<String, String> bad = new LinkedHashMap<>(Map.of("csrf", token, "source", "given", "hashes", "PDQ " + TYPED.substring(3),
                "confirmed", "yes"));
        ContactPointClient.Answer refused = form(path, bad);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("EEG-VAL-REMOVAL-HASH").doesNotContain("Exception");

        Map<String, String> unconfirmed = new LinkedHashMap<>(Map.of("csrf", token, "source", "order", "hashes", "PDQ " + TYPED));
        assertThat(form(path, unconfirmed).status()).isEqualTo(200);
        assertThat(lists(id)).isZero();

        Map<String, String> ok = new LinkedHashMap<>(Map.of("csrf", token, "source", "order", "hashes", "PDQ " + TYPED, "matchDistance", "24",
                "confirmed", "yes"));
        ContactPointClient.Answer sent = form(path, ok);
        assertThat(sent.status()).as(sent.body()).isEqualTo(303);
        assertThat(sent.location()).endsWith("/console/requests/" + id + "?done=hash-list");
        JsonNode list = JSON.readTree(cp.get("api/v1/requests/" + id + "/hash-lists").body()).get("hashLists").get(0);
        assertThat(list.get("hashCount").asInt()).isEqualTo(2);
        assertThat(list.get("matchDistance").asInt()).isEqualTo(24);
        String after = cp.get("console/requests/" + id).body();
        assertThat(after).contains("hash-lists-title", "1 PDQ, 1 SHA-256").doesNotContain(TYPED).doesNotContain("c".repeat(64));
    }
}
