package eu.eevidence.gw.gateway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.eevidence.gw.gateway.demo.Demo;
import eu.eevidence.gw.schema.EvidenceRequest;
import eu.eevidence.gw.schema.MessageType;
import eu.eevidence.gw.schema.RequestFamily;
import eu.eevidence.gw.schema.catalogue.MessageCatalogue;
import eu.eevidence.gw.schema.codec.Decoded;
import eu.eevidence.gw.testkit.ContactPointClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every message type of the catalogue, from the message-schemas corpus, submitted to a running node as enveloped JSON and as
 * XML: requests addressed to the node's platform are stored, sealed and delivered; requests addressed to a State are
 * refused with EEG-REQ-NO-ROUTE; answers and follow-ups are refused as not being requests. Nothing is created from a refusal.
 */
class AllRequestTypesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CORPUS = Path.of("..", "message-schemas", "src", "test", "resources", "corpus");
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

    @Test
    void everyCatalogueTypeIsAcceptedOrRefusedWithItsReason() throws Exception {
        MessageCatalogue catalogue = new MessageCatalogue();
        List<String> delivered = new ArrayList<>();
        int refused = 0;
        for (MessageType type : MessageType.values()) {
            Path json = CORPUS.resolve(type.name()).resolve("valid.json");
            Path xml = CORPUS.resolve(type.name()).resolve("valid.xml");
            assertThat(json).as(type + " has a valid JSON sample").exists();
            byte[] body = Files.readAllBytes(json);
            Decoded decoded = catalogue.decodeJson(body);
            assertThat(decoded).as(type.name()).isInstanceOf(Decoded.Valid.class);
            var message = ((Decoded.Valid) decoded).envelope().body();
            int before = net.node.requests().database().read(c -> {
                try (var rs = c.connection().createStatement().executeQuery("SELECT COUNT(*) FROM request")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            ContactPointClient.Answer a = cp.post("api/v1/requests", body, "application/json", "all-" + UUID.randomUUID());
            if (type.family() == RequestFamily.LIFECYCLE) {
                assertCode(a, 422, "EEG-REQ-NOT-A-REQUEST", type);
                refused++;
            } else if (((EvidenceRequest) message).platformId() == null) {
                assertCode(a, 422, "EEG-REQ-NO-ROUTE", type);
                refused++;
            } else if (!Demo.PLATFORM_ID.equals(((EvidenceRequest) message).platformId())) {
                assertCode(a, 422, "EEG-REQ-INVALID", type);
                refused++;
            } else {
                assertThat(a.status()).as(type + ": " + a.body()).isEqualTo(201);
                delivered.add(JSON.readTree(a.body()).get("id").asText());
                if (Files.exists(xml)) {
                    String messageId = ((Decoded.Valid) decoded).envelope().messageId();
                    byte[] xmlBody = Files.readString(xml).replace(messageId, messageId + "-xml").getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    ContactPointClient.Answer x = cp.post("api/v1/requests", xmlBody, "application/xml", "all-xml-" + UUID.randomUUID());
                    assertThat(x.status()).as(type + " XML: " + x.body()).isEqualTo(201);
                    delivered.add(JSON.readTree(x.body()).get("id").asText());
                }
                continue;
            }
            int after = net.node.requests().database().read(c -> {
                try (var rs = c.connection().createStatement().executeQuery("SELECT COUNT(*) FROM request")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertThat(after).as(type + ": nothing created from a refusal").isEqualTo(before);
        }
        assertThat(delivered).as("at least the platform-addressed request types").hasSizeGreaterThanOrEqualTo(10);
        assertThat(refused).isGreaterThanOrEqualTo(13);
        for (String id : delivered) {
            JsonNode status = await().atMost(Duration.ofSeconds(90)).until(() -> JSON.readTree(cp.get("api/v1/requests/" + id).body()),
                    n -> List.of("PRESERVED", "ACKNOWLEDGED").contains(n.path("state").asText()));
            String type = status.get("type").asText();
            RequestFamily family = MessageType.valueOf(type).family();
            String expected = family == RequestFamily.PRESERVATION || family == RequestFamily.REMOVAL ? "PRESERVED" : "ACKNOWLEDGED";
            assertThat(status.get("state").asText()).as(type).isEqualTo(expected);
        }
        assertThat(net.portal.accepted()).extracting(SimulatedAccepted -> SimulatedAccepted.requestId()).containsAll(delivered);
    }

    @Test
    void aMessageIdIsAcceptedOnceAndACorrelationMustNameAKnownMessage() throws Exception {
        String sample = Files.readString(CORPUS.resolve("EU_EPOC_PR").resolve("valid.json"));
        String messageId = JSON.readTree(sample).get("messageId").asText();
        byte[] first = sample.replace(messageId, "msg-dup-" + UUID.randomUUID()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(cp.post("api/v1/requests", first, "application/json", "dup-a-" + UUID.randomUUID()).status()).isEqualTo(201);
        ContactPointClient.Answer again = cp.post("api/v1/requests", first, "application/json", "dup-b-" + UUID.randomUUID());
        assertCode(again, 422, "EEG-VAL-DUPLICATE-MESSAGE-ID", MessageType.EU_EPOC_PR);
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(sample);
        tree.put("messageId", "msg-corr-" + UUID.randomUUID());
        tree.put("correlationId", "msg-never-seen-0001");
        ContactPointClient.Answer orphan = cp.post("api/v1/requests", JSON.writeValueAsBytes(tree), "application/json", "corr-" + UUID.randomUUID());
        assertCode(orphan, 422, "EEG-VAL-CORRELATION", MessageType.EU_EPOC_PR);
    }

    @Test
    void xmlWithADoctypeIsRefusedBeforeAnythingIsStored() throws Exception {
        String evil = "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><m>&x;</m>";
        ContactPointClient.Answer a = cp.post("api/v1/requests", evil.getBytes(), "application/xml", "xxe-" + UUID.randomUUID());
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body()).doesNotContain("root:").doesNotContain("Exception");
    }

    private static void assertCode(ContactPointClient.Answer a, int status, String code, MessageType type) throws Exception {
        assertThat(a.status()).as(type + ": " + a.body()).isEqualTo(status);
        JsonNode n = JSON.readTree(a.body());
        String all = n.get("code").asText() + " " + n.path("errors").findValuesAsText("code");
        assertThat(all).as(type.name()).contains(code);
    }
}
