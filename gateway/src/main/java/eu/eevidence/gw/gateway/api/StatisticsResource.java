package eu.eevidence.gw.gateway.api;

import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.http.Problems;
import eu.eevidence.gw.gateway.statistics.Dimension;
import eu.eevidence.gw.gateway.statistics.Release;
import eu.eevidence.gw.gateway.statistics.StatisticsError;
import eu.eevidence.gw.gateway.statistics.StatisticsService;
import eu.eevidence.gw.gateway.statistics.StatisticsTable;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/v1/statistics?period=2026-Q3[&table=offence-sex][&<dimension>=<value>...][&format=json|csv]} (ADR-0037):
 * one protected release per closed period; the table and the filters only select cells of that release, they never
 * compute new ones.
 */
@Path("/api/v1/statistics")
public final class StatisticsResource {

    private static final Set<String> PARAMS = Set.of("period", "table", "format");

    private final StatisticsService statistics;

    public StatisticsResource(StatisticsService statistics) {
        this.statistics = statistics;
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, "text/csv", Problems.MEDIA_TYPE})
    public Response get(@Context UriInfo uri) {
        ClientIdentity client = RequestResource.client();
        if (!client.hasAnyRole(statistics.settings().statisticsRoles())) {
            return Problems.of(403, StatisticsError.ROLE, "Forbidden", "statistics need one of the roles " + statistics.settings().statisticsRoles());
        }
        MultivaluedMap<String, String> q = uri.getQueryParameters();
        Map<Dimension, String> filter = new EnumMap<>(Dimension.class);
        for (Map.Entry<String, List<String>> e : q.entrySet()) {
            if (PARAMS.contains(e.getKey())) {
                continue;
            }
            Dimension d = Dimension.byParam(e.getKey());
            if (d == null || e.getValue().size() != 1 || !e.getValue().get(0).matches("[A-Za-z0-9_.:-]{1,64}")) {
                return Problems.of(422, StatisticsError.FILTER, "Invalid filter", "filters are one value of a dimension: "
                        + java.util.Arrays.stream(Dimension.values()).map(Dimension::param).toList());
            }
            filter.put(d, e.getValue().get(0));
        }
        String format = q.getFirst("format") == null ? "json" : q.getFirst("format");
        if (!format.equals("json") && !format.equals("csv")) {
            return Problems.of(422, StatisticsError.FORMAT, "Invalid format", "format is json or csv");
        }
        String tableId = q.getFirst("table");
        StatisticsTable table = tableId == null ? null : StatisticsTable.byId(tableId);
        if (tableId != null && table == null) {
            return Problems.of(422, StatisticsError.TABLE, "Unknown table", "the published tables are "
                    + java.util.Arrays.stream(StatisticsTable.values()).map(StatisticsTable::id).toList());
        }
        StatisticsService.Outcome o = statistics.release(q.getFirst("period"));
        if (o.refusal() != null) {
            return Problems.of(o.refusal().status(), o.refusal(), o.refusal().title(), o.refusal() == StatisticsError.PERIOD_OPEN
                    ? "statistics are published for ended periods only" : "period is a whole " + statistics.settings().granularity().name()
                    .toLowerCase(java.util.Locale.ROOT) + ", e.g. 2026-Q3 or 2026-07 (the deployment publishes one of the two)");
        }
        Release release = select(o.release(), table);
        if (format.equals("csv")) {
            return Response.ok(csv(release, filter).getBytes(StandardCharsets.UTF_8), "text/csv; charset=utf-8")
                    .header("Content-Disposition", "attachment; filename=\"statistics-" + release.period() + ".csv\"").build();
        }
        return Json.ok(200, StatisticsService.view(release, filter));
    }

    /** What the console shows: the release of {@code period}, or the API's problem answer (role, period). */
    public record ConsoleOutcome(Release release, Response problem) {
    }

    /** The release for the console page, with the API's role check and codes. */
    public ConsoleOutcome forConsole(String period) {
        ClientIdentity client = RequestResource.client();
        if (!client.hasAnyRole(statistics.settings().statisticsRoles())) {
            return new ConsoleOutcome(null, Problems.of(403, StatisticsError.ROLE, "Forbidden", "statistics need a statistics role"));
        }
        StatisticsService.Outcome o = statistics.release(period);
        if (o.refusal() != null) {
            return new ConsoleOutcome(null, Problems.of(o.refusal().status(), o.refusal(), o.refusal().title(), o.refusal() == StatisticsError.PERIOD_OPEN
                    ? "statistics are published for ended periods only" : "not a period of the published statistics"));
        }
        return new ConsoleOutcome(o.release(), null);
    }

    /** The period length the deployment publishes (QUARTER or MONTH). */
    public String granularity() {
        return statistics.settings().granularity().name();
    }

    private static Release select(Release r, StatisticsTable table) {
        if (table == null) {
            return r;
        }
        return new Release(r.period(), r.minCell(), r.tables().stream().filter(t -> t.table() == table).toList());
    }

    /** One row per cell: period, table, every dimension (empty when not of the table), count (empty when suppressed), suppressed. */
    static String csv(Release r, Map<Dimension, String> filter) {
        StringBuilder b = new StringBuilder("period,table");
        for (Dimension d : Dimension.values()) {
            b.append(',').append(d.param());
        }
        b.append(",count,suppressed\r\n");
        for (Release.Table t : r.tables()) {
            for (Release.Cell c : t.cells()) {
                if (!matches(c, filter)) {
                    continue;
                }
                List<String> row = new ArrayList<>(List.of(r.period(), t.table().id()));
                for (Dimension d : Dimension.values()) {
                    row.add(c.values().getOrDefault(d, ""));
                }
                row.add(c.suppressed() ? "" : String.valueOf(c.count()));
                row.add(String.valueOf(c.suppressed()));
                b.append(String.join(",", row)).append("\r\n");
            }
        }
        return b.toString();
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
}
