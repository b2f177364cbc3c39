package eu.eevidence.gw.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import eu.eevidence.gw.gateway.cases.CaseEvent;
import eu.eevidence.gw.gateway.cases.CaseException;
import eu.eevidence.gw.gateway.cases.CaseMessage;
import eu.eevidence.gw.gateway.cases.CaseState;
import eu.eevidence.gw.gateway.cases.Decision;
import eu.eevidence.gw.gateway.cases.InboundCase;
import eu.eevidence.gw.gateway.cases.InboundCaseService;
import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.http.Problems;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.schema.validation.Violation;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import eu.eevidence.gw.gateway.cases.CaseError;
import eu.eevidence.gw.gateway.trust.TrustError;

/**
 * {@code /api/v1/cases}: the requested Party's review. Requests other Parties' nodes sent to this node, for this node's
 * 24/7 contact point (certificate role CONTACT_POINT): list them, read one (a recorded access), decide (accept with a
 * domestic platform, refuse, postpone, ask for clarification).
 */
@Path("/api/v1/cases")
public final class CaseResource {

    static final Set<Role> REVIEWERS = Set.of(Role.CONTACT_POINT);
    private static final int MAX_LIST = 500;

    private final InboundCaseService cases;
    private final int maxBodyBytes;
    private final Clock clock;

    public CaseResource(InboundCaseService cases, int maxBodyBytes, Clock clock) {
        this.cases = cases;
        this.maxBodyBytes = Math.min(maxBodyBytes, 64 * 1024);
        this.clock = clock;
    }

    /** Cases, newest first, optionally {@code ?state=RECEIVED&state=POSTPONED}. */
    @GET
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    public Response list(@QueryParam("state") List<String> states) {
        if (!RequestResource.client().hasAnyRole(REVIEWERS)) {
            return forbidden();
        }
        List<CaseState> wanted = new ArrayList<>();
        List<Violation> errors = new ArrayList<>();
        for (String s : states == null ? List.<String>of() : states) {
            for (String one : s.split(",")) {
                try {
                    wanted.add(CaseState.valueOf(one.trim().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    errors.add(new Violation("state", ApiError.CASE_QUERY.code(), "not a case state: one of " + java.util.Arrays.toString(CaseState.values())));
                }
            }
        }
        if (!errors.isEmpty()) {
            return Problems.of(400, ApiError.CASE_QUERY, "Invalid query", "the query parameters listed in errors are not valid", errors);
        }
        Instant now = clock.instant();
        List<Map<String, Object>> items = cases.repository().list(wanted, MAX_LIST).stream().map(k -> view(k, now)).toList();
        return Json.ok(200, Map.of("items", items));
    }

    /** One case with its content (a recorded read: the first one is the RETRIEVED evidence), timeline and messages. */
    @GET
    @Path("{id}")
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    public Response get(@PathParam("id") String id) throws IOException {
        ClientIdentity client = RequestResource.client();
        if (!client.hasAnyRole(REVIEWERS)) {
            return forbidden();
        }
        if (!looksLikeCase(id)) {
            return notFound();
        }
        Optional<byte[]> content = cases.read(client, id);
        if (content.isEmpty()) {
            return notFound();
        }
        InboundCase k = cases.repository().find(id).orElseThrow();
        Map<String, Object> body = view(k, clock.instant());
        body.put("content", Json.MAPPER.readTree(content.get()));
        body.put("events", cases.repository().events(id).stream().map(CaseResource::event).toList());
        body.put("messages", cases.repository().messages(id).stream().map(CaseResource::message).toList());
        return Json.ok(200, body);
    }

    /**
     * The decision: {@code {"decision":"ACCEPT","platformId":"..."}}, {@code {"decision":"REFUSE","code":"<ground>","reason":"..."}},
     * {@code {"decision":"POSTPONE","reason":"...","until":"<RFC 3339>"}}, {@code {"decision":"CLARIFY","question":"..."}},
     * {@code {"decision":"ANSWER","summary":"...","items":[{"itemId":...,"mediaType":...,"sizeBytes":...,"sha256":...}]}} (items optional).
     */
    @POST
    @Path("{id}/decision")
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    public Response decide(@PathParam("id") String id, InputStream in) throws IOException {
        ClientIdentity client = RequestResource.client();
        if (!client.hasAnyRole(REVIEWERS)) {
            return forbidden();
        }
        if (!looksLikeCase(id)) {
            return notFound();
        }
        ActionBody b = ActionBody.read(in, maxBodyBytes);
        if (b.error() != null) {
            return b.error();
        }
        Decision.Kind kind = Decision.Kind.parse(b.text("decision"));
        if (kind == null) {
            return Problems.of(422, ApiError.CASE_DECISION, "Invalid decision", "decision must be ACCEPT, REFUSE, POSTPONE, CLARIFY or ANSWER",
                    List.of(new Violation("$.decision", ApiError.CASE_DECISION.code(), "one of ACCEPT, REFUSE, POSTPONE, CLARIFY, ANSWER")));
        }
        Instant until = null;
        if (kind == Decision.Kind.POSTPONE && b.text("until") != null) {
            ActionBody.Timestamp t = b.timestamp("until", false);
            if (t.error() != null) {
                return Problems.of(422, CaseError.CASE_FIELD, "Invalid decision", "until must be an RFC 3339 timestamp with a zone offset",
                        List.of(new Violation("$.until", CaseError.CASE_FIELD.code(), "an RFC 3339 timestamp with a zone offset")));
            }
            until = t.value();
        }
        List<eu.eevidence.gw.schema.EvidenceManifest.Item> items = null;
        if (kind == Decision.Kind.ANSWER && b.node().hasNonNull("items")) {
            try {
                if (!b.node().get("items").isArray()) {
                    throw new IllegalArgumentException("not an array");
                }
                items = List.of(eu.eevidence.gw.schema.codec.JsonCodec.strictMapper().treeToValue(b.node().get("items"),
                        eu.eevidence.gw.schema.EvidenceManifest.Item[].class));
            } catch (IOException | IllegalArgumentException | NullPointerException e) {
                return Problems.of(422, CaseError.CASE_FIELD, "Invalid decision", "items must be a list of manifest items",
                        List.of(new Violation("$.items", CaseError.CASE_FIELD.code(), "a list of {itemId, mediaType, sizeBytes, sha256, description}")));
            }
        }
        Decision d = new Decision(kind, b.text("platformId"), b.text("code"), b.text("reason"), until, b.text("question"), b.text("summary"), items);
        try {
            InboundCase k = cases.decide(client, id, d);
            return Json.ok(200, view(k, clock.instant()));
        } catch (CaseException e) {
            return Problems.of(e.status(), e.code(), e.status() == 404 ? "Not found" : e.status() == 503 ? "Unavailable" : "Decision refused",
                    e.getMessage(), e.errors());
        }
    }

    /**
     * Budapest Art. 30 on a preservation case: the body is the disclosure ({@code thirdStateProvider}, {@code path},
     * {@code trafficDataSummary}, as in the catalogue's BUDAPEST_ART30_PARTIAL_DISCLOSURE); it goes to the requesting node.
     */
    @POST
    @Path("{id}/disclosure")
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    public Response disclose(@PathParam("id") String id, InputStream in) throws IOException {
        ClientIdentity client = RequestResource.client();
        if (!client.hasAnyRole(REVIEWERS)) {
            return forbidden();
        }
        if (!looksLikeCase(id)) {
            return notFound();
        }
        byte[] bytes = in.readNBytes(maxBodyBytes + 1);
        if (bytes.length > maxBodyBytes) {
            return Problems.of(413, TrustError.HTTP_413, "Payload too large", "the body exceeds " + maxBodyBytes + " bytes");
        }
        Response encoding = TextBodies.refusal(bytes);
        if (encoding != null) {
            return encoding;
        }
        try {
            return Json.ok(200, view(cases.disclose(client, id, bytes), clock.instant()));
        } catch (CaseException e) {
            return Problems.of(e.status(), e.code(), e.status() == 404 ? "Not found" : "Disclosure refused", e.getMessage(), e.errors());
        }
    }

    /** The ids of this node's platforms, the ones an ACCEPT may name (others: 422 {@code EEG-CASE-UNKNOWN-PLATFORM}); sorted. */
    public List<String> platformIds() {
        return cases.platformIds();
    }

    private static boolean looksLikeCase(String id) {
        return id != null && id.matches("^CASE-[0-9A-HJKMNP-TV-Z]{26}$");
    }

    private static Response forbidden() {
        return Problems.of(403, ApiError.AUTH_ROLE, "Forbidden", "the requested Party's review needs the role CONTACT_POINT");
    }

    private static Response notFound() {
        return Problems.of(404, CaseError.CASE_NOT_FOUND, "Not found", "no case with this id");
    }

    static Map<String, Object> view(InboundCase k, Instant now) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", k.id());
        v.put("state", k.state().name());
        v.put("terminal", k.state().isTerminal());
        v.put("type", k.messageType());
        v.put("family", k.family());
        v.put("fromNode", k.peerNodeId());
        v.put("fromCountry", k.fromCountry());
        v.put("messageId", k.messageId());
        if (k.correlationId() != null) {
            v.put("correlationId", k.correlationId());
        }
        v.put("receivedAt", k.receivedAt());
        v.put("updatedAt", k.updatedAt());
        v.put("contentSha256", k.contentSha256());
        if (k.reviewDueAt() != null) {
            Map<String, Object> due = new LinkedHashMap<>();
            due.put("rule", k.reviewRule());
            due.put("at", k.reviewDueAt());
            due.put("overdue", k.decidedAt() == null && now != null && k.reviewDueAt().isBefore(now));
            v.put("reviewDeadline", due);
        }
        if (k.retrievedAt() != null) {
            v.put("retrievedAt", k.retrievedAt());
        }
        if (k.decision() != null) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("decision", k.decision());
            d.put("decidedAt", k.decidedAt());
            d.put("decidedBy", k.decidedBy());
            if (k.reasonCode() != null) {
                d.put("code", k.reasonCode());
            }
            if (k.reasonText() != null) {
                d.put("reason", k.reasonText());
            }
            if (k.postponedUntil() != null) {
                d.put("until", k.postponedUntil());
            }
            v.put("decision", d);
        }
        if (k.platformId() != null) {
            v.put("platformId", k.platformId());
        }
        if (k.domesticRequestId() != null) {
            v.put("domesticRequestId", k.domesticRequestId());
        }
        if (k.relatedCaseId() != null) {
            v.put("relatedCaseId", k.relatedCaseId());
        }
        if (k.pendingAction() != null) {
            v.put("pendingAction", k.pendingAction());
        }
        v.put("links", Map.of("self", "/api/v1/cases/" + k.id(), "decision", "/api/v1/cases/" + k.id() + "/decision"));
        return v;
    }

    private static Map<String, Object> event(CaseEvent e) {
        return Json.timelineEntry(e.seq(), e.event(), e.from(), e.to(), e.occurredAt(), e.recordedAt(), e.actor(), e.detail());
    }

    private static Map<String, Object> message(CaseMessage m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("messageId", m.messageId());
        out.put("direction", m.direction());
        out.put("type", m.messageType());
        out.put("sha256", m.bodySha256());
        out.put("recordedAt", m.recordedAt());
        if (m.outboxId() != null) {
            out.put("outboxId", m.outboxId());
        }
        return out;
    }
}
