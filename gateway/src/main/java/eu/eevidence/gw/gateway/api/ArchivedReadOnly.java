package eu.eevidence.gw.gateway.api;

import eu.eevidence.gw.gateway.archive.ArchiveError;
import eu.eevidence.gw.gateway.archive.ArchiveStore;
import eu.eevidence.gw.gateway.http.Problems;
import eu.eevidence.gw.gateway.order.RequestRepository;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Archived requests are read only (ADR-0039): every write on {@code /api/v1/requests/{id}/...} or
 * {@code /api/v1/platform/requests/{id}/...} (actions, follow-ups, deadlines, correspondence, evidence uploads) of an
 * archived request is refused with 409 {@code EEG-ARCHIVE-READ-ONLY} before the resource runs, so nothing is stored. The
 * retention's own operations stay open ({@code legal-hold}, {@code purge}: archiving is not deletion), and the archive call.
 */
@Provider
@Priority(Priorities.USER)
public final class ArchivedReadOnly implements ContainerRequestFilter {

    private static final Pattern WRITE = Pattern.compile("^/?api/v1/(?:platform/)?requests/([^/]+)/([^/]+).*$");

    private final RequestRepository requests;

    public ArchivedReadOnly(RequestRepository requests) {
        this.requests = requests;
    }

    @Override
    public void filter(ContainerRequestContext ctx) {
        String method = ctx.getMethod();
        if ("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method)) {
            return;
        }
        Matcher m = WRITE.matcher(ctx.getUriInfo().getPath());
        if (!m.matches() || isOpen(m.group(2))) {
            return;
        }
        String id = m.group(1);
        if (requests.database().read(c -> ArchiveStore.find(c, id)).isPresent()) {
            ctx.abortWith(Problems.of(409, ArchiveError.READ_ONLY, "Conflict",
                    "the request is archived and read only; nothing was stored"));
        }
    }

    private static boolean isOpen(String sub) {
        return "archive".equals(sub) || "legal-hold".equals(sub) || "purge".equals(sub);
    }
}
