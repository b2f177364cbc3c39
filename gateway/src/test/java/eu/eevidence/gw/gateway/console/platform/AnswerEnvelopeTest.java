package eu.eevidence.gw.gateway.console.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.eevidence.gw.gateway.console.forms.FormModel;
import eu.eevidence.gw.gateway.console.forms.FormSubmission;
import eu.eevidence.gw.gateway.console.forms.FormValues;
import eu.eevidence.gw.schema.MessageType;
import eu.eevidence.gw.schema.validation.Violation;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The answer forms of the platform console: built from the catalogue, put into the envelope the platform API takes. */
class AnswerEnvelopeTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path CORPUS = Path.of("..", "message-schemas", "src", "test", "resources", "corpus");
    static final OffsetDateTime NOW = OffsetDateTime.of(2026, 12, 7, 10, 0, 0, 0, ZoneOffset.UTC);
    static final Clock CLOCK = Clock.fixed(NOW.toInstant(), ZoneOffset.UTC);

    static JsonNode epoc() throws Exception {
        return JSON.readTree(Files.readString(CORPUS.resolve("EU_EPOC").resolve("valid.json")));
    }

    static byte[] envelope(MessageType type, Map<String, List<String>> form) throws Exception {
        FormModel model = FormModel.answer(type).orElseThrow();
        FormSubmission.Document doc = FormSubmission.documentOf(model, new FormValues(form));
        assertThat(doc.conversionErrors()).isEmpty();
        AnswerEnvelope.Parties p = AnswerEnvelope.parties(epoc(), "demo-platform", "IE", type);
        return AnswerEnvelope.envelope(doc.json(), "REQ-01M9926AQ078ND1WW3MMND0KVS", AnswerEnvelope.messageId("form-abcdefghijklmnopqrstuv"), p, NOW);
    }

    @Test
    void anInvalidAnswerHasTheCataloguesCodesAtTheFormsPaths() throws Exception {
        List<Violation> v = AnswerEnvelope.check(envelope(MessageType.REFUSAL, Map.of("scope", List.of("PARTIAL"))));
        assertThat(v).extracting(Violation::path).contains("$.grounds", "$.explanation", "$.refusedPart")
                .noneMatch(p -> p.startsWith("$.body."));
        assertThat(v).extracting(Violation::code).contains("EEG-VAL-REFUSAL-PARTIAL");
        assertThat(AnswerEnvelope.check(envelope(MessageType.CLARIFICATION_REQUEST, Map.of()))).extracting(Violation::path).contains("$.questions");
    }

    @Test
    void aMessageIdOnlyFromAKeyThatCanBeOne() {
        assertThat(AnswerEnvelope.messageId(null)).isNull();
        assertThat(AnswerEnvelope.messageId("bad key with spaces")).isNull();
        assertThat(AnswerEnvelope.messageId("x".repeat(100))).isNull();
        assertThat(AnswerEnvelope.messageId("form-abc_DEF-123")).isEqualTo("console-form-abc_DEF-123");
    }

    @Test
    void createdAtIsTheReviewedOneOnlyWhenRecentAndNotAhead() {
        assertThat(AnswerEnvelope.createdAt(null, CLOCK)).isEqualTo(NOW);
        assertThat(AnswerEnvelope.createdAt("not a time", CLOCK)).isEqualTo(NOW);
        assertThat(AnswerEnvelope.createdAt("2026-12-07T09:55:00Z", CLOCK)).isEqualTo(NOW.minusMinutes(5));
        assertThat(AnswerEnvelope.createdAt("2026-12-07T10:05:00Z", CLOCK)).as("ahead of the clock").isEqualTo(NOW);
        assertThat(AnswerEnvelope.createdAt("2026-12-05T10:00:00Z", CLOCK)).as("two days old").isEqualTo(NOW);
    }

    @Test
    void theOrdersPartiesAreSwappedAndABareOrderGetsThePlatformAndTheRequestersCountry() throws Exception {
        AnswerEnvelope.Parties p = AnswerEnvelope.parties(epoc(), "demo-platform", "IE", MessageType.ACKNOWLEDGEMENT);
        assertThat(p.sender()).isEqualTo(epoc().get("receiver"));
        assertThat(p.receiver()).isEqualTo(epoc().get("sender"));
        ObjectNode bare = JSON.createObjectNode();
        bare.putObject("issuingAuthority").put("country", "FR");
        AnswerEnvelope.Parties q = AnswerEnvelope.parties(bare, "demo-platform", "ie", MessageType.REFUSAL);
        assertThat(q.sender().path("kind").asText()).isEqualTo("SERVICE_PROVIDER");
        assertThat(q.sender().path("id").asText()).isEqualTo("demo-platform");
        assertThat(q.sender().path("country").asText()).isEqualTo("IE");
        assertThat(q.receiver().path("country").asText()).isEqualTo("FR");
    }

    @Test
    void everyAnswerAPlatformSendsHasAFormWhoseFilledDocumentIsAValidEnvelope() throws Exception {
        assertThat(FormModel.answerTypes()).contains(MessageType.ACKNOWLEDGEMENT, MessageType.CLARIFICATION_REQUEST, MessageType.PRESERVATION_CONFIRMED,
                MessageType.EXECUTION_REPORT, MessageType.REFUSAL, MessageType.POSTPONEMENT, MessageType.EU_FORM3_IMPOSSIBILITY)
                .doesNotContain(MessageType.WITHDRAWAL, MessageType.EU_EPOC, MessageType.CLARIFICATION_ANSWER);
        for (MessageType t : FormModel.answerTypes()) {
            assertThat(FormModel.answer(t)).as(t.name()).isPresent();
        }
        assertThat(FormModel.answer(MessageType.EU_EPOC)).isEmpty();
        byte[] ack = envelope(MessageType.ACKNOWLEDGEMENT, Map.of("receivedAt", List.of("2026-12-07T09:00:00Z")));
        assertThat(AnswerEnvelope.check(ack)).isEmpty();
        byte[] questions = envelope(MessageType.CLARIFICATION_REQUEST, Map.of("questions", List.of("Which account?\r\n\r\n  From when?  ")));
        assertThat(AnswerEnvelope.check(questions)).isEmpty();
        assertThat(JSON.readTree(questions).at("/body/questions").toString()).isEqualTo("[\"Which account?\",\"From when?\"]");
        byte[] refusal = envelope(MessageType.REFUSAL, Map.of("scope", List.of("FULL"), "grounds", List.of("DATA_NOT_HELD"),
                "explanation", List.of("The account does not exist.")));
        assertThat(AnswerEnvelope.check(refusal)).isEmpty();
        JsonNode e = JSON.readTree(refusal);
        assertThat(e.path("correlationId").asText()).isEqualTo("REQ-01M9926AQ078ND1WW3MMND0KVS");
        assertThat(e.path("messageId").asText()).isEqualTo("console-form-abcdefghijklmnopqrstuv");
        assertThat(e.path("createdAt").asText()).isEqualTo("2026-12-07T10:00:00Z");
        assertThat(Instant.parse(e.path("createdAt").asText())).isEqualTo(NOW.toInstant());
    }
}
