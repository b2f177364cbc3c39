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
}
