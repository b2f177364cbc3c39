package eu.eevidence.gw.gateway.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import eu.eevidence.gw.gateway.api.ApiError;
import eu.eevidence.gw.gateway.http.Problems;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An answer of an API resource method called in-process by a console page (ADR-0024): its status, its JSON body, and for a
 * refusal its {@code EEG-*} code, detail and field violations, exactly as the API would have sent them. The console renders
 * these; it never decides anything the API did not. (One class for every page: requests, forms, tracking, cases.)
 */
public record ApiAnswer(int status, JsonNode body, Response raw) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One field violation of a problem ({@code errors[]}): the JSON path, its code and message. */
    public record Violation(String path, String code, String message) {
        /** The form field it concerns: the last name of the path ("$.reason" is "reason"). */
        public String field() {
            String p = path == null ? "" : path;
            int dot = p.lastIndexOf('.');
            return dot < 0 ? p.replace("$", "") : p.substring(dot + 1);
        }
    }

    public static ApiAnswer of(Response r) {
        JsonNode body = MissingNode.getInstance();
        Object entity = r.getEntity();
        if (entity instanceof String s && !s.isEmpty()) {
            try {
                body = JSON.readTree(s);
            } catch (Exception e) {
                body = MissingNode.getInstance();
            }
        }
        return new ApiAnswer(r.getStatus(), body, r);
    }

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /** A refusal sent as problem+json ({@link Problems#MEDIA_TYPE}). */
    public boolean problem() {
        MediaType t = raw.getMediaType();
        return !ok() && t != null && (t.getType() + "/" + t.getSubtype()).equals(Problems.MEDIA_TYPE);
    }

    /** The problem's {@code code} (e.g. {@code EEG-CASE-FIELD}), or {@code EEG-HTTP-<status>}. */
    public String code() {
        return body.path("code").asText(ApiError.HTTP.withStatus(status));
    }

    /** The problem's detail, or null when it has none. */
    public String detail() {
        return body.path("detail").asText(null);
    }

    public List<Violation> violations() {
        List<Violation> out = new ArrayList<>();
        for (JsonNode e : body.path("errors")) {
            out.add(new Violation(e.path("path").asText(""), e.path("code").asText(""), e.path("message").asText("")));
        }
        return out;
    }

    /** The body of a successful answer; otherwise the console's error page with the API's status and code. */
    public JsonNode orRefuse() {
        if (!ok()) {
            throw new ConsoleRefusal(status, code(), detail());
        }
        return body;
    }

    /**
     * Field errors by the top-level field's name (the API's path without a leading {@code $.} or {@code body.}, cut at
     * the first {@code .} or {@code [}), each "CODE: message", several joined by "; ".
     */
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
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    /** The elements of a JSON array (none for a missing node). */
    public static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }
}
