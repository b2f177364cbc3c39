package eu.eevidence.gw.gateway.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import eu.eevidence.gw.gateway.http.Problems;
import eu.eevidence.gw.schema.validation.Violation;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import eu.eevidence.gw.gateway.answer.AnswerError;
import eu.eevidence.gw.gateway.trust.TrustError;

/** The small JSON body of an action (an object of strings), read strictly and bounded. An empty body is an empty object. */
record ActionBody(JsonNode node, Response error) {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(4).maxStringLength(4096).build());
    }

    static ActionBody read(InputStream in, int maxBytes) throws IOException {
        byte[] bytes = in.readNBytes(maxBytes + 1);
        if (bytes.length > maxBytes) {
            return new ActionBody(null, Problems.of(413, TrustError.HTTP_413, "Payload too large", "the body exceeds " + maxBytes + " bytes"));
        }
        if (bytes.length == 0) {
            return new ActionBody(MAPPER.createObjectNode(), null);
        }
        Response encoding = TextBodies.refusal(bytes);
        if (encoding != null) {
            return new ActionBody(null, encoding);
        }
        try {
            JsonNode n = MAPPER.readTree(bytes);
            if (n == null || !n.isObject()) {
                return new ActionBody(null, Problems.of(400, AnswerError.REQ_MALFORMED, "Malformed request", "the body must be a JSON object"));
            }
            return new ActionBody(n, null);
        } catch (IOException e) {
            return new ActionBody(null, Problems.of(400, AnswerError.REQ_MALFORMED, "Malformed request", "the body is not valid JSON"));
        }
    }

    String text(String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || !v.isTextual() ? null : v.asText();
    }

    /** A timestamp field that must carry a zone offset. */
    record Timestamp(Instant value, Response error) {
    }

    Timestamp timestamp(String field, boolean required) {
        String s = text(field);
        if (s == null) {
            return required ? new Timestamp(null, Problems.of(422, ApiError.ACT_TIMESTAMP, "Invalid action", field + " is required",
                    List.of(new Violation("$." + field, ApiError.ACT_TIMESTAMP.code(), "required: an RFC 3339 timestamp with a zone offset"))))
                    : new Timestamp(null, null);
        }
        try {
            return new Timestamp(OffsetDateTime.parse(s).toInstant(), null);
        } catch (DateTimeParseException e) {
            return new Timestamp(null, Problems.of(422, ApiError.ACT_TIMESTAMP, "Invalid action", field + " must carry a zone offset",
                    List.of(new Violation("$." + field, ApiError.ACT_TIMESTAMP.code(),
                            "an RFC 3339 timestamp with a zone offset, e.g. 2026-12-01T12:00:00+01:00"))));
        }
    }
}
