package eu.eevidence.gw.gateway.console.forms;

import eu.eevidence.gw.schema.MessageType;
import eu.eevidence.gw.schema.validation.Violation;

import java.security.SecureRandom;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What the form template renders for one request type: a flat list of rows (group start and end, fields, "add another"
 * buttons) with the posted values, each field's errors beside it and an error summary linking to each invalid field.
 * Errors are the API's violations, placed on the field whose name is their path ({@code $.identifiers[0].value} on
 * {@code identifiers[0].value}); a violation of a group or of a rule of the whole record lands on the nearest rendered
 * ancestor, and one naming nothing rendered stays in the summary only.
 *
 * @param type            the request type
 * @param idempotencyKey  the hidden key of this rendering (new for a new form; the posted one when shown again after errors)
 * @param rows            the rows in order
 * @param summary         every error, in the order of the form, each linking to its field
 */
public record FormPage(MessageType type, String idempotencyKey, List<Row> rows, List<SummaryItem> summary) {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Time zones offered beside a date-time: UTC and Europe's zones (a value with its own offset may also be typed). */
    public static final List<String> ZONES = zones();

    public FormPage {
        rows = List.copyOf(rows);
        summary = List.copyOf(summary);
    }

    public String legalBasis() {
        return type.legalBasis();
    }

    /** A fresh idempotency key: 128 random bits, base64url (fits the API's key syntax). */
    public static String newKey() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return "form-" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public enum RowKind { GROUP_START, GROUP_END, FIELD, ADD }

    /** An option of a choice. */
    public record Option(String value, String label, boolean selected) {
    }

    /**
     * The input of a FIELD row: its kind, the posted value (or chosen values as selected options), the schema's rules with the
     * pattern as HTML takes it, and for a date-time the name and choices of its time-zone companion. For an ADD row:
     * {@code zoneName} names the hidden instance count and {@code value} holds it.
     */
    public record Input(FormNode.Kind type, String value, List<Option> options, FormNode.Rules rules, String htmlPattern, String zoneName,
                        List<Option> zoneOptions) {
        public Input {
            options = options == null ? List.of() : List.copyOf(options);
            zoneOptions = zoneOptions == null ? List.of() : List.copyOf(zoneOptions);
            rules = rules == null ? FormNode.Rules.required(false) : rules;
        }
    }

    /** The help of a row: the id it is referenced by (aria-describedby), the legal provision, the format hint, the personal-data notice. */
    public record Help(String helpId, String article, String hint, boolean sensitive, String errorId) {
    }

    private static final Input NO_INPUT = new Input(null, null, null, null, null, null, null);

    /**
     * One row. For a FIELD: {@code id} of the input (of the first check box for a set), {@code name} the posted name, its
     * {@link Input} and {@link Help}. For a GROUP_START: a fieldset with {@code label} as legend. For an ADD: {@code name}
     * is the group to add to.
     */
    public record Row(RowKind kind, String id, String name, String label, boolean required, Input in, Help help, List<Violation> errors) {

        public Row {
            in = in == null ? NO_INPUT : in;
            help = help == null ? new Help(null, null, null, false, null) : help;
            errors = errors == null ? List.of() : List.copyOf(errors);
        }

        Row withErrors(List<Violation> found) {
            return new Row(kind, id, name, label, required, in, help, found);
        }

        public FormNode.Kind input() {
            return in.type();
        }

        public String value() {
            return in.value();
        }

        public List<Option> options() {
            return in.options();
        }

        public Integer maxLength() {
            return in.rules().maxLength();
        }

        public String htmlPattern() {
            return in.htmlPattern();
        }

        public Long min() {
            return in.rules().min();
        }

        public Long max() {
            return in.rules().max();
        }

        public String zoneName() {
            return in.zoneName();
        }

        public List<Option> zoneOptions() {
            return in.zoneOptions();
        }

        public String helpId() {
            return help.helpId();
        }

        public String article() {
            return help.article();
        }

        public String hint() {
            return help.hint();
        }

        public boolean sensitive() {
            return help.sensitive();
        }

        public String errorId() {
            return help.errorId();
        }

        public boolean hasErrors() {
            return !errors.isEmpty();
        }

        /** The ids the input is described by: its help, then its errors. */
        public String describedBy() {
            String s = (helpId() == null ? "" : helpId()) + (errors.isEmpty() ? "" : " " + errorId());
            return s.strip();
        }

        /** The message key of the label: {@code field.<component name>} (null for an instance of a repeated group). */
        public String labelKey() {
            if (name == null || name.endsWith("]")) {
                return null;
            }
            String local = name.substring(name.lastIndexOf('.') + 1);
            return "field." + local.replaceAll("\\[[0-9]+]", "");
        }

        /** For an instance of a repeated group: its number (1, 2, ...); else 0. */
        public int instance() {
            if (kind != RowKind.GROUP_START || name == null || !name.endsWith("]")) {
                return 0;
            }
            return Integer.parseInt(name.substring(name.lastIndexOf('[') + 1, name.length() - 1)) + 1;
        }

        /** The posted time zone of a date-time, or null (then the person's zone is preselected). */
        public String zone() {
            return zoneOptions().stream().filter(Option::selected).map(Option::value).findFirst().orElse(null);
        }

        /** The id of the n-th check box of a set. */
        public String optionId(int n) {
            return id + "-" + n;
        }
    }

    /**
     * One error in the summary; {@code target} the id to link to (null: no field to link), {@code row} the row it is on
     * (null: none), for the label in the person's language.
     */
    public record SummaryItem(String target, String label, Row row, String code, String message) {
    }

    /** A new, empty form with a fresh key; {@code counts} may ask for more instances of repeated groups ({@code _n:...}). */
    public static FormPage blank(FormModel model, FormValues counts) {
        return build(model, counts, List.of(), newKey());
    }

    /** The form as posted, with the violations beside their fields, keeping the posted key (nothing was stored under it). */
    public static FormPage withErrors(FormModel model, FormValues posted, List<Violation> violations) {
        String key = posted.idempotencyKey();
        return build(model, posted, violations, key == null ? newKey() : key);
    }

    static FormPage build(FormModel model, FormValues values, List<Violation> violations, String key) {
        List<Row> rows = new ArrayList<>();
        Builder b = new Builder(values, rows);
        b.nodes(model.nodes(), "");
        // place each violation on the nearest rendered row
        Map<String, Integer> byName = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            if (r.kind() == RowKind.FIELD || r.kind() == RowKind.GROUP_START) {
                byName.putIfAbsent(r.name(), i);
            }
        }
        Map<Integer, List<Violation>> placed = new LinkedHashMap<>();
        List<Violation> unplaced = new ArrayList<>();
        for (Violation v : violations) {
            Integer at = nearest(v.path(), byName);
            if (at == null) {
                unplaced.add(v);
            } else {
                placed.computeIfAbsent(at, k -> new ArrayList<>()).add(v);
            }
        }
        List<SummaryItem> summary = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            List<Violation> here = placed.get(i);
            if (here != null) {
                Row r = rows.get(i);
                rows.set(i, r.withErrors(here));
                String target = r.kind() == RowKind.FIELD && r.input() == FormNode.Kind.ENUM_SET ? r.optionId(0) : r.id();
                for (Violation v : here) {
                    summary.add(new SummaryItem(target, r.label(), r, v.code(), v.message()));
                }
            }
        }
        for (Violation v : unplaced) {
            summary.add(new SummaryItem(null, v.path(), null, v.code(), v.message()));
        }
        return new FormPage(model.type(), key, rows, summary);
    }

    /** {@code $.a.b[0].c} to the index of row {@code a.b[0].c}, else of its nearest rendered ancestor; null when none. */
    static Integer nearest(String path, Map<String, Integer> byName) {
        String p = path.startsWith("$.") ? path.substring(2) : path.startsWith("$") ? path.substring(1) : path;
        while (!p.isEmpty()) {
            Integer at = byName.get(p);
            if (at != null) {
                return at;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
        }
        return null;
    }

    /** An HTML id for a posted name: {@code identifiers[0].value} to {@code f-identifiers-0-value}. */
    static String id(String name) {
        return "f-" + name.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("-+$", "");
    }

    /**
     * The schema's Java pattern as an HTML {@code pattern} (matched as a whole with the {@code v} flag): anchors dropped,
     * {@code -} and {@code /} escaped inside classes; null when the pattern uses anything else this simple translation does
     * not vouch for (the server checks anyway).
     */
    static String htmlPattern(String java) {
        if (java == null) {
            return null;
        }
        String p = java.startsWith("^") ? java.substring(1) : java;
        p = p.endsWith("$") ? p.substring(0, p.length() - 1) : p;
        if (!p.matches("[A-Za-z0-9\\[\\]{}()^@.,:/_+*?|\\\\\\- ]*")) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        boolean inClass = false;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\' && i + 1 < p.length()) {
                out.append(c).append(p.charAt(++i));
                continue;
            }
            if (c == '[') {
                inClass = true;
            } else if (c == ']') {
                inClass = false;
            } else if (inClass && (c == '-' || c == '/') && !(c == '-' && i > 0 && p.charAt(i - 1) != '[' && i + 1 < p.length() && p.charAt(i + 1) != ']'
                    && Character.isLetterOrDigit(p.charAt(i - 1)) && Character.isLetterOrDigit(p.charAt(i + 1)))) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    private static List<String> zones() {
        TreeSet<String> europe = new TreeSet<>();
        for (String z : ZoneId.getAvailableZoneIds()) {
            if (z.startsWith("Europe/")) {
                europe.add(z);
            }
        }
        List<String> out = new ArrayList<>();
        out.add("UTC");
        out.addAll(europe);
        return List.copyOf(out);
    }

    /** Expands the model into rows for the posted values and instance counts. */
    private record Builder(FormValues values, List<Row> rows) {

        void nodes(List<FormNode> nodes, String prefix) {
            for (FormNode n : nodes) {
                String local = n.name().substring(n.name().lastIndexOf('.') + 1);
                String path = prefix.isEmpty() ? local : prefix + "." + local;
                if (n instanceof FormNode.Group g && g.repeated()) {
                    int count = values.instances(path);
                    rows.add(group(path, g));
                    for (int i = 0; i < count; i++) {
                        String item = path + "[" + i + "]";
                        rows.add(new Row(RowKind.GROUP_START, id(item), item, g.label() + " " + (i + 1), false, null,
                                new Help(null, null, null, false, id(item) + "-error"), null));
                        nodes(g.children(), item);
                        rows.add(end(item));
                    }
                    if (g.maxOccurs() == null || count < g.maxOccurs()) {
                        rows.add(new Row(RowKind.ADD, id(path) + "-add", path, g.label(), false,
                                new Input(null, String.valueOf(count), null, null, null, FormValues.COUNT + path, null), null, null));
                    }
                    rows.add(end(path));
                } else if (n instanceof FormNode.Group g) {
                    rows.add(group(path, g));
                    nodes(g.children(), path);
                    rows.add(end(path));
                } else {
                    rows.add(field((FormNode.Field) n, path));
                }
            }
        }

        private Row group(String path, FormNode.Group g) {
            String id = id(path);
            return new Row(RowKind.GROUP_START, id, path, g.label(), g.required(), null,
                    new Help(g.article() == null ? null : id + "-help", g.article(), null, false, id + "-error"), null);
        }

        private Row end(String path) {
            return new Row(RowKind.GROUP_END, id(path) + "-end", path, null, false, null, null, null);
        }

        private Row field(FormNode.Field f, String path) {
            String id = id(path);
            List<Option> options = new ArrayList<>();
            String value = values.first(path);
            if (f.kind() == FormNode.Kind.ENUM_SET) {
                List<String> chosen = values.all(path);
                for (String o : f.options()) {
                    options.add(new Option(o, optionLabel(o), chosen.contains(o)));
                }
            } else if (!f.options().isEmpty()) {
                for (String o : f.options()) {
                    String label = f.kind() == FormNode.Kind.BOOLEAN ? (o.equals("true") ? "Yes" : "No") : optionLabel(o);
                    options.add(new Option(o, f.kind() == FormNode.Kind.COUNTRY ? o : label, o.equals(value)));
                }
            }
            String zoneName = null;
            List<Option> zoneOptions = null;
            if (f.kind() == FormNode.Kind.DATETIME) {
                zoneName = FormValues.ZONE + path;
                String zone = values.first(zoneName);
                zoneOptions = ZONES.stream().map(z -> new Option(z, z, z.equals(zone))).toList();
            }
            boolean help = f.article() != null || f.hint() != null || f.sensitive();
            return new Row(RowKind.FIELD, id, path, f.label(), f.required(),
                    new Input(f.kind(), value, options, f.rules(), htmlPattern(f.pattern()), zoneName, zoneOptions),
                    new Help(help ? id + "-help" : null, f.article(), f.hint(), f.sensitive(), id + "-error"), null);
        }

        private static String optionLabel(String constant) {
            String s = constant.replace('_', ' ').toLowerCase(java.util.Locale.ROOT);
            return Character.toUpperCase(s.charAt(0)) + s.substring(1);
        }
    }
}
