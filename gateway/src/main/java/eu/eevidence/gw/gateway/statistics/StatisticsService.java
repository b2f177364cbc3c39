package eu.eevidence.gw.gateway.statistics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.eevidence.gw.gateway.order.RequestState;
import eu.eevidence.gw.gateway.victim.VictimAttributes;
import eu.eevidence.gw.gateway.victim.VictimData;
import eu.eevidence.gw.gateway.victim.VictimDataStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Disaggregated statistics without re-identification (CM/Rec(2026)2 paras. 21, 38.6; ADR-0037): per closed period one
 * release of the fixed tables, protected by {@link Disclosure}, frozen at its first computation and served unchanged after
 * (a later purge or a late answer never produces a second, differing version of the same period).
 */
public final class StatisticsService {

    private static final Logger LOG = LoggerFactory.getLogger(StatisticsService.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StatisticsStore store;
    private final VictimDataStore victims;
    private final StatisticsSettings settings;
    private final Clock clock;

    public StatisticsService(StatisticsStore store, VictimDataStore victims, StatisticsSettings settings, Clock clock) {
        this.store = store;
        this.victims = victims;
        this.settings = settings;
        this.clock = clock;
    }

    public StatisticsSettings settings() {
        return settings;
    }

    /** The outcome of {@link #release}: the release, or the code why there is none. */
    public record Outcome(Release release, StatisticsError refusal) {
    }

    /** The release of the period named {@code periodText}. */
    public Outcome release(String periodText) {
        StatisticsPeriod period = StatisticsPeriod.parse(periodText, settings.granularity()).orElse(null);
        if (period == null) {
            return new Outcome(null, StatisticsError.PERIOD);
        }
        Instant now = clock.instant();
        if (!period.closed(now)) {
            return new Outcome(null, StatisticsError.PERIOD_OPEN);
        }
        byte[] frozen = store.release(period.name()).orElse(null);
        if (frozen == null) {
            Release computed = compute(period);
            byte[] body = toJson(computed);
            if (store.freeze(period.name(), settings.minCell(), body, now)) {
                LOG.info(StatisticsError.RELEASED.code() + " statistics of {} released (minimum cell {})", period.name(), settings.minCell());
            }
            frozen = store.release(period.name()).orElseThrow();
        }
        return new Outcome(fromJson(frozen), null);
    }

    private Release compute(StatisticsPeriod period) {
        Map<String, VictimData> data = victims.receivedBetween(period.from(), period.to());
        List<Release.Unit> units = new ArrayList<>();
        for (StatisticsStore.Counted r : store.received(period.from(), period.to())) {
            units.add(unit(r, data.get(r.id())));
        }
        return Release.build(period.name(), units, settings.minCell());
    }

    static Release.Unit unit(StatisticsStore.Counted r, VictimData d) {
        Map<Dimension, String> v = new EnumMap<>(Dimension.class);
        v.put(Dimension.INSTRUMENT, Dimension.instrumentOf(r.messageType()));
        v.put(Dimension.PLATFORM, r.platformId());
        v.put(Dimension.OUTCOME, outcome(r));
        VictimAttributes a = d == null ? VictimAttributes.NONE : d.victim();
        v.put(Dimension.OFFENCE_CATEGORY, d == null ? Dimension.NOT_RECORDED : d.offenceCategory().name());
        v.put(Dimension.SEX, name(a.sex()));
        v.put(Dimension.AGE_BAND, name(a.ageBand()));
        Boolean minor = a.minorOrImplied();
        v.put(Dimension.MINOR, minor == null ? Dimension.NOT_STATED : minor ? "YES" : "NO");
        v.put(Dimension.RELATIONSHIP, name(a.relationship()));
        v.put(Dimension.DISABILITY, name(a.disability()));
        return new Release.Unit(v);
    }

    private static String name(Enum<?> e) {
        return e == null ? Dimension.NOT_STATED : e.name();
    }

    /** COMPLIED: completed with no deadline breached; COMPLETED_LATE: completed after a breach; REFUSED; ENDED_OTHERWISE; OPEN. */
    static String outcome(StatisticsStore.Counted r) {
        RequestState s = RequestState.valueOf(r.state());
        if (s == RequestState.COMPLETED) {
            return r.breached() ? "COMPLETED_LATE" : "COMPLIED";
        }
        if (s == RequestState.REFUSED) {
            return "REFUSED";
        }
        return s.isTerminal() ? "ENDED_OTHERWISE" : "OPEN";
    }

    static byte[] toJson(Release r) {
        try {
            return JSON.writeValueAsBytes(view(r, Map.of()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JSON view of a release, keeping only the cells that match {@code filter} (dimension -> value). */
    public static Map<String, Object> view(Release r, Map<Dimension, String> filter) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("period", r.period());
        m.put("minCell", r.minCell());
        List<Object> tables = new ArrayList<>();
        for (Release.Table t : r.tables()) {
            Map<String, Object> tm = new LinkedHashMap<>();
            tm.put("table", t.table().id());
            tm.put("dimensions", t.table().dimensions().stream().map(Dimension::param).toList());
            List<Object> cells = new ArrayList<>();
            for (Release.Cell c : t.cells()) {
                if (!matches(c, filter)) {
                    continue;
                }
                Map<String, Object> cm = new LinkedHashMap<>();
                c.values().forEach((d, v) -> cm.put(d.param(), v));
                cm.put("count", c.count());
                cm.put("suppressed", c.suppressed());
                cells.add(cm);
            }
            tm.put("cells", cells);
            tables.add(tm);
        }
        m.put("tables", tables);
        return m;
    }

    private static boolean matches(Release.Cell c, Map<Dimension, String> filter) {
        for (Map.Entry<Dimension, String> f : filter.entrySet()) {
            String v = c.values().get(f.getKey());
            if (v != null && !v.equals(f.getValue())) {
                return false;
            }
        }
        return true;
    }

    static Release fromJson(byte[] body) {
        try {
            JsonNode root = JSON.readTree(body);
            List<Release.Table> tables = new ArrayList<>();
            for (JsonNode t : root.get("tables")) {
                StatisticsTable table = StatisticsTable.byId(t.get("table").asText());
                List<Release.Cell> cells = new ArrayList<>();
                for (JsonNode c : t.get("cells")) {
                    Map<Dimension, String> values = new EnumMap<>(Dimension.class);
                    for (Iterator<Map.Entry<String, JsonNode>> it = c.fields(); it.hasNext();) {
                        Map.Entry<String, JsonNode> f = it.next();
                        Dimension d = Dimension.byParam(f.getKey());
                        if (d != null) {
                            values.put(d, f.getValue().asText());
                        }
                    }
                    cells.add(new Release.Cell(values, c.get("count").isNull() ? null : c.get("count").asLong()));
                }
                tables.add(new Release.Table(table, List.copyOf(cells)));
            }
            return new Release(root.get("period").asText(), root.get("minCell").asInt(), List.copyOf(tables));
        } catch (IOException e) {
            throw new IllegalStateException("a frozen statistics release does not parse", e);
        }
    }
}
