package eu.eevidence.gw.gateway.api;

import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.answer.AnswerService;
import eu.eevidence.gw.gateway.archive.ArchiveError;
import eu.eevidence.gw.gateway.archive.ArchiveStore;
import eu.eevidence.gw.gateway.http.Problems;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestRepository;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Archived requests are read only (ADR-0039): every write on {@code /api/v1/requests/{id}/...} or
 * {@code /api/v1/platform/requests/{id}/...} (actions, follow-ups, deadlines, correspondence, evidence uploads) of an
 * archived request is refused with 409 {@code EEG-ARCHIVE-READ-ONLY} before the resource runs, so nothing is stored. The
 * retention's own operations stay open ({@code legal-hold}, {@code purge}: archiving is not deletion), and the archive call.
 * Only a caller who may see the request (the resources' visibility check: its submitter or a reader role; for
 * {@code /platform/requests/{id}} the addressed platform) gets the 409; anyone else falls through to the resource's 404,
 * so the refusal does not tell a stranger that the id exists.
 */
@Provider
@Priority(Priorities.USER)
public final class ArchivedReadOnly implements ContainerRequestFilter {

    private static final Pattern WRITE = Pattern.compile("^/?api/v1/(platform/)?requests/([^/]+)/([^/]+).*$");

    private final RequestRepository requests;
    private final AnswerService answers;

    public ArchivedReadOnly(RequestRepository requests, AnswerService answers) {
        this.requests = requests;
        this.answers = answers;
    }

    @Override
    public void filter(ContainerRequestContext ctx) {
        String method = ctx.getMethod();
        if ("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method)) {
            return;
        }
        Matcher m = WRITE.matcher(ctx.getUriInfo().getPath());
        if (!m.matches() || isOpen(m.group(3))) {
            return;
        }
        String id = m.group(2);
        if (requests.database().read(c -> ArchiveStore.find(c, id)).isPresent() && maySee(m.group(1) != null, id)) {
            ctx.abortWith(Problems.of(409, ArchiveError.READ_ONLY, "Conflict",
                    "the request is archived and read only; nothing was stored"));
        }
    }

    /** The resources' own visibility check; a caller who may not see the request gets their 404 instead of the 409. */
    private boolean maySee(boolean platform, String id) {
        ClientIdentity client = ClientCertificateFilter.currentClient();
        Optional<RequestRecord> r = client == null ? Optional.empty() : requests.find(id);
        if (r.isEmpty()) {
            return false;
        }
        return platform ? answers.platformsOf(client).contains(r.get().platformId()) : RequestVisibility.visibleTo(client, r.get());
    }

    private static boolean isOpen(String sub) {
        return "archive".equals(sub) || "legal-hold".equals(sub) || "purge".equals(sub);
    }
}
