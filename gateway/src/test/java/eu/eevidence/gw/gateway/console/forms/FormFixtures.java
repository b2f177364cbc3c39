package eu.eevidence.gw.gateway.console.forms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.eevidence.gw.schema.MessageType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Filled forms for tests: the valid request of the message-schemas corpus of each type, as a browser would post it. */
final class FormFixtures {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path CORPUS = Path.of("..", "message-schemas", "src", "test", "resources", "corpus");

    private FormFixtures() {
    }

    /** The body of the corpus's valid envelope of {@code type}. */
    static JsonNode validBody(MessageType type) throws IOException {
        return JSON.readTree(Files.readAllBytes(CORPUS.resolve(type.name()).resolve("valid.json"))).get("body");
    }

    /** The posted fields that fill {@code type}'s form with {@code body} (the request's JSON). */
    static Map<String, List<String>> posted(JsonNode body, String key) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        flatten(body, "", out);
        out.remove("type");
        if (key != null) {
            out.put(FormValues.KEY, List.of(key));
        }
        return out;
    }

    private static void flatten(JsonNode n, String path, Map<String, List<String>> out) {
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), out);
            }
        } else if (n.isArray()) {
            List<String> scalars = new ArrayList<>();
            for (int i = 0; i < n.size(); i++) {
                if (n.get(i).isValueNode()) {
                    scalars.add(n.get(i).asText());
                } else {
                    flatten(n.get(i), path + "[" + i + "]", out);
                }
            }
            if (!scalars.isEmpty()) {
                out.put(path, scalars);
            }
        } else if (!n.isNull()) {
            out.put(path, List.of(n.asText()));
        }
    }
}
