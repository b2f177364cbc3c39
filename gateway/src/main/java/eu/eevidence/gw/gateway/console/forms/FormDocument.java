package eu.eevidence.gw.gateway.console.forms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.eevidence.gw.schema.validation.ValidationCode;
import eu.eevidence.gw.schema.validation.Violation;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The request document a filled form stands for: exactly the JSON the API takes at {@code POST /api/v1/requests} (a bare
 * request, {@code {"type": ..., ...}}). Empty inputs are left out (so the API's validator reports a missing required field
 * with its own code and path); a required group is always written, even empty, so that each of its missing fields is
 * reported, not only the group. A value that cannot have its JSON type (a number that is not one, a date-time without a
 * zone, a value outside its enumeration) is left out too and reported with the code the API gives for it
 * ({@code EEG-JSON-TYPE}, {@code EEG-JSON-TIMESTAMP}) at the same path, so that every error is shown at once.
 */
final class FormDocument {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FormValues values;
    private final List<Violation> conversion = new ArrayList<>();

    private FormDocument(FormValues values) {
        this.values = values;
    }

    /** The document and the values that could not be converted. */
    record Built(ObjectNode document, List<Violation> conversionErrors) {
        byte[] bytes() {
            try {
                return JSON.writeValueAsBytes(document);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static Built build(FormModel model, FormValues values) {
        FormDocument d = new FormDocument(values);
        ObjectNode root = JSON.createObjectNode();
        root.put("type", model.type().name());
        d.fill(root, model.nodes(), "");
        return new Built(root, List.copyOf(d.conversion));
    }

    /** Fills {@code into} from the children; true when at least one value was written. */
    private boolean fill(ObjectNode into, List<FormNode> children, String prefix) {
        boolean any = false;
        for (FormNode n : children) {
            String local = n.name().substring(n.name().lastIndexOf('.') + 1);
            String path = prefix.isEmpty() ? local : prefix + "." + local;
            if (n instanceof FormNode.Group g && g.repeated()) {
                ArrayNode items = JSON.createArrayNode();
                ObjectNode firstEmpty = null;
                int count = values.instances(path);
                for (int i = 0; i < count; i++) {
                    ObjectNode item = JSON.createObjectNode();
                    if (fill(item, g.children(), path + "[" + i + "]")) {
                        items.add(item);
                    } else if (firstEmpty == null) {
                        firstEmpty = item;
                    }
                }
                boolean filled = !items.isEmpty();
                if (!filled && g.required() && firstEmpty != null) {
                    items.add(firstEmpty);
                }
                if (!items.isEmpty()) {
                    into.set(local, items);
                }
                any |= filled;
            } else if (n instanceof FormNode.Group g) {
                ObjectNode child = JSON.createObjectNode();
                boolean filled = fill(child, g.children(), path);
                if (filled || g.required()) {
                    into.set(local, child);
                }
                any |= filled;
            } else {
                any |= leaf(into, (FormNode.Field) n, local, path);
            }
        }
        return any;
    }

    private boolean leaf(ObjectNode into, FormNode.Field f, String local, String path) {
        if (f.kind() == FormNode.Kind.ENUM_SET) {
            List<String> chosen = values.all(path);
            if (chosen.isEmpty()) {
                return false;
            }
            ArrayNode arr = JSON.createArrayNode();
            for (String c : chosen) {
                if (f.options().contains(c)) {
                    arr.add(c);
                } else {
                    fail(path, ValidationCode.JSON_TYPE);
                }
            }
            into.set(local, arr);
            return true;
        }
        if (f.kind() == FormNode.Kind.LINES) {
            ArrayNode arr = JSON.createArrayNode();
            for (String line : values.first(path).split("\\R")) {
                if (!line.isBlank()) {
                    arr.add(line.strip());
                }
            }
            if (arr.isEmpty()) {
                return false;
            }
            into.set(local, arr);
            return true;
        }
        String raw = values.first(path);
        String v = f.kind() == FormNode.Kind.TEXT || f.kind() == FormNode.Kind.TEXTAREA ? raw : raw.strip();
        if (v.isBlank()) {
            return false;
        }
        JsonNode node = switch (f.kind()) {
            case INTEGER -> integer(v, path);
            case BOOLEAN -> v.equals("true") || v.equals("false") ? JSON.getNodeFactory().booleanNode(v.equals("true")) : fail(path, ValidationCode.JSON_TYPE);
            case ENUM, COUNTRY -> f.options().contains(v) || f.kind() == FormNode.Kind.COUNTRY ? JSON.getNodeFactory().textNode(v)
                    : fail(path, ValidationCode.JSON_TYPE);
            case DATETIME -> timestamp(v, values.first(FormValues.ZONE + path), path);
            default -> JSON.getNodeFactory().textNode(v);
        };
        if (node != null) {
            into.set(local, node);
        }
        return true; // a value was given, even one that could not be converted
    }

    private JsonNode integer(String v, String path) {
        if (!v.matches("^-?[0-9]{1,18}$")) {
            return fail(path, ValidationCode.JSON_TYPE);
        }
        return JSON.getNodeFactory().numberNode(Long.parseLong(v));
    }

    /** An ISO 8601 time stamp with offset as typed, or a browser's local date-time ({@code 2026-11-24T03:12}) in the chosen zone. */
    static String timestampText(String v, String zone) {
        try {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.parse(v));
        } catch (DateTimeException e) {
            // not an offset date-time: a local one with its zone
        }
        if (zone == null || zone.isBlank()) {
            return null;
        }
        try {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(LocalDateTime.parse(v).atZone(ZoneId.of(zone.strip())).toOffsetDateTime());
        } catch (DateTimeException e) {
            return null;
        }
    }

    private JsonNode timestamp(String v, String zone, String path) {
        String t = timestampText(v, zone);
        return t == null ? fail(path, ValidationCode.JSON_TIMESTAMP) : JSON.getNodeFactory().textNode(t);
    }

    private JsonNode fail(String path, ValidationCode code) {
        conversion.add(Violation.of("$." + path, code));
        return null;
    }
}
