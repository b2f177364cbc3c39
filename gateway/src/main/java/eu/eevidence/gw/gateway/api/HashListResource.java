package eu.eevidence.gw.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.action.ActionResult;
import eu.eevidence.gw.gateway.action.HashLists;
import eu.eevidence.gw.gateway.http.CommonError;
import eu.eevidence.gw.gateway.http.Problems;
import eu.eevidence.gw.gateway.intake.RequestIds;
import eu.eevidence.gw.gateway.order.HashListStore;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.schema.ContentRemovalOrder;
import eu.eevidence.gw.schema.RemovalHash;
import eu.eevidence.gw.schema.validation.ValidationCode;
import eu.eevidence.gw.schema.validation.Violation;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Resurfacing prevention (ADR-0038), for the submitter of a removal order: {@code GET /api/v1/requests/{id}/hash-lists}
 * (the lists sent and the platform's figures, counts only) and {@code POST /api/v1/requests/{id}/hash-lists}
 * {@code {"hashes": [{"algorithm": "PDQ", "value": "..."}], "fromOrder": true, "fromEvidence": true, "matchDistance": 31}}
 * (every field optional, but the list may not end empty).
 */
@Path("/api/v1/requests/{id}/hash-lists")
public final class HashListResource {

    private static final Set<String> FIELDS = Set.of("hashes", "fromOrder", "fromEvidence", "matchDistance");

    private final HashLists hashLists;
    private final RequestRepository requests;
    private final int maxBodyBytes;
    private final Clock clock;

    public HashListResource(HashLists hashLists, RequestRepository requests, int maxBodyBytes, Clock clock) {
        this.hashLists = hashLists;
        this.requests = requests;
        this.maxBodyBytes = maxBodyBytes;
        this.clock = clock;
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    public Response lists(@PathParam("id") String id) {
        ClientIdentity client = RequestResource.client();
        if (owned(client, id).isEmpty()) {
            return notFound();
        }
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("requestId", id);
        v.put("defaultMatchDistance", hashLists.defaultDistance());
        v.put("hashLists", hashLists.lists(id).stream().map(HashListStore::view).toList());
        return Json.ok(200, v);
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    public Response send(@PathParam("id") String id, InputStream body) throws IOException {
        ClientIdentity client = RequestResource.client();
        if (owned(client, id).isEmpty()) {
            return notFound();
        }
        ActionBody b = ActionBody.read(body, maxBodyBytes);
        if (b.error() != null) {
            return b.error();
        }
        Object input = input(b.node());
        if (input instanceof Response refused) {
            return refused;
        }
        ActionResult result = hashLists.send(client, id, (HashLists.Input) input);
        if (result instanceof ActionResult.Done done) {
            Map<String, Object> v = RequestViews.view(done.request(), clock.instant());
            v.put("result", done.detail());
            v.put("hashLists", hashLists.lists(id).stream().map(HashListStore::view).toList());
            return Json.ok(200, v);
        }
        ActionResult.Rejected rej = (ActionResult.Rejected) result;
        return Problems.of(rej.status(), rej.code(), rej.status() == 409 ? "Conflict" : rej.status() == 404 ? "Not found" : "Invalid action",
                rej.message());
    }

    /** The input, or a problem naming the first broken field (never echoing a hash value). */
    static Object input(JsonNode n) {
        for (java.util.Iterator<String> f = n.fieldNames(); f.hasNext();) {
            String name = f.next();
            if (!FIELDS.contains(name)) {
                return invalid("$." + name, ValidationCode.JSON_UNKNOWN_FIELD.code(), "unknown field; the fields are " + FIELDS);
            }
        }
        JsonNode hashes = n.get("hashes");
        List<RemovalHash> out = new ArrayList<>();
        if (hashes != null && !hashes.isNull()) {
            if (!hashes.isArray()) {
                return invalid("$.hashes", ValidationCode.REMOVAL_HASH.code(), "a list of {\"algorithm\": \"PDQ\"|\"SHA256\", \"value\": hex}");
            }
            if (hashes.size() > ContentRemovalOrder.MAX_HASHES) {
                return invalid("$.hashes", ValidationCode.REMOVAL_HASH_COUNT.code(), "at most " + ContentRemovalOrder.MAX_HASHES + " hashes");
            }
            for (int i = 0; i < hashes.size(); i++) {
                Optional<RemovalHash> h = hash(hashes.get(i));
                if (h.isEmpty()) {
                    return invalid("$.hashes[" + i + "]", ValidationCode.REMOVAL_HASH.code(),
                            "an algorithm (PDQ or SHA256) and a value of 64 lower-case hexadecimal characters");
                }
                out.add(h.get());
            }
        }
        JsonNode distance = n.get("matchDistance");
        if (distance != null && !distance.isNull() && !distance.isInt()) {
            return invalid("$.matchDistance", ValidationCode.HASH_LIST_DISTANCE.code(), "a whole number 0 to 64");
        }
        return new HashLists.Input(out, flag(n, "fromOrder"), flag(n, "fromEvidence"), distance == null || distance.isNull() ? null
                : distance.intValue());
    }

    private static boolean flag(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isBoolean() && v.booleanValue();
    }

    private static Optional<RemovalHash> hash(JsonNode h) {
        if (h == null || !h.isObject() || h.size() != 2 || !h.path("algorithm").isTextual() || !h.path("value").isTextual()) {
            return Optional.empty();
        }
        String algorithm = h.get("algorithm").asText();
        String value = h.get("value").asText();
        if (!("PDQ".equals(algorithm) || "SHA256".equals(algorithm)) || !value.matches("^[0-9a-f]{64}$")) {
            return Optional.empty();
        }
        return Optional.of(new RemovalHash(RemovalHash.Algorithm.valueOf(algorithm), value));
    }

    private static Response invalid(String path, String code, String message) {
        return Problems.of(422, code, "Invalid action", message, List.of(new Violation(path, code, message)));
    }

    private Optional<RequestRecord> owned(ClientIdentity client, String id) {
        if (!client.hasAnyRole(RequestResource.SUBMITTERS) || !RequestIds.looksValid(id)) {
            return Optional.empty();
        }
        return requests.find(id).filter(x -> x.ownerFingerprint().equals(client.fingerprint()));
    }

    private static Response notFound() {
        return Problems.of(404, CommonError.REQ_NOT_FOUND, "Not found", "no request with this id was submitted with your certificate");
    }
}
