package eu.eevidence.gw.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.eevidence.gw.schema.codec.JsonCodec;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** JSON bodies of the API, written with the catalogue's canonical mapper (sorted keys, ISO timestamps). */
final class Json {
    static final ObjectMapper MAPPER = JsonCodec.canonicalMapper();

    private Json() {
    }

    static Response ok(int status, Object body) {
        try {
            return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8")).entity(MAPPER.writeValueAsString(body)).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One timeline entry of a request or a case, as the API shows it (absent values left out). */
    static java.util.Map<String, Object> timelineEntry(long seq, String event, Enum<?> from, Enum<?> to, Object occurredAt, Object recordedAt,
                                                       String actor, String detail) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("seq", seq);
        m.put("event", event);
        if (from != null) {
            m.put("from", from.name());
        }
        if (to != null) {
            m.put("to", to.name());
        }
        m.put("occurredAt", occurredAt);
        m.put("recordedAt", recordedAt);
        if (actor != null) {
            m.put("actor", actor);
        }
        if (detail != null) {
            m.put("detail", detail);
        }
        return m;
    }
}
