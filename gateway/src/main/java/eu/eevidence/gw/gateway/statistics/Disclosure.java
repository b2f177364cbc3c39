package eu.eevidence.gw.gateway.statistics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Statistical disclosure control of one release of linked tables (ADR-0037): primary suppression of every cell with
 * {@code 0 < count < minCell}, then complementary (secondary) suppression until
 * <ol>
 * <li>no suppressed cell can be computed exactly from the published cells through the additive relations of the release
 * (every margin = the sum of its parts), checked by exact elimination over all relations of all tables at once (so that
 * totals minus visible cells, or one table's margin against another's parts, reveal nothing), and</li>
 * <li>in every relation whose total is published, the suppressed parts together hold at least {@code minCell} (or none):
 * otherwise their sum, total minus the visible parts, would itself be a small count.</li>
 * </ol>
 * The method is cell suppression as described by the Eurostat/ESSnet Handbook on Statistical Disclosure Control (2010),
 * ch. 4 (threshold rule, secondary suppression) and the ONS guidance on disclosure control for tables; complements are
 * chosen smallest first (least information lost), parts before margins.
 */
public final class Disclosure {

    private Disclosure() {
    }

    /** One additive relation: {@code total = sum(parts)}, by cell key. */
    public record Relation(String total, List<String> parts) {
        public Relation {
            parts = List.copyOf(parts);
        }

        List<String> members() {
            List<String> m = new ArrayList<>(parts);
            m.add(total);
            return m;
        }
    }

    /** The outcome: which cells are suppressed, and why (primary: small; the rest: complements). */
    public record Result(Set<String> primary, Set<String> suppressed) {
        public boolean hidden(String cell) {
            return suppressed.contains(cell);
        }
    }

    /** Protects {@code counts} (every cell of the release by key) under {@code relations}. */
    public static Result protect(Map<String, Long> counts, List<Relation> relations, int minCell) {
        Set<String> primary = new LinkedHashSet<>();
        counts.forEach((k, v) -> {
            if (v > 0 && v < minCell) {
                primary.add(k);
            }
        });
        Set<String> hidden = new LinkedHashSet<>(primary);
        boolean changed = true;
        while (changed) {
            changed = protectSums(counts, relations, minCell, hidden);
            if (!changed) {
                changed = protectExact(counts, relations, hidden);
            }
        }
        return new Result(Set.copyOf(primary), Set.copyOf(hidden));
    }

    /** Rule 2: one complement per relation whose hidden parts hold less than minCell; true when one was added. */
    private static boolean protectSums(Map<String, Long> counts, List<Relation> relations, int minCell, Set<String> hidden) {
        boolean changed = false;
        for (Relation r : relations) {
            long hiddenCells = r.members().stream().filter(hidden::contains).count();
            if (hiddenCells == 0) {
                continue;
            }
            boolean totalShown = !hidden.contains(r.total());
            long hiddenSum = r.parts().stream().filter(hidden::contains).mapToLong(counts::get).sum();
            if (hiddenCells == 1 || (totalShown && hiddenSum > 0 && hiddenSum < minCell)) {
                String c = complement(counts, r, hidden);
                if (c != null) {
                    hidden.add(c);
                    changed = true;
                }
            }
        }
        return changed;
    }

    /** Rule 1: complements for every hidden cell the published cells determine; true when one was added. */
    private static boolean protectExact(Map<String, Long> counts, List<Relation> relations, Set<String> hidden) {
        Set<String> determined = determined(relations, hidden);
        boolean changed = false;
        for (String cell : determined) {
            Relation best = null;
            for (Relation r : relations) {
                if (r.members().contains(cell) && complement(counts, r, hidden) != null
                        && (best == null || hiddenIn(r, hidden) < hiddenIn(best, hidden))) {
                    best = r;
                }
            }
            if (best != null) {
                hidden.add(complement(counts, best, hidden));
                changed = true;
            } else {
                changed |= hideRelationsOf(cell, relations, hidden); // never reached in tests; a release never leaks a cell
            }
        }
        return changed;
    }

    /** Last resort for a determined cell without a single visible complement: hide whatever its relations publish. */
    private static boolean hideRelationsOf(String cell, List<Relation> relations, Set<String> hidden) {
        boolean changed = false;
        for (Relation r : relations) {
            if (r.members().contains(cell)) {
                changed |= hidden.addAll(r.members());
            }
        }
        return changed;
    }

    private static long hiddenIn(Relation r, Set<String> hidden) {
        return r.members().stream().filter(hidden::contains).count();
    }

    /** The visible member to hide with the others: smallest positive part, else a zero part, else the total. */
    private static String complement(Map<String, Long> counts, Relation r, Set<String> hidden) {
        Comparator<String> bySize = Comparator.comparingLong(counts::get);
        String positive = r.parts().stream().filter(p -> !hidden.contains(p) && counts.get(p) > 0).min(bySize.thenComparing(p -> p)).orElse(null);
        if (positive != null) {
            return positive;
        }
        if (!hidden.contains(r.total())) {
            return r.total();
        }
        return r.parts().stream().filter(p -> !hidden.contains(p)).min(Comparator.naturalOrder()).orElse(null);
    }

    /**
     * The hidden cells whose value follows exactly from the published ones: cell {@code x} is determined when the unit
     * vector of {@code x} lies in the row space of the relations restricted to the hidden cells (reduced row echelon form:
     * its pivot row has no other non-zero entry).
     */
    public static Set<String> determined(List<Relation> relations, Set<String> hidden) {
        List<String> vars = new ArrayList<>(hidden);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < vars.size(); i++) {
            index.put(vars.get(i), i);
        }
        List<double[]> rows = new ArrayList<>();
        for (Relation r : relations) {
            double[] row = new double[vars.size()];
            boolean any = false;
            for (String p : r.parts()) {
                Integer i = index.get(p);
                if (i != null) {
                    row[i] += 1;
                    any = true;
                }
            }
            Integer t = index.get(r.total());
            if (t != null) {
                row[t] -= 1;
                any = true;
            }
            if (any) {
                rows.add(row);
            }
        }
        double[][] m = rows.toArray(new double[0][]);
        int[] pivotRowOf = rref(m, vars.size());
        Set<String> out = new LinkedHashSet<>();
        for (int col = 0; col < vars.size(); col++) {
            int row = pivotRowOf[col];
            if (row >= 0 && alone(m[row], col)) {
                out.add(vars.get(col));
            }
        }
        return out;
    }

    private static final double EPS = 1e-9;

    private static boolean alone(double[] row, int col) {
        for (int j = 0; j < row.length; j++) {
            if (j != col && Math.abs(row[j]) > EPS) {
                return false;
            }
        }
        return true;
    }

    /** Reduces {@code m} in place; returns, per column, its pivot row or -1. */
    private static int[] rref(double[][] m, int cols) {
        int[] pivotRowOf = new int[cols];
        java.util.Arrays.fill(pivotRowOf, -1);
        int row = 0;
        for (int col = 0; col < cols && row < m.length; col++) {
            int best = -1;
            for (int r = row; r < m.length; r++) {
                if (Math.abs(m[r][col]) > EPS && (best < 0 || Math.abs(m[r][col]) > Math.abs(m[best][col]))) {
                    best = r;
                }
            }
            if (best < 0) {
                continue;
            }
            double[] tmp = m[row];
            m[row] = m[best];
            m[best] = tmp;
            double p = m[row][col];
            for (int j = 0; j < cols; j++) {
                m[row][j] /= p;
            }
            for (int r = 0; r < m.length; r++) {
                if (r != row && Math.abs(m[r][col]) > EPS) {
                    double f = m[r][col];
                    for (int j = 0; j < cols; j++) {
                        m[r][j] -= f * m[row][j];
                    }
                }
            }
            pivotRowOf[col] = row;
            row++;
        }
        return pivotRowOf;
    }
}
