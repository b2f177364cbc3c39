package eu.eevidence.gw.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import eu.eevidence.gw.gateway.evidence.EvidenceException;
import eu.eevidence.gw.gateway.evidence.EvidenceService;
import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.http.Problems;
import eu.eevidence.gw.pki.Role;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import eu.eevidence.gw.gateway.evidence.EvidenceError;

/**
 * Evidence upload in parts by a platform's legal team (certificate role PLATFORM, only for requests addressed to its
 * platform; ADR-0010): create an upload for a manifest item, PUT its parts (each with its SHA-256, in any order, again
 * after a broken connection), ask which parts are stored, complete. Logic in {@link EvidenceService}.
 */
@Path("/api/v1/platform/requests/{id}/evidence")
public final class EvidenceUploadResource {

    private static final Pattern CONTENT_DIGEST = Pattern.compile("(?i)(?:^|,)\\s*sha-256=:([A-Za-z0-9+/=]+):");
    private static final Pattern PART = Pattern.compile("/?api/v1/platform/requests/[^/]+/evidence/[^/]+/parts/[0-9]+");
    private static final int MAX_CREATE_BODY = 4096;

    private final EvidenceService evidence;

    /** {@code publicBase}: the node's public base URL: {@code Location} is built from it, never from the client's {@code Host}. */
    public EvidenceUploadResource(EvidenceService evidence, java.net.URI publicBase) {
        this.evidence = evidence;
        this.publicBase = publicBase;
    }

    private final java.net.URI publicBase;

    /** True for the part uploads, whose bodies are bounded by the evidence limits instead of the API's body limit. */
    static boolean isPartUpload(String method, String path) {
        return "PUT".equals(method) && PART.matcher(path).matches();
    }

    /** {@code {"itemId", "mediaType"?, "size"?, "sha256"?, "partSize"?}}: 201 new upload, 200 resumed or already stored. */
    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    public Response create(@PathParam("id") String id, InputStream body) throws IOException {
        ClientIdentity client = platform();
        if (client == null) {
            return forbidden();
        }
        byte[] bytes = body.readNBytes(MAX_CREATE_BODY + 1);
        Response encoding = bytes.length > MAX_CREATE_BODY ? null : TextBodies.refusal(bytes);
        if (encoding != null) {
            return encoding;
        }
        JsonNode n = createBody(bytes);
        if (n == null) {
            return Problems.of(400, EvidenceError.EVD_BAD_UPLOAD, "Bad upload", "send {\"itemId\", \"size\", \"sha256\", \"mediaType\", \"partSize\"} as JSON");
        }
        try {
            EvidenceService.Created c = evidence.createUpload(client, id, text(n, "itemId"), text(n, "mediaType"), number(n, "size"), text(n, "sha256"),
                    number(n, "partSize"));
            if (c.existing() != null) {
                Map<String, Object> v = EvidenceResource.view(c.existing());
                v.put("alreadyStored", true);
                return Json.ok(200, v);
            }
            Map<String, Object> v = view(c.upload());
            v.put("resumed", c.resumed());
            Response r = Json.ok(c.resumed() ? 200 : 201, v);
            return Response.fromResponse(r).location(IntakeAnswers.absolute(publicBase, "/api/v1/platform/requests/" + id + "/evidence/" + c.upload(
                    ).uploadId())).build();
        } catch (EvidenceException e) {
            return problem(e);
        }
    }

    /** The create body as a JSON object, or null when it is too large, not JSON or not an object (EvidenceUploadFuzzTest). */
    static JsonNode createBody(byte[] bytes) {
        try {
            JsonNode n = bytes.length > MAX_CREATE_BODY ? null : Json.MAPPER.readTree(bytes);
            return n != null && n.isObject() && integralOrAbsent(n, "size") && integralOrAbsent(n, "partSize") ? n : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Which parts are stored, which are missing. */
    @GET
    @Path("{uploadId}")
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    public Response status(@PathParam("id") String id, @PathParam("uploadId") String uploadId) {
        ClientIdentity client = platform();
        if (client == null) {
            return forbidden();
        }
        try {
            return Json.ok(200, view(evidence.status(client, id, uploadId)));
        } catch (EvidenceException e) {
            return problem(e);
        }
    }

    /** One part, with its SHA-256 in {@code X-Part-SHA256} (hex) or {@code Content-Digest: sha-256=:base64:}. */
    @PUT
    @Path("{uploadId}/parts/{n}")
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    public Response part(@PathParam("id") String id, @PathParam("uploadId") String uploadId, @PathParam("n") String n,
                         @HeaderParam("X-Part-SHA256") String partSha, @HeaderParam("Content-Digest") String contentDigest,
                         @HeaderParam("Content-Length") String length, InputStream body) {
        ClientIdentity client = platform();
        if (client == null) {
            return forbidden();
        }
        int part;
        long contentLength;
        try {
            part = Integer.parseInt(n);
            contentLength = length == null || length.isBlank() ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return Problems.of(400, EvidenceError.EVD_PART_NUMBER, "Bad part", "the part number and Content-Length must be integers");
        }
        try {
            EvidenceService.Part p = evidence.putPart(client, id, uploadId, part, contentLength, digest(partSha, contentDigest), body);
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("uploadId", uploadId);
            v.put("part", p.n());
            v.put("size", p.size());
            v.put("sha256", p.sha256());
            return Json.ok(200, v);
        } catch (EvidenceException e) {
            return problem(e);
        }
    }

    /** Assemble, check against the manifest, store encrypted: 201 with the item, 200 for a repeat. */
    @POST
    @Path("{uploadId}/complete")
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    public Response complete(@PathParam("id") String id, @PathParam("uploadId") String uploadId) {
        ClientIdentity client = platform();
        if (client == null) {
            return forbidden();
        }
        try {
            Map.Entry<EvidenceService.Item, Boolean> done = evidence.complete(client, id, uploadId);
            Map<String, Object> v = EvidenceResource.view(done.getKey());
            v.put("duplicate", done.getValue());
            return Json.ok(done.getValue() ? 200 : 201, v);
        } catch (EvidenceException e) {
            return problem(e);
        }
    }

    static Map<String, Object> view(EvidenceService.Upload u) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("uploadId", u.uploadId());
        v.put("requestId", u.requestId());
        v.put("itemId", u.itemId());
        v.put("mediaType", u.mediaType());
        v.put("size", u.size());
        v.put("sha256", u.sha256());
        v.put("partSize", u.partSize());
        v.put("partCount", u.partCount());
        v.put("manifestAnswerId", u.answerId());
        v.put("state", u.state());
        v.put("createdAt", u.createdAt());
        v.put("stored", u.parts().stream().map(p -> Map.of("part", p.n(), "size", p.size(), "sha256", p.sha256())).toList());
        v.put("missing", u.missing());
        return v;
    }

    static String digest(String hex, String contentDigest) {
        if (hex != null && !hex.isBlank()) {
            return hex.trim().toLowerCase(Locale.ROOT);
        }
        if (contentDigest != null) {
            Matcher m = CONTENT_DIGEST.matcher(contentDigest);
            if (m.find()) {
                try {
                    byte[] d = Base64.getDecoder().decode(m.group(1));
                    return d.length == 32 ? HexFormat.of().formatHex(d) : null;
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }

    static String text(JsonNode n, String field) {
        JsonNode f = n.get(field);
        return f == null || f.isNull() ? null : f.asText();
    }

    /** size and partSize are integers: 1048576.5 or 1E6 is refused rather than truncated. */
    private static boolean integralOrAbsent(JsonNode n, String field) {
        JsonNode f = n.get(field);
        return f == null || f.isNull() || f.isIntegralNumber();
    }

    static Long number(JsonNode n, String field) {
        JsonNode f = n.get(field);
        return f == null || f.isNull() || !f.canConvertToLong() ? null : f.asLong();
    }

    private static ClientIdentity platform() {
        ClientIdentity client = RequestResource.client();
        return client.hasAnyRole(Set.of(Role.PLATFORM)) ? client : null;
    }

    private static Response forbidden() {
        return Problems.of(403, ApiError.AUTH_ROLE, "Forbidden", "uploading evidence needs the role PLATFORM");
    }

    static Response problem(EvidenceException e) {
        String title = switch (e.status()) {
            case 400 -> "Bad request";
            case 404 -> "Not found";
            case 409 -> "Conflict";
            case 413 -> "Payload too large";
            case 422 -> "Unprocessable";
            case 502 -> "Bad gateway";
            default -> "Internal error";
        };
        return Problems.of(e.status(), e.code(), title, e.getMessage());
    }
}
