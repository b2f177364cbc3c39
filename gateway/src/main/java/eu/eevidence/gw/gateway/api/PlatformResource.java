package eu.eevidence.gw.gateway.api;

import eu.eevidence.gw.gateway.answer.AnswerResult;
import eu.eevidence.gw.gateway.answer.AnswerService;
import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.http.Problems;
import eu.eevidence.gw.gateway.order.PayloadFormat;
import eu.eevidence.gw.gateway.tracking.TrackingFilter;
import eu.eevidence.gw.gateway.tracking.TrackingQueries;
import eu.eevidence.gw.pki.Role;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import eu.eevidence.gw.gateway.trust.TrustError;

/**
 * The platform side of the node, for a platform legal team without its own integration (certificate role PLATFORM):
 * list the requests addressed to it, and answer them with catalogue messages (acknowledge, ask for clarification,
 * Form 3, confirm preservation, partial and final execution reports with the evidence manifest, refuse, postpone).
 */
@Path("/api/v1/platform")
public final class PlatformResource {

    private final AnswerService answers;
    private final TrackingQueries tracking;
    private final int maxBodyBytes;
    private final Clock clock;

    public PlatformResource(AnswerService answers, TrackingQueries tracking, int maxBodyBytes, Clock clock) {
        this.answers = answers;
        this.tracking = tracking;
        this.maxBodyBytes = maxBodyBytes;
        this.clock = clock;
    }

    /** Requests addressed to the caller's platform, soonest deadline first, paged. */
    @GET
    @Path("requests")
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    public Response requests(@QueryParam("state") List<String> states, @QueryParam("page") String page, @QueryParam("size") String size)
            throws SQLException {
        ClientIdentity client = RequestResource.client();
        if (!client.hasAnyRole(Set.of(Role.PLATFORM))) {
            return Problems.of(403, ApiError.AUTH_ROLE, "Forbidden", "the platform API needs the role PLATFORM");
        }
        List<String> platforms = answers.platformsOf(client);
        QueryParams.Parsed q = QueryParams.parse(states, null, null, null, null, null, null, page, size);
        if (!q.errors().isEmpty()) {
            return Problems.of(400, ApiError.QUERY_INVALID, "Invalid query", "the query parameters listed in errors are not valid", q.errors());
        }
        Instant now = clock.instant();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("platforms", platforms);
        if (platforms.isEmpty()) {
            body.put("items", List.of());
            body.put("hasMore", false);
            return Json.ok(200, body);
        }
        TrackingFilter f = q.filter();
        TrackingQueries.Page p = tracking.list(new TrackingFilter(f.states(), Set.of(), new LinkedHashSet<>(platforms), Set.of(), null, false,
                TrackingFilter.Sort.NEXT_DEADLINE, f.page(), f.size()), null, now);
        body.put("items", p.items().stream().map(r -> RequestResource.view(r, now)).toList());
        body.put("page", p.page());
        body.put("size", p.size());
        body.put("hasMore", p.hasMore());
        return Json.ok(200, body);
    }

    /**
     * An answer to a request: a catalogue envelope (JSON or XML) whose correlationId names the request, or the same signed
     * by the platform as CMS SignedData ({@code application/pkcs7-mime}, optionally AuthEnveloped to the node).
     */
    @POST
    @Path("answers")
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    public Response answer(@HeaderParam("Content-Type") String contentType, InputStream in) throws IOException, SQLException {
        ClientIdentity client = RequestResource.client();
        if (!client.hasAnyRole(Set.of(Role.PLATFORM))) {
            return Problems.of(403, ApiError.AUTH_ROLE, "Forbidden", "answering needs the role PLATFORM");
        }
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT).split(";")[0].trim();
        PayloadFormat format = type.equals("application/json") ? PayloadFormat.JSON
                : type.equals("application/xml") ? PayloadFormat.XML
                : type.equals("application/pkcs7-mime") || type.equals("application/cms") ? PayloadFormat.SIGNED_CMS : null;
        if (format == null) {
            return Problems.of(415, ApiError.HTTP_415, "Unsupported Media Type",
                    "send application/json or application/xml in UTF-8, or a CMS SignedData (optionally AuthEnveloped to the node) as application/pkcs7-mime");
        }
        byte[] bytes = in.readNBytes(maxBodyBytes + 1);
        if (bytes.length > maxBodyBytes) {
            return Problems.of(413, TrustError.HTTP_413, "Payload too large", "the body exceeds " + maxBodyBytes + " bytes");
        }
        if (format != PayloadFormat.SIGNED_CMS) {
            Response wide = TextBodies.wideRefusal(bytes); // ill-formed UTF-8: the codecs answer EEG-JSON-ENCODING / EEG-XML-ENCODING
            if (wide != null) {
                return wide;
            }
        }
        AnswerResult result = format == PayloadFormat.SIGNED_CMS ? answers.answerSigned(client, bytes) : answers.answer(client, bytes, format);
        if (result instanceof AnswerResult.Applied applied) {
            Map<String, Object> v = RequestResource.view(applied.request(), clock.instant());
            v.put("result", applied.outcome());
            v.put("duplicate", applied.duplicate());
            return Json.ok(applied.duplicate() ? 200 : 201, v);
        }
        AnswerResult.Rejected r = (AnswerResult.Rejected) result;
        String title = switch (r.status()) {
            case 400 -> "Malformed answer";
            case 403 -> "Forbidden";
            case 415 -> "Unsupported Media Type";
            case 503 -> "Service unavailable";
            case 404 -> "Not found";
            case 409 -> "Conflict";
            default -> "Invalid answer";
        };
        return Problems.of(r.status(), r.code(), title, r.message(), r.errors());
    }
}
