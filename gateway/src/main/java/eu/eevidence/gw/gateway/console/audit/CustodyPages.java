package eu.eevidence.gw.gateway.console.audit;

import eu.eevidence.gw.gateway.api.CustodyRecordsResource;
import eu.eevidence.gw.gateway.console.Console;
import eu.eevidence.gw.gateway.console.ConsolePage;
import eu.eevidence.gw.gateway.console.requests.Alarms;
import eu.eevidence.gw.gateway.console.ConsoleResource;
import eu.eevidence.gw.gateway.console.jte.audit.JtecustodyGenerated;
import eu.eevidence.gw.gateway.console.jte.audit.JtecustodyRequestGenerated;
import eu.eevidence.gw.gateway.custody.RequestCustody;
import eu.eevidence.gw.pki.Role;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Set;

/**
 * The auditor's console pages (issue 16 item 6; docs/design/console.md "Auditor"), AUDITOR only:
 * <ul>
 *   <li>{@code /console/custody}: the custody log's size, its latest signed checkpoint, the node's check of its signature
 *       and (proofs.js) the browser's own check with WebCrypto Ed25519; a field to open a request's custody;</li>
 *   <li>{@code /console/custody/requests/{id}}: the request's custody records as {@code GET /api/v1/custody/requests/{id}}
 *       gives them to auditors, each verified in the browser (proofs.js: RFC 6962 inclusion proof against the signed
 *       checkpoint, commitment of the record, request id of the entry), and the download of the offline bundle.</li>
 * </ul>
 * Everything comes from {@link CustodyRecordsResource} in-process, so the role check and every refusal code are the API's.
 */
@Path("/console/custody")
public final class CustodyPages {

    static final Set<Role> AUDITORS = Set.of(Role.AUDITOR);

    private final Console console;
    private final CustodyRecordsResource api;

    public CustodyPages(Console console, CustodyRecordsResource api) {
        this.console = console;
        this.api = api;
    }

    /** The auditor's home page: the log's status. */
    public ConsoleResource.RoleHome home() {
        return new ConsoleResource.RoleHome(AUDITORS, this::status);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response status() {
        CustodyRecordsResource.Outcome refused = api.statusRefusal();
        if (refused instanceof CustodyRecordsResource.Refused r) {
            return r.problem();
        }
        ConsolePage page = console.page("custody.title", AUDITORS);
        RequestCustody.Status s = api.status();
        List<Alarms.Alarm> alarms = Alarms.witness(api.witnessAlarms());
        return Console.html(200, out -> JtecustodyGenerated.render(out, null, page, s, alarms));
    }

    /**
     * The request-id field of the status page (GET form): the request's page itself, not a redirect (a 303's Location is made
     * absolute from the node's public URL, which a browser on another name for the node would take as another origin, and
     * CSP {@code form-action 'self'} would block the form). The id is the API's to judge (404 {@code EEG-REQ-NOT-FOUND}).
     */
    @GET
    @Path("requests")
    @Produces(MediaType.TEXT_HTML)
    public Response open(@QueryParam("id") String id) throws Exception {
        return request(id == null ? "" : id.strip());
    }

    @GET
    @Path("requests/{id}")
    @Produces(MediaType.TEXT_HTML)
    public Response request(@PathParam("id") String id) throws Exception {
        CustodyRecordsResource.Outcome o = api.load(id);
        if (o instanceof CustodyRecordsResource.Refused r) {
            return r.problem();
        }
        RequestCustody.Snapshot s = ((CustodyRecordsResource.Found) o).snapshot();
        ConsolePage page = console.page("custody.request.title", AUDITORS);
        return Console.html(200, out -> JtecustodyRequestGenerated.render(out, null, page, s));
    }

    /** True for a state an entry does not name (none, or empty). */
    public static boolean blank(String state) {
        return state == null || state.isEmpty();
    }
}
