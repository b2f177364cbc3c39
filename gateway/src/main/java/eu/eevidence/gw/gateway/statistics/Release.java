package eu.eevidence.gw.gateway.statistics;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One protected release: every fixed table of one period with all margins, small cells and their complements suppressed
 * ({@link Disclosure}). A cell is identified by its values of the table's dimensions ({@link Dimension#TOTAL} for a
 * margin); the same cell in two tables (a shared margin) is one variable of the protection, and so always has the same
 * value and the same suppression.
 */
public record Release(String period, int minCell, List<Table> tables) {

    /** A table's cells in order; {@code count} null = suppressed. */
    public record Table(StatisticsTable table, List<Cell> cells) {
    }

    /** One cell: the value of each dimension of its table, and its count (null when suppressed). */
    public record Cell(Map<Dimension, String> values, Long count) {
        public boolean suppressed() {
            return count == null;
        }
    }

    /** One counted request: its value for every dimension. */
    public record Unit(Map<Dimension, String> values) {
    }

    /** The key of a cell: its non-total values in dimension order ("" for the grand total). */
    static String key(Map<Dimension, String> values) {
        StringBuilder b = new StringBuilder();
        for (Dimension d : Dimension.values()) {
            String v = values.get(d);
            if (v != null && !v.equals(Dimension.TOTAL)) {
                b.append(b.length() == 0 ? "" : "|").append(d.param()).append('=').append(v);
            }
        }
        return b.toString();
    }

    /** Computes and protects the release of {@code units} (the requests received in {@code period}). */
    public static Release build(String period, List<Unit> units, int minCell) {
        Map<Dimension, List<String>> domains = domains(units);
        Map<String, Map<Dimension, String>> cells = new LinkedHashMap<>();
        List<Disclosure.Relation> relations = new ArrayList<>();
        Map<StatisticsTable, List<Map<Dimension, String>>> layout = new LinkedHashMap<>();
        for (StatisticsTable t : StatisticsTable.values()) {
            List<Map<Dimension, String>> combos = combos(t.dimensions(), domains);
            layout.put(t, combos);
            for (Map<Dimension, String> c : combos) {
                cells.putIfAbsent(key(c), c);
            }
            for (Map<Dimension, String> c : combos) {
                for (Dimension d : t.dimensions()) {
                    if (c.get(d).equals(Dimension.TOTAL)) {
                        List<String> parts = new ArrayList<>();
                        for (String v : domains.get(d)) {
                            Map<Dimension, String> p = new EnumMap<>(c);
                            p.put(d, v);
                            parts.add(key(p));
                        }
                        relations.add(new Disclosure.Relation(key(c), parts));
                    }
                }
            }
        }
        Map<String, Long> counts = count(cells, units);
        Disclosure.Result protectedCells = Disclosure.protect(counts, distinct(relations), minCell);
        List<Table> tables = new ArrayList<>();
        layout.forEach((t, combos) -> {
            List<Cell> out = new ArrayList<>();
            for (Map<Dimension, String> c : combos) {
                String k = key(c);
                out.add(new Cell(c, protectedCells.hidden(k) ? null : counts.get(k)));
            }
            tables.add(new Table(t, out));
        });
        return new Release(period, minCell, List.copyOf(tables));
    }

    private static List<Disclosure.Relation> distinct(List<Disclosure.Relation> relations) {
        Map<String, Disclosure.Relation> byKey = new LinkedHashMap<>();
        for (Disclosure.Relation r : relations) {
            byKey.putIfAbsent(r.total() + "=" + r.parts(), r);
        }
        return List.copyOf(byKey.values());
    }

    private static Map<Dimension, List<String>> domains(List<Unit> units) {
        Map<Dimension, List<String>> domains = new EnumMap<>(Dimension.class);
        for (Dimension d : Dimension.values()) {
            if (d.domain().isEmpty()) {
                TreeSet<String> seen = new TreeSet<>();
                units.forEach(u -> seen.add(u.values().get(d)));
                domains.put(d, List.copyOf(seen));
            } else {
                domains.put(d, d.domain());
            }
        }
        return domains;
    }

    private static List<Map<Dimension, String>> combos(List<Dimension> dims, Map<Dimension, List<String>> domains) {
        List<Map<Dimension, String>> out = new ArrayList<>();
        out.add(new EnumMap<>(Dimension.class));
        for (Dimension d : dims) {
            List<Map<Dimension, String>> next = new ArrayList<>();
            for (Map<Dimension, String> partial : out) {
                List<String> values = new ArrayList<>(domains.get(d));
                values.add(Dimension.TOTAL);
                for (String v : values) {
                    Map<Dimension, String> m = new EnumMap<>(Dimension.class);
                    m.putAll(partial);
                    m.put(d, v);
                    next.add(m);
                }
            }
            out = next;
        }
        return out;
    }

    private static Map<String, Long> count(Map<String, Map<Dimension, String>> cells, List<Unit> units) {
        Map<String, Long> counts = new LinkedHashMap<>();
        cells.forEach((k, c) -> {
            long n = 0;
            for (Unit u : units) {
                if (matches(c, u)) {
                    n++;
                }
            }
            counts.put(k, n);
        });
        return counts;
    }

    private static boolean matches(Map<Dimension, String> cell, Unit u) {
        for (Map.Entry<Dimension, String> e : cell.entrySet()) {
            if (!e.getValue().equals(Dimension.TOTAL) && !e.getValue().equals(u.values().get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
