package eu.eevidence.gw.gateway.api;

import eu.eevidence.gw.gateway.answer.AnswerResult;
import eu.eevidence.gw.gateway.answer.AnswerService;
import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.http.Problems;
import eu.eevidence.gw.gateway.order.PayloadFormat;
import eu.eevidence.gw.gateway.intake.RequestIds;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.gateway.privacy.RetentionService;
import eu.eevidence.gw.adapter.paper.LegalPaperPdf;
import eu.eevidence.gw.gateway.handoff.LegalPapers;
import eu.eevidence.gw.gateway.tracking.TrackingFilter;
import eu.eevidence.gw.gateway.tracking.TrackingQueries;
import eu.eevidence.gw.pki.Role;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import eu.eevidence.gw.gateway.trust.TrustError;
import eu.eevidence.gw.gateway.http.CommonError;
import eu.eevidence.gw.gateway.privacy.PrivacyError;

/**
 * The platform side of the node, for a platform legal team without its own integration (certificate role PLATFORM):
 * list the requests addressed to it, and answer them with catalogue messages (acknowledge, ask for clarification,
 * Form 3, confirm preservation, partial and final execution reports with the evidence manifest, refuse, postpone); read
 * one of them (its state, its content, the legal paper as PDF, the sealed CMS) .
 */
@Path("/api/v1/platform")
public final class PlatformResource {

    private final AnswerService answers;
    private final TrackingQueries tracking;
    private final int maxBodyBytes;
    private final Clock clock;

    private final RequestRepository requests;
    private final RetentionService retention;

    public PlatformResource(AnswerService answers, TrackingQueries tracking, RequestRepository requests, RetentionService retention,
                            int maxBodyBytes, Clock clock) {
        this.answers = answers;
        this.tracking = tracking;
        this.requests = requests;
        this.retention = retention;
        this.maxBodyBytes = maxBodyBytes;
        this.clock = clock;
    }

    /** One request addressed to the caller's platform: its status (state, received, next deadline), as the inbox lists it. */
    @GET
    @Path("requests/{id}")
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    public Response request(@PathParam("id") String id) throws Exception {
        ClientIdentity client = RequestResource.client();
        if (!client.hasAnyRole(Set.of(Role.PLATFORM))) {
            return Problems.of(403, ApiError.AUTH_ROLE, "Forbidden", "the platform API needs the role PLATFORM");
        }
        Optional<RequestRecord> r = addressed(client, id);
        if (r.isEmpty()) {
            return notAddressed();
        }
        Map<String, Object> v = RequestViews.view(r.get(), clock.instant());
        v.put("links", Map.of("self", "/api/v1/platform/requests/" + id, "content", "/api/v1/platform/requests/" + id + "/content",
                "pdf", "/api/v1/platform/requests/" + id + "/request.pdf", "sealed", "/api/v1/platform/requests/" + id + "/request.p7m"));
        return Json.ok(200, v);
    }

    /**
     * The order as submitted (the addressee reads it in full), as catalogue JSON, or as catalogue XML with
     * {@code Accept: application/xml} (issue 17 item 6; an order submitted as a bare JSON request has no XML form: 406
     * {@code EEG-API-NO-XML}); every read is recorded on the timeline and in the custody log as an access.
     */
    @GET
    @Path("requests/{id}/content")
    @Produces({MediaType.APPLICATION_JSON, MediaType.APPLICATION_XML, Problems.MEDIA_TYPE})
    public Response content(@PathParam("id") String id, @HeaderParam("Accept") String accept) throws Exception {
        if (prefersXml(accept)) {
            return read(id, "application/xml", "content (XML)", (r, canonical) -> {
                Record message = ContentView.decode(canonical);
                if (message instanceof eu.eevidence.gw.schema.Envelope e) {
                    return new eu.eevidence.gw.schema.catalogue.MessageCatalogue().encodeXml(e);
                }
                return message == null ? null : Problems.of(406, ApiError.NO_XML, "Not acceptable",
                        "this order was submitted as a bare JSON request, without a catalogue envelope: it has only its JSON form");
            });
        }
        return read(id, "application/json", "content", (r, canonical) -> {
            Record message = ContentView.decode(canonical);
            return message == null ? null : ContentView.json(message).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        });
    }

    /** The JSON form (the platform console's reading). */
    public Response content(String id) throws Exception {
        return content(id, null);
    }

    /** True when {@code accept} names XML and not JSON before it (no header, or a wildcard: JSON). */
    static boolean prefersXml(String accept) {
        if (accept == null) {
            return false;
        }
        String a = accept.toLowerCase(Locale.ROOT);
        int xml = a.indexOf("application/xml");
        int json = a.indexOf("application/json");
        return xml >= 0 && (json < 0 || xml < json);
    }

    /** The legal paper of the order as PDF (the same rendering as the manual hand-off's request.pdf). */
    @GET
    @Path("requests/{id}/request.pdf")
    @Produces({"application/pdf", Problems.MEDIA_TYPE})
    public Response pdf(@PathParam("id") String id) throws Exception {
        return read(id, "application/pdf", "legal paper (PDF)", (r, canonical) -> {
            try {
                return LegalPaperPdf.render(LegalPapers.of(r, canonical), r.id());
            } catch (IOException e) {
                return null;
            }
        });
    }

    /** The sealed order (CMS signed by the node and encrypted to the platform), the authoritative text. */
    @GET
    @Path("requests/{id}/request.p7m")
    @Produces({"application/pkcs7-mime", Problems.MEDIA_TYPE})
    public Response sealed(@PathParam("id") String id) throws Exception {
        RequestRepository repo = requests;
        return read(id, "application/pkcs7-mime", "sealed request (CMS)", (r, canonical) -> {
            try {
                byte[] cms = repo.sealedPayload(r.id());
                return cms == null || cms.length == 0 ? null : cms;
            } catch (Exception e) {
                return null;
            }
        });
    }

    /** Renders a readable form of a stored request (bytes), a problem answer instead, or null when it cannot. */
    @FunctionalInterface
    private interface Rendering {
        Object render(RequestRecord r, byte[] canonical);
    }

    private Response read(String id, String mediaType, String what, Rendering rendering) throws Exception {
        ClientIdentity client = RequestResource.client();
        if (!client.hasAnyRole(Set.of(Role.PLATFORM))) {
            return Problems.of(403, ApiError.AUTH_ROLE, "Forbidden", "the platform API needs the role PLATFORM");
        }
        Optional<RequestRecord> r = addressed(client, id);
        if (r.isEmpty()) {
            return notAddressed();
        }
        byte[] canonical = requests.canonicalJson(id);
        if (canonical == null || canonical.length == 0) {
            return Problems.of(410, PrivacyError.RET_PURGED, "Gone", "the personal data of this request were purged at the end of its retention period");
        }
        Object rendered = rendering.render(r.get(), canonical);
        if (rendered instanceof Response refused) {
            return refused; // nothing was read
        }
        byte[] out = (byte[]) rendered;
        if (out == null) {
            return Problems.of(500, ApiError.INTERNAL, "Internal error", "the stored request could not be rendered");
        }
        retention.recordAccess(id, "client:" + client.fingerprint(), "platform read: " + what);
        String name = mediaType.equals("application/pdf") ? "request-" + id + ".pdf"
                : mediaType.equals("application/pkcs7-mime") ? "request-" + id + ".p7m" : null;
        Response.ResponseBuilder b = Response.ok(out, mediaType.equals("application/json")
                ? MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8").toString()
                : mediaType.equals("application/xml") ? MediaType.APPLICATION_XML_TYPE.withCharset("UTF-8").toString() : mediaType);
        if (name != null) {
            b.header("Content-Disposition", "attachment; filename=\"" + name + "\"");
        }
        return b.build();
    }

    /** The request if it exists and is addressed to one of the caller's platforms (otherwise the same 404 as an unknown id). */
    private Optional<RequestRecord> addressed(ClientIdentity client, String id) throws Exception {
        RequestRepository repo = requests;
        if (repo == null || !RequestIds.looksValid(id)) {
            return Optional.empty();
        }
        List<String> mine = answers.platformsOf(client);
        return repo.find(id).filter(r -> mine.contains(r.platformId()));
    }

    private static Response notAddressed() {
        return Problems.of(404, CommonError.REQ_NOT_FOUND, "Not found", "no request with this id is addressed to your platform");
    }

    /** Requests addressed to the caller's platform, soonest deadline first, paged. */
    @GET
    @Path("requests")
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    public Response requests(@QueryParam("state") List<String> states, @QueryParam("page") String page, @QueryParam("size") String size) {
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
        body.put("items", p.items().stream().map(r -> RequestViews.view(r, now)).toList());
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
    public Response answer(@HeaderParam("Content-Type") String contentType, InputStream in) throws IOException {
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
            Map<String, Object> v = RequestViews.view(applied.request(), clock.instant());
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
