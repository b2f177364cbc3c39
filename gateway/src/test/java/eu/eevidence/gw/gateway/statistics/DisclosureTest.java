package eu.eevidence.gw.gateway.statistics;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Adversarial checks of the protected releases (ADR-0037): an attacker who sees every published cell of a period's release
 * (all tables, all margins, all filters: a filtered query only selects cells of the same release) tries to recover a
 * suppressed cell by totals minus visible cells, by one table's margin against another table's parts, and by solving all
 * relations together (exact rational elimination, independent of the node's floating-point audit).
 */
public class DisclosureTest {

    public static final int K = 5;

    @Test
    void primarySuppressionAloneIsBrokenByTotalsMinusVisibleCells() {
        // negative first: a 2x2 table with one small cell, only that cell hidden
        Map<String, Long> counts = new LinkedHashMap<>(Map.of("a", 3L, "b", 10L, "c", 7L, "d", 9L, "ab", 13L, "cd", 16L, "ac", 10L,
                "bd", 19L, "t", 29L));
        List<Disclosure.Relation> rel = List.of(new Disclosure.Relation("ab", List.of("a", "b")), new Disclosure.Relation("cd", List.of("c", "d")),
                new Disclosure.Relation("ac", List.of("a", "c")), new Disclosure.Relation("bd", List.of("b", "d")),
                new Disclosure.Relation("t", List.of("ab", "cd")), new Disclosure.Relation("t", List.of("ac", "bd")));
        assertThat(Disclosure.determined(rel, Set.of("a"))).containsExactly("a");
        assertThat(exactlyDetermined(rel, Set.of("a"))).containsExactly("a");
        Disclosure.Result r = Disclosure.protect(counts, rel, K);
        assertThat(r.primary()).containsExactly("a");
        assertThat(r.suppressed()).hasSizeGreaterThanOrEqualTo(4); // a 2x2 pattern at least
        assertThat(exactlyDetermined(rel, r.suppressed())).isEmpty();
    }

    @Test
    void aCellHiddenBesideAnotherSmallOneIsStillBoundedTooTightly() {
        // one row: 2 + 1 + 40 = 43; hiding 2 and 1 leaves their sum 3 < K visible as 43 - 40
        Map<String, Long> counts = new LinkedHashMap<>(Map.of("x", 2L, "y", 1L, "z", 40L, "t", 43L));
        List<Disclosure.Relation> rel = List.of(new Disclosure.Relation("t", List.of("x", "y", "z")));
        Disclosure.Result r = Disclosure.protect(counts, rel, K);
        assertThat(r.suppressed()).contains("x", "y");
        assertThat(r.suppressed().contains("z") || r.suppressed().contains("t")).isTrue();
    }

    @Test
    void noSuppressedCellOfARandomReleaseCanBeRecomputed() {
        for (long seed = 1; seed <= 12; seed++) {
            Release release = Release.build("2026-Q3", randomUnits(new Random(seed), 20 + (int) (seed * 7)), K);
            attack(release, "seed " + seed);
        }
    }

    @Test
    void aReleaseOfOneVictimShowsNothingAboutHer() {
        Random rnd = new Random(99);
        List<Release.Unit> units = randomUnits(rnd, 40);
        Map<Dimension, String> her = new EnumMap<>(units.get(0).values());
        her.put(Dimension.OFFENCE_CATEGORY, "SEXTORTION");
        her.put(Dimension.AGE_BAND, "AGE_14_17");
        her.put(Dimension.MINOR, "YES");
        her.put(Dimension.RELATIONSHIP, "FORMER_PARTNER");
        List<Release.Unit> others = new ArrayList<>(units.stream().filter(u -> !u.values().get(Dimension.OFFENCE_CATEGORY).equals("SEXTORTION")).toList());
        others.add(new Release.Unit(her));
        Release release = Release.build("2026-Q3", others, K);
        attack(release, "one victim");
        for (Release.Table t : release.tables()) {
            for (Release.Cell c : t.cells()) {
                if ("SEXTORTION".equals(c.values().get(Dimension.OFFENCE_CATEGORY))) {
                    assertThat(c.count()).as(t.table().id() + " " + c.values()).isIn(null, 0L);
                }
            }
        }
    }

    static final String[] CATEGORIES = {"NCII", "CYBERSTALKING", "SEXTORTION", "DOXXING", "THREATS", "NOT_RECORDED"};
    static final String[] SEXES = {"FEMALE", "MALE", "NOT_STATED"};
    static final String[] AGES = {"AGE_14_17", "AGE_18_24", "AGE_25_34", "NOT_STATED"};

    static List<Release.Unit> randomUnits(Random rnd, int n) {
        List<Release.Unit> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<Dimension, String> v = new EnumMap<>(Dimension.class);
            v.put(Dimension.INSTRUMENT, rnd.nextInt(3) == 0 ? "ETS_185" : "EU_2023_1543");
            v.put(Dimension.PLATFORM, "platform-" + rnd.nextInt(3));
            v.put(Dimension.OUTCOME, Dimension.OUTCOME.domain().get(rnd.nextInt(rnd.nextBoolean() ? 2 : 5)));
            v.put(Dimension.OFFENCE_CATEGORY, CATEGORIES[Math.min(rnd.nextInt(8), CATEGORIES.length - 1)]);
            v.put(Dimension.SEX, SEXES[rnd.nextInt(4) == 0 ? rnd.nextInt(3) : 0]);
            String age = AGES[rnd.nextInt(AGES.length)];
            v.put(Dimension.AGE_BAND, age);
            v.put(Dimension.MINOR, age.equals("AGE_14_17") ? "YES" : age.equals("NOT_STATED") ? "NOT_STATED" : "NO");
            v.put(Dimension.RELATIONSHIP, rnd.nextBoolean() ? "FORMER_PARTNER" : "STRANGER");
            v.put(Dimension.DISABILITY, rnd.nextInt(10) == 0 ? "YES" : "NOT_STATED");
            out.add(new Release.Unit(v));
        }
        return out;
    }

    /** Everything an attacker can do with one release; fails if a suppressed cell is revealed or bounded below K. */
    public static void attack(Release release, String what) {
        Map<String, Long> published = new HashMap<>();
        Set<String> hidden = new LinkedHashSet<>();
        List<Disclosure.Relation> relations = new ArrayList<>();
        for (Release.Table t : release.tables()) {
            Map<String, Release.Cell> byKey = new LinkedHashMap<>();
            for (Release.Cell c : t.cells()) {
                String k = Release.key(c.values());
                byKey.put(k, c);
                Long before = published.put(k, c.count());
                assertThat(before == null || before.equals(c.count()) || !published.containsKey(k)).as(what + ": one cell, one value " + k).isTrue();
                if (c.suppressed()) {
                    hidden.add(k);
                } else {
                    assertThat(c.count()).as(what + ": no small cell published: " + t.table().id() + " " + c.values()).matches(n -> n == 0 || n >= K);
                }
            }
            // the attacker rebuilds the additive relations from the layout of the table alone
            for (Release.Cell c : t.cells()) {
                for (Dimension d : t.table().dimensions()) {
                    if (!c.values().get(d).equals(Dimension.TOTAL)) {
                        continue;
                    }
                    List<String> parts = new ArrayList<>();
                    for (Release.Cell p : t.cells()) {
                        if (!p.values().get(d).equals(Dimension.TOTAL) && sameExcept(p, c, d)) {
                            parts.add(Release.key(p.values()));
                        }
                    }
                    relations.add(new Disclosure.Relation(Release.key(c.values()), parts));
                }
            }
        }
        // totals minus visible cells (and one table's margin against another's parts): the hidden rest is 0 or >= K
        for (Disclosure.Relation r : relations) {
            long hiddenMembers = r.members().stream().filter(hidden::contains).count();
            assertThat(hiddenMembers).as(what + ": a relation with exactly one hidden cell: " + r).isNotEqualTo(1L);
            if (!hidden.contains(r.total())) {
                long rest = published.get(r.total()) - r.parts().stream().filter(p -> !hidden.contains(p)).mapToLong(published::get).sum();
                assertThat(rest).as(what + ": total minus visible parts " + r).matches(x -> x == 0 || x >= K);
            }
        }
        // all relations together, exactly
        assertThat(exactlyDetermined(relations, hidden)).as(what + ": suppressed cells the published ones determine").isEmpty();
    }

    private static boolean sameExcept(Release.Cell p, Release.Cell c, Dimension d) {
        for (Map.Entry<Dimension, String> e : c.values().entrySet()) {
            if (e.getKey() != d && !e.getValue().equals(p.values().get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** Hidden cells determined by the relations: exact rational reduced row echelon form (independent of the node's). */
    static Set<String> exactlyDetermined(List<Disclosure.Relation> relations, Set<String> hidden) {
        List<String> vars = new ArrayList<>(hidden);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < vars.size(); i++) {
            index.put(vars.get(i), i);
        }
        List<Frac[]> rows = new ArrayList<>();
        for (Disclosure.Relation r : relations) {
            long[] row = new long[vars.size()];
            boolean any = false;
            for (String p : r.parts()) {
                if (index.containsKey(p)) {
                    row[index.get(p)]++;
                    any = true;
                }
            }
            if (index.containsKey(r.total())) {
                row[index.get(r.total())]--;
                any = true;
            }
            if (any) {
                Frac[] f = new Frac[vars.size()];
                for (int j = 0; j < f.length; j++) {
                    f[j] = Frac.of(row[j]);
                }
                rows.add(f);
            }
        }
        int n = vars.size();
        int[] pivotRow = new int[n];
        java.util.Arrays.fill(pivotRow, -1);
        int row = 0;
        for (int col = 0; col < n && row < rows.size(); col++) {
            int p = -1;
            for (int r = row; r < rows.size(); r++) {
                if (!rows.get(r)[col].zero()) {
                    p = r;
                    break;
                }
            }
            if (p < 0) {
                continue;
            }
            java.util.Collections.swap(rows, row, p);
            Frac[] pr = rows.get(row);
            Frac inv = pr[col];
            for (int j = 0; j < n; j++) {
                pr[j] = pr[j].div(inv);
            }
            for (int r = 0; r < rows.size(); r++) {
                Frac[] o = rows.get(r);
                if (r != row && !o[col].zero()) {
                    Frac f = o[col];
                    for (int j = 0; j < n; j++) {
                        o[j] = o[j].sub(f.mul(pr[j]));
                    }
                }
            }
            pivotRow[col] = row++;
        }
        Set<String> out = new LinkedHashSet<>();
        for (int col = 0; col < n; col++) {
            if (pivotRow[col] < 0) {
                continue;
            }
            Frac[] r = rows.get(pivotRow[col]);
            boolean alone = true;
            for (int j = 0; j < n; j++) {
                alone &= j == col || r[j].zero();
            }
            if (alone) {
                out.add(vars.get(col));
            }
        }
        return out;
    }

    record Frac(BigInteger num, BigInteger den) {
        static Frac of(long v) {
            return new Frac(BigInteger.valueOf(v), BigInteger.ONE);
        }

        static Frac norm(BigInteger n, BigInteger d) {
            if (d.signum() < 0) {
                n = n.negate();
                d = d.negate();
            }
            BigInteger g = n.gcd(d);
            return g.signum() == 0 ? new Frac(BigInteger.ZERO, BigInteger.ONE) : new Frac(n.divide(g), d.divide(g));
        }

        boolean zero() {
            return num.signum() == 0;
        }

        Frac mul(Frac o) {
            return norm(num.multiply(o.num), den.multiply(o.den));
        }

        Frac div(Frac o) {
            return norm(num.multiply(o.den), den.multiply(o.num));
        }

        Frac sub(Frac o) {
            return norm(num.multiply(o.den).subtract(o.num.multiply(den)), den.multiply(o.den));
        }
    }
}
