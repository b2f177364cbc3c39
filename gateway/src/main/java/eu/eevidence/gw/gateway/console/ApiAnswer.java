package eu.eevidence.gw.gateway.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import jakarta.ws.rs.core.Response;

import java.util.ArrayList;
import java.util.List;
import eu.eevidence.gw.gateway.api.ApiError;

/**
 * An answer of an API resource method called in-process by a console page (ADR-0024): its status, its JSON body, and for a
 * refusal its {@code EEG-*} code, detail and field violations, exactly as the API would have sent them.
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

    public String code() {
        return body.path("code").asText(ApiError.HTTP.withStatus(status));
    }

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
}
