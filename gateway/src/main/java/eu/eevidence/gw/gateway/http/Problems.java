package eu.eevidence.gw.gateway.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.eevidence.gw.schema.codec.JsonCodec;
import eu.eevidence.gw.schema.validation.Violation;
import jakarta.ws.rs.core.Response;

import java.util.List;

/**
 * RFC 9457 problem details with a stable {@code code} and, for validation failures, the list of
 * {@code {path, code, message}}. The {@code type} is a URN built from the code, documented in docs/errors.md.
 */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final ObjectMapper JSON = JsonCodec.canonicalMapper();

    private Problems() {
    }

    /** A problem answer with the code's own status and title. */
    public static Response of(ErrorCode code, String detail) {
        return of(code.status(), code.code(), code.title(), detail, List.of());
    }

    /** A problem answer with a code of an enum, the status and title this answer uses. */
    public static Response of(int status, ErrorCode code, String title, String detail) {
        return of(status, code.code(), title, detail, List.of());
    }

    /** A problem answer with a code of an enum and the failing fields. */
    public static Response of(int status, ErrorCode code, String title, String detail, List<Violation> errors) {
        return of(status, code.code(), title, detail, errors);
    }

    /**
     * A problem answer for a code that arrives as text from a feature's refusal (an exception or a result record that
     * took it from an enum): no code literal may be written at a call site (ErrorCodesTest).
     */
    public static Response of(int status, String code, String title, String detail) {
        return of(status, code, title, detail, List.of());
    }

    public static Response of(int status, String code, String title, String detail, List<Violation> errors) {
        return Response.status(status).type(MEDIA_TYPE).entity(body(status, code, title, detail, errors)).build();
    }

    /** The problem+json document itself, for layers below JAX-RS (the HTTP edge, Jetty's error pages). */
    public static String body(int status, ErrorCode code, String title, String detail) {
        return body(status, code.code(), title, detail, List.of());
    }

    /** The problem+json document for a code that arrives as text (see {@link #of(int, String, String, String)}). */
    public static String body(int status, String code, String title, String detail) {
        return body(status, code, title, detail, List.of());
    }

    private static String body(int status, String code, String title, String detail, List<Violation> errors) {
        ObjectNode body = JSON.createObjectNode();
        body.put("type", "urn:evidence-gateway:problem:" + code);
        body.put("title", title);
        body.put("status", status);
        body.put("code", code);
        if (detail != null) {
            body.put("detail", detail);
        }
        if (!errors.isEmpty()) {
            ArrayNode list = body.putArray("errors");
            for (Violation v : errors) {
                list.addObject().put("path", v.path()).put("code", v.code()).put("message", v.message());
            }
        }
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
