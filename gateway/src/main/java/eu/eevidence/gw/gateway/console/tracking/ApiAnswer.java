package eu.eevidence.gw.gateway.console.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import eu.eevidence.gw.gateway.http.Problems;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import eu.eevidence.gw.gateway.api.ApiError;

/**
 * An answer of an API resource called in-process by a console page (ADR-0024): its status and its JSON body, or, for a
 * problem+json, its {@code EEG-*} code, detail and per-field errors ({@code errors[].path} to {@code code: message}). The
 * console renders these; it never decides anything the API did not.
 */
public record ApiAnswer(int status, JsonNode body, Response raw) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static ApiAnswer of(Response r) {
        JsonNode n = MissingNode.getInstance();
        Object e = r.getEntity();
        if (e instanceof String s) {
            try {
                n = JSON.readTree(s);
            } catch (Exception unreadable) {
                n = MissingNode.getInstance();
            }
        }
        return new ApiAnswer(r.getStatus(), n, r);
    }

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    public boolean problem() {
        MediaType t = raw.getMediaType();
        return !ok() && t != null && (t.getType() + "/" + t.getSubtype()).equals(Problems.MEDIA_TYPE);
    }

    /** The problem's {@code code} (e.g. {@code EEG-CASE-FIELD}), or {@code EEG-HTTP-<status>}. */
    public String code() {
        return body.path("code").asText(ApiError.HTTP.withStatus(status));
    }

    public String detail() {
        return body.path("detail").asText("");
    }

    /** Field errors by the field's name (the API's path without a leading {@code $.}), each "CODE: message". */
    public Map<String, String> fieldErrors() {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode v : body.path("errors")) {
            String path = v.path("path").asText("");
            String field = path.startsWith("$.") ? path.substring(2) : path;
            field = field.replaceFirst("^body\\.", "");
            int cut = field.replaceAll("[\\[.].*$", "").length();
            if (cut > 0) {
                field = field.substring(0, cut);
            }
            out.merge(field, v.path("code").asText() + ": " + v.path("message").asText(), (a, b) -> a + "; " + b);
        }
        return out;
    }

    /** Text of a member (null when absent). */
    public static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isMissingNode() || v.isNull() ? null : v.asText();
    }

    /** An RFC 3339 member as an instant (null when absent or not a timestamp). */
    public static Instant instant(JsonNode n, String field) {
        String s = text(n, field);
        if (s == null) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(s).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            try {
                return Instant.parse(s);
            } catch (java.time.format.DateTimeParseException e2) {
                return null;
            }
        }
    }

    public static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }
}
