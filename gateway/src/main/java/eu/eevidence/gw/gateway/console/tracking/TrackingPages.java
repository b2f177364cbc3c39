package eu.eevidence.gw.gateway.console.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import eu.eevidence.gw.gateway.api.MetricsResource;
import eu.eevidence.gw.gateway.api.RequestResource;
import eu.eevidence.gw.gateway.console.ApiAnswer;
import eu.eevidence.gw.gateway.console.Console;
import eu.eevidence.gw.gateway.console.ConsolePage;
import eu.eevidence.gw.gateway.console.jte.tracking.JtecomplianceGenerated;
import eu.eevidence.gw.gateway.console.jte.tracking.JtelistGenerated;
import eu.eevidence.gw.gateway.order.RequestState;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.schema.MessageType;
import eu.eevidence.gw.schema.RequestFamily;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prosecutor tracking (issue 16 item 4): {@code /console/tracking} is {@code GET /api/v1/requests} as a page (a GET form whose
 * query parameters are the API's: state, type, platform, country, overdue, dueBefore, sort, page, size), with the CSV export of
 * the same filter ({@code /console/tracking/export.csv}, the API's CSV streamed through) and the compliance page
 * ({@code /console/tracking/compliance}, {@code GET /api/v1/metrics/compliance} with server-side SVG charts). Every answer is the
 * API resource's, called in-process with the identity of the current request: its role check, its scope (a submitter sees
 * its own requests, an auditor all), its {@code EEG-QUERY-*} codes.
 */
@Path("/console/tracking")
public final class TrackingPages {

    /** The API's readers of the tracking list ({@code RequestResource}): submitters (their own requests) and auditors. */
    public static final Set<Role> READERS = Set.of(Role.CONTACT_POINT, Role.JUDICIAL_AUTHORITY, Role.AUDITOR);
    /** The API's readers of the compliance figures ({@code MetricsResource}): any role of the network. */
    public static final Set<Role> METRICS_READERS = Set.of(Role.NODE, Role.CONTACT_POINT, Role.JUDICIAL_AUTHORITY, Role.AUDITOR);

    /** One row of the list, from the API's JSON. */
    public record Row(String id, String type, String platform, String party, String state, Instant receivedAt, Next next) {

        public String deadlineKind() {
            return next.kind();
        }

        public Instant deadlineAt() {
            return next.at();
        }

        public boolean overdue() {
            return next.overdue();
        }
    }

    /** The request's next deadline as the API shows it (null values when none). */
    public record Next(String kind, Instant at, boolean overdue) {
    }

    private final Console console;
    private final RequestResource requests;
    private final MetricsResource metrics;

    public TrackingPages(Console console, RequestResource requests, MetricsResource metrics) {
        this.console = console;
        this.requests = requests;
        this.metrics = metrics;
    }

    /** The list; its query parameters are the API's (state, type, platform, country, dueBefore, overdue, sort, page, size). */
    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response list(@Context UriInfo uri) throws Exception {
        ConsolePage p = console.page("trk.title", READERS);
        TrackingQuery q = TrackingQuery.of(uri.getQueryParameters());
        ApiAnswer a = ApiAnswer.of(requests.list(q.states(), q.types(), q.platforms(), q.countries(), q.dueBefore(), q.overdue(), q.sort(),
                q.page(), q.size()));
        if (!a.ok() && a.status() != 400) {
            return a.raw(); // the API's refusal, rendered as the console's error page with its code
        }
        List<Row> rows = a.ok() ? ApiAnswer.list(a.body().path("items")).stream().map(TrackingPages::row).toList() : List.of();
        boolean more = a.ok() && a.body().path("hasMore").asBoolean(false);
        Map<String, String> errors = a.ok() ? Map.of() : a.fieldErrors();
        String code = a.ok() ? null : a.code();
        return Console.html(a.ok() ? 200 : 400, out -> JtelistGenerated.render(out, null, p, q, rows, more, code, errors, requestTypes(),
                Arrays.stream(RequestState.values()).map(Enum::name).toList()));
    }

    /** The API's CSV of the current filter, streamed through as the API writes it (attachment {@code requests.csv}). */
    @GET
    @Path("export.csv")
    @Produces({"text/csv", MediaType.TEXT_HTML})
    public Response export(@Context UriInfo uri) {
        console.page("trk.title", READERS);
        TrackingQuery q = TrackingQuery.of(uri.getQueryParameters());
        return requests.export(q.states(), q.types(), q.platforms(), q.countries(), q.dueBefore(), q.overdue(), q.sort());
    }

    @GET
    @Path("compliance")
    @Produces(MediaType.TEXT_HTML)
    public Response compliance(@QueryParam("days") String days) throws Exception {
        ConsolePage p = console.page("trk.compliance.title", METRICS_READERS);
        ApiAnswer a = ApiAnswer.of(metrics.compliance(days));
        if (!a.ok() && a.status() != 400) {
            return a.raw();
        }
        Compliance c = a.ok() ? Compliance.of(a.body()) : Compliance.empty();
        String shownDays = days == null || days.isBlank() ? "90" : days.trim();
        String code = a.ok() ? null : a.code();
        String detail = a.ok() ? null : java.util.Objects.requireNonNullElse(a.detail(), "");
        return Console.html(a.ok() ? 200 : 400, out -> JtecomplianceGenerated.render(out, null, p, c, shownDays, code, detail));
    }

    /** The request types of the catalogue (not its lifecycle messages), for the type filter. */
    static List<String> requestTypes() {
        return Arrays.stream(MessageType.values()).filter(t -> t.family() != RequestFamily.LIFECYCLE).map(Enum::name).sorted().toList();
    }

    private static Row row(JsonNode n) {
        JsonNode next = n.path("nextDeadline");
        return new Row(ApiAnswer.text(n, "id"), ApiAnswer.text(n, "type"), ApiAnswer.text(n, "platformId"), ApiAnswer.text(n, "requestedParty"),
                ApiAnswer.text(n, "state"), ApiAnswer.instant(n, "receivedAt"),
                new Next(ApiAnswer.text(next, "kind"), ApiAnswer.instant(next, "at"), next.path("overdue").asBoolean(false)));
    }
}
