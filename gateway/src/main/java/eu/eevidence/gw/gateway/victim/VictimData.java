package eu.eevidence.gw.gateway.victim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.eevidence.gw.schema.validation.Violation;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The protected metadata of one request (ADR-0037): its offence category and the optional victims' attributes. They are
 * given by the request's owner beside the message, never inside it: the platform or peer that executes the request has no
 * need for them (data minimisation), and they are special-category data (GDPR Art. 9, Directive (EU) 2016/680 Art. 10).
 *
 * <p>JSON: {@code {"offenceCategory": "NCII", "victim": {"sex": "FEMALE", "ageBand": "AGE_18_24", "minor": false,
 * "relationship": "FORMER_PARTNER", "disability": "NO"}}}; {@code victim} and each of its fields are optional.
 */
public record VictimData(OffenceCategory offenceCategory, VictimAttributes victim) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TOP = Set.of("offenceCategory", "victim");

    public VictimData {
        victim = victim == null ? VictimAttributes.NONE : victim;
    }

    /** The outcome of {@link #parse}: the data, or what is wrong (stable codes, never echoing the values given). */
    public record Parsed(VictimData data, List<Violation> violations) {
    }

    /** Parses and checks a body; nothing is kept from a body with violations. */
    public static Parsed parse(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            root = null;
        }
        if (root == null || !root.isObject()) {
            return invalid(new Violation("$", VictimError.FIELD.code(), "a JSON object with offenceCategory and, optionally, victim"));
        }
        List<Violation> v = new ArrayList<>();
        unknownFields(root, TOP, "$", v);
        OffenceCategory category = enumOf(OffenceCategory.class, root.get("offenceCategory"), "$.offenceCategory", VictimError.CATEGORY, v);
        if (category == null && v.stream().noneMatch(x -> x.path().equals("$.offenceCategory"))) {
            v.add(new Violation("$.offenceCategory", VictimError.CATEGORY.code(), "required: one of " + names(OffenceCategory.class)));
        }
        VictimAttributes attributes = attributes(root.get("victim"), v);
        if (!v.isEmpty()) {
            return new Parsed(null, List.copyOf(v));
        }
        return new Parsed(new VictimData(category, attributes), List.of());
    }

    private static VictimAttributes attributes(JsonNode node, List<Violation> v) {
        if (node == null || node.isNull()) {
            return VictimAttributes.NONE;
        }
        if (!node.isObject()) {
            v.add(new Violation("$.victim", VictimError.FIELD.code(), "an object with " + VictimAttributes.FIELDS));
            return VictimAttributes.NONE;
        }
        unknownFields(node, Set.copyOf(VictimAttributes.FIELDS), "$.victim", v);
        VictimAttributes.Sex sex = enumOf(VictimAttributes.Sex.class, node.get("sex"), "$.victim.sex", VictimError.VALUE, v);
        VictimAttributes.AgeBand age = enumOf(VictimAttributes.AgeBand.class, node.get("ageBand"), "$.victim.ageBand", VictimError.VALUE, v);
        Boolean minor = null;
        JsonNode m = node.get("minor");
        if (m != null && !m.isNull()) {
            if (m.isBoolean()) {
                minor = m.booleanValue();
            } else {
                v.add(new Violation("$.victim.minor", VictimError.VALUE.code(), "true or false"));
            }
        }
        VictimAttributes.Relationship rel = enumOf(VictimAttributes.Relationship.class, node.get("relationship"), "$.victim.relationship",
                VictimError.VALUE, v);
        VictimAttributes.Disability dis = enumOf(VictimAttributes.Disability.class, node.get("disability"), "$.victim.disability", VictimError.VALUE, v);
        if (minor != null && age != null && minor != age.minor()) {
            v.add(new Violation("$.victim.minor", VictimError.INCONSISTENT.code(), "minor contradicts the age band"));
        }
        return new VictimAttributes(sex, age, minor, rel, dis);
    }

    private static void unknownFields(JsonNode node, Set<String> known, String at, List<Violation> v) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!known.contains(f)) {
                // the name is echoed only when it is short and plain: never a value
                String shown = f.matches("[A-Za-z]{1,40}") ? f : "(unnamed)";
                v.add(new Violation(at + "." + shown, VictimError.FIELD.code(), "not a field of victim data; known: " + known));
            }
        }
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, JsonNode node, String path, VictimError code, List<Violation> v) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            for (E e : type.getEnumConstants()) {
                if (e.name().equals(node.textValue())) {
                    return e;
                }
            }
        }
        v.add(new Violation(path, code.code(), "one of " + names(type)));
        return null;
    }

    private static <E extends Enum<E>> List<String> names(Class<E> type) {
        List<String> out = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            out.add(e.name());
        }
        return out;
    }

    private static Parsed invalid(Violation v) {
        return new Parsed(null, List.of(v));
    }

    /** The JSON form (stored sealed, shown to those allowed). */
    public Map<String, Object> view() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("offenceCategory", offenceCategory.name());
        Map<String, Object> a = new LinkedHashMap<>();
        put(a, "sex", victim.sex());
        put(a, "ageBand", victim.ageBand());
        if (victim.minor() != null) {
            a.put("minor", victim.minor());
        }
        put(a, "relationship", victim.relationship());
        put(a, "disability", victim.disability());
        m.put("victim", a);
        return m;
    }

    private static void put(Map<String, Object> m, String k, Enum<?> e) {
        if (e != null) {
            m.put(k, e.name());
        }
    }

    /** The stored bytes (sealed by the store). */
    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(view());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads bytes written by {@link #toJson} (stored data are trusted to be valid). */
    public static VictimData fromJson(byte[] json) {
        Parsed p = parse(json);
        if (p.data() == null) {
            throw new IllegalStateException("stored victim data do not parse: " + p.violations().get(0).code());
        }
        return p.data();
    }

}
