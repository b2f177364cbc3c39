package eu.eevidence.gw.gateway.console.platform;

import com.fasterxml.jackson.databind.JsonNode;
import eu.eevidence.gw.gateway.console.Messages;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The order's content (the API's JSON of the stored order) as rows a person reads: one row per value, its label made of
 * the catalogue's field names along the path (translated from the console bundles' {@code field.*} keys where they exist,
 * else spelled out: {@code dataSought} to "Data sought"), enumeration values translated from {@code option.*}. Envelope
 * header fields come first under "Envelope"; the body's {@code type} is the page's title, not a row.
 */
public final class OrderFields {

    private static final int MAX_ROWS = 2000;

    /** One value: the section (top-level field), the label of its path below it, the value, its nesting depth. */
    public record Row(String section, String label, String value, int depth) {
    }

    private OrderFields() {
    }

    static List<Row> rows(JsonNode content, Messages m) {
        List<Row> out = new ArrayList<>();
        if (content == null || !content.isObject()) {
            return out;
        }
        JsonNode body = content.has("body") && content.get("body").isObject() ? content.get("body") : content;
        if (body != content) {
            for (String header : List.of("messageId", "correlationId", "createdAt", "sender", "receiver")) {
                if (content.hasNonNull(header)) {
                    walk(label(header, m), "", content.get(header), m, out, 0);
                }
            }
        }
        Iterator<Map.Entry<String, JsonNode>> it = body.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!f.getKey().equals("type")) {
                walk(label(f.getKey(), m), "", f.getValue(), m, out, 0);
            }
        }
        return out;
    }

    private static void walk(String section, String label, JsonNode n, Messages m, List<Row> out, int depth) {
        if (out.size() >= MAX_ROWS || n == null || n.isNull()) {
            return;
        }
        if (n.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = n.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String l = label(e.getKey(), m);
                walk(section, label.isEmpty() ? l : label + " › " + l, e.getValue(), m, out, depth + 1);
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                JsonNode x = n.get(i);
                String l = (label.isEmpty() ? "" : label + " ") + (i + 1);
                if (x.isValueNode()) {
                    out.add(new Row(section, l, value(x, m), depth + 1));
                } else {
                    walk(section, l, x, m, out, depth + 1);
                }
            }
        } else {
            out.add(new Row(section, label, value(n, m), depth));
        }
    }

    private static String value(JsonNode n, Messages m) {
        String v = n.asText();
        return v.matches("[A-Z][A-Z0-9_]+") ? m.getOr("option." + v, v) : v;
    }

    /** The field's label: {@code field.<name>} from the bundles, else the name spelled out. */
    static String label(String name, Messages m) {
        return m.getOr("field." + name, spelled(name));
    }

    /** {@code dataSought} to "Data sought". */
    static String spelled(String name) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (Character.isUpperCase(ch) && i > 0) {
                sb.append(' ').append(Character.toLowerCase(ch));
            } else {
                sb.append(i == 0 ? Character.toUpperCase(ch) : ch);
            }
        }
        return sb.toString();
    }
}
