package eu.eevidence.gw.gateway.console.statistics;

import eu.eevidence.gw.gateway.api.StatisticsResource;
import eu.eevidence.gw.gateway.console.Console;
import eu.eevidence.gw.gateway.console.ConsolePage;
import eu.eevidence.gw.gateway.console.jte.statistics.JtestatisticsGenerated;
import eu.eevidence.gw.gateway.statistics.Release;
import eu.eevidence.gw.pki.Role;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Set;

/**
 * {@code /console/statistics} (ADR-0037): a period's protected statistics release, every fixed table with its suppressed
 * cells marked, and links to the JSON and CSV exports of the API. Everything comes from {@link StatisticsResource}
 * in-process, so the role check and every refusal code are the API's.
 */
@Path("/console/statistics")
public final class StatisticsPages {

    static final Set<Role> READERS = Set.of(Role.AUDITOR);

    private final Console console;
    private final StatisticsResource api;

    public StatisticsPages(Console console, StatisticsResource api) {
        this.console = console;
        this.api = api;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response page(@QueryParam("period") String period) {
        Release release = null;
        String asked = period == null ? "" : period.strip();
        if (!asked.isEmpty()) {
            StatisticsResource.ConsoleOutcome o = api.forConsole(asked);
            if (o.problem() != null) {
                return o.problem();
            }
            release = o.release();
        }
        ConsolePage page = console.page("statistics.title", READERS);
        Release shown = release;
        return Console.html(200, out -> JtestatisticsGenerated.render(out, null, page, asked, api.granularity(), shown));
    }

    /** The text of a cell: its count, or the suppression mark. */
    public static String cell(Release.Cell c) {
        return c.suppressed() ? "\u2022" : String.valueOf(c.count());
    }
}
