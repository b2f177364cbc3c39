package eu.eevidence.gw.gateway.console.cases;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.MultivaluedMap;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A decision form of the cases desk, turned into the body of the API call it stands for, with nothing checked here (the API
 * checks it: {@code EEG-CASE-*} codes). {@code decision} = ACCEPT, REFUSE, POSTPONE, CLARIFY, ANSWER gives the body of
 * {@code POST /api/v1/cases/{id}/decision}; {@code DISCLOSE} the body of {@code POST /api/v1/cases/{id}/disclosure} (Budapest
 * Art. 30). Blank fields are left out, so a missing field is the API's error.
 */
public record CaseForm(String action, Map<String, String> fields) {

    /** The form fields of each action, in display order (also the hidden fields of the confirmation page). */
    public static final Map<String, List<String>> FIELDS = Map.of(
            "ACCEPT", List.of("platformId"),
            "REFUSE", List.of("code", "reason"),
            "POSTPONE", List.of("reason", "until"),
            "CLARIFY", List.of("question"),
            "ANSWER", List.of("summary"),
            "DISCLOSE", List.of("providerName", "providerCountry", "path", "trafficDataSummary"));

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The action and its fields from a posted form; null when the action is not one of {@link #FIELDS}. */
    public static CaseForm of(MultivaluedMap<String, String> form) {
        String action = form.getFirst("decision");
        action = action == null ? "" : action.trim().toUpperCase(Locale.ROOT);
        if (!FIELDS.containsKey(action)) {
            return null;
        }
        Map<String, String> f = new LinkedHashMap<>();
        for (String name : FIELDS.get(action)) {
            String v = form.getFirst(name);
            f.put(name, v == null ? "" : v);
        }
        return new CaseForm(action, f);
    }

    public boolean disclosure() {
        return action.equals("DISCLOSE");
    }

    public String value(String name) {
        return fields.getOrDefault(name, "");
    }

    /** The JSON body of the API call. */
    public byte[] body() {
        ObjectNode n = JSON.createObjectNode();
        if (disclosure()) {
            ObjectNode provider = n.putObject("thirdStateProvider");
            put(provider, "name", value("providerName"));
            put(provider, "country", value("providerCountry"));
            ArrayNode path = n.putArray("path");
            for (String line : value("path").split("\\R")) {
                if (line.isBlank()) {
                    continue;
                }
                int bar = line.lastIndexOf('|');
                ObjectNode hop = path.addObject();
                put(hop, "provider", bar < 0 ? line : line.substring(0, bar));
                if (bar >= 0) {
                    put(hop, "country", line.substring(bar + 1));
                }
            }
            put(n, "trafficDataSummary", value("trafficDataSummary"));
        } else {
            n.put("decision", action);
            fields.forEach((k, v) -> put(n, k, v));
        }
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void put(ObjectNode n, String name, String value) {
        if (value != null && !value.isBlank()) {
            n.put(name, value.strip());
        }
    }
}
