package eu.eevidence.gw.gateway.api;

import eu.eevidence.gw.custody.CustodyException;
import eu.eevidence.gw.custody.entry.CustodyEventType;
import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.bundle.BundleAssembler;
import eu.eevidence.gw.gateway.custody.CustodyEvent;
import eu.eevidence.gw.gateway.custody.CustodyService;
import eu.eevidence.gw.gateway.custody.RequestCustody;
import eu.eevidence.gw.gateway.witness.WitnessStore;
import eu.eevidence.gw.gateway.evidence.EvidenceService;
import eu.eevidence.gw.gateway.http.Problems;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.pki.Role;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A request's custody for an auditor or its submitter (issue 16 item 6, issue 19 items 3 and 4; docs/api.md,
 * docs/auditors.md, ADR-0029):
 * <ul>
 *   <li>{@code GET /api/v1/custody/status}: the log's size, its latest signed checkpoint and the node's check of its signature
 *       (AUDITOR);</li>
 *   <li>{@code GET /api/v1/custody/requests/{id}}: the request's custody records (exported records: salt and record text,
 *       which hold what the timeline shows an auditor: actor as certificate fingerprint, states, hashes, detail; no content)
 *       with their log entries and RFC 6962 inclusion proofs against the latest checkpoint, the checkpoint and the verifier
 *       key (AUDITOR, or the submitting certificate);</li>
 *   <li>{@code GET /api/v1/custody/requests/{id}/bundle[?items=true]}: the request's court bundle (ADR-0029), which keeps the
 *       files of the earlier offline zip (README.txt, vkey.txt, checkpoint.txt, custody.json, records/, custody-log.zip)
 *       and adds the request, its seal, receipts, evidences, answers, evidence manifest, a PDF summary and the node's
 *       signed manifest (AUDITOR, or the submitting certificate; the items' bytes only for the submitter).</li>
 * </ul>
 * Every export of records or of a bundle is itself a custody event ({@code RECORDS_EXPORTED}, {@code BUNDLE_EXPORTED}).
 * The request as submitted is redacted for an auditor (the request API's rule, {@code /content}); answers' bodies go
 * only to the submitter. Another role gets 403 {@code EEG-AUTH-ROLE}; an unknown or foreign id the request API's own 404
 * {@code EEG-REQ-NOT-FOUND}. The console's auditor pages use {@link #load} (AUDITOR only).
 */
@Path("/api/v1/custody")
public final class CustodyRecordsResource {

    private static final Logger LOG = LoggerFactory.getLogger(CustodyRecordsResource.class);
    private static final Set<Role> AUDITORS = Set.of(Role.AUDITOR);

    /** The outcome of a read: the snapshot, or the API's refusal (problem+json). */
    public sealed interface Outcome permits Found, Refused {
    }

    public record Found(RequestCustody.Snapshot snapshot) implements Outcome {
    }

    public record Refused(Response problem) implements Outcome {
    }

    private final CustodyService custody;
    private final RequestResource requests;
    private final Exports exports;
    private final WitnessAlarms witnessAlarms;

    /** What the exports need beyond the custody log: the requests, the bundle's assembler, the evidence items. */
    public record Exports(RequestRepository requests, BundleAssembler bundles, EvidenceService evidence) {
    }

    /** The node's witness alarms, newest first (issue 19; none on a node without peers). */
    @FunctionalInterface
    public interface WitnessAlarms {
        WitnessAlarms NONE = () -> List.of();

        List<WitnessStore.WitnessAlarm> recent() throws CustodyException;
    }

    public CustodyRecordsResource(CustodyService custody, RequestResource requests, Exports exports) {
        this(custody, requests, exports, WitnessAlarms.NONE);
    }

    public CustodyRecordsResource(CustodyService custody, RequestResource requests, Exports exports, WitnessAlarms witnessAlarms) {
        this.custody = custody;
        this.requests = requests;
        this.exports = exports;
        this.witnessAlarms = witnessAlarms;
    }

    /** The node's recent witness alarms for the auditor's page (after {@link #statusRefusal()}); empty if unreadable. */
    public List<WitnessStore.WitnessAlarm> witnessAlarms() {
        try {
            return witnessAlarms.recent();
        } catch (CustodyException e) {
            LOG.error(ApiError.CUS_SERVE_FAILED.code() + " witness alarms: {}", e.oneLine());
            return List.of();
        }
    }

    private static Response roleRefusal(boolean submitterToo) {
        ClientIdentity client = ClientCertificateFilter.currentClient();
        if (client != null && (client.hasAnyRole(AUDITORS) || submitterToo && client.hasAnyRole(RequestResource.SUBMITTERS))) {
            return null;
        }
        if (client == null || !submitterToo) {
            return Problems.of(403, ApiError.AUTH_ROLE, "Forbidden", "the custody view needs the role AUDITOR");
        }
        return Problems.of(403, ApiError.AUTH_ROLE, "Forbidden", "a request's custody is for an auditor or its submitter");
    }

    /** The log's status (what {@code /custody/checkpoint} serves, checked with the node's verifier key); AUDITOR only. */
    public Outcome statusRefusal() {
        Response refused = roleRefusal(false);
        return refused == null ? null : new Refused(refused);
    }

    public RequestCustody.Status status() {
        return RequestCustody.status(custody.log());
    }

    /** The request's custody for an auditor (the console's page), or the API's refusal. */
    public Outcome load(String id) throws Exception {
        return load(id, false);
    }

    /** The request's custody, or the refusal; the request's visibility (own requests for a submitter) is RequestResource's rule. */
    private Outcome load(String id, boolean submitterToo) throws Exception {
        Response refused = roleRefusal(submitterToo);
        if (refused != null) {
            return new Refused(refused);
        }
        Response seen = requests.status(id);
        if (seen.getStatus() != 200) {
            return new Refused(seen);
        }
        try {
            return new Found(exports.bundles().snapshot(id));
        } catch (java.io.IOException e) {
            LOG.error(ApiError.CUS_SERVE_FAILED.code() + " {}", e.getMessage());
            return new Refused(unavailable());
        }
    }

    private static Response unavailable() {
        return Problems.of(503, ApiError.CUS_UNAVAILABLE, "Custody log unavailable", "try again later");
    }

    @GET
    @Path("status")
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    public Response statusJson() {
        Response refused = roleRefusal(false);
        if (refused != null) {
            return refused;
        }
        RequestCustody.Status s = status();
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("logSize", s.logSize());
        v.put("checkpoint", s.note());
        v.put("vkey", s.key().encode());
        v.put("signatureValid", s.signatureValid());
        if (s.checkpoint() != null) {
            v.put("origin", s.checkpoint().origin());
            v.put("treeSize", s.checkpoint().size());
            v.put("rootHash", Base64.getEncoder().encodeToString(s.checkpoint().root()));
        }
        if (s.problem() != null) {
            v.put("problem", s.problem());
        }
        return Json.ok(200, v);
    }

    @GET
    @Path("requests/{id}")
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    public Response records(@PathParam("id") String id) throws Exception {
        Outcome o = load(id, true);
        if (o instanceof Refused r) {
            return r.problem();
        }
        RequestCustody.Snapshot s = ((Found) o).snapshot();
        try {
            exported(CustodyEventType.RECORDS_EXPORTED, id, null, s.records().size() + " records against checkpoint size " + s.checkpoint().size());
        } catch (CustodyException e) { // no export without its custody event
            LOG.error(ApiError.CUS_SERVE_FAILED.code() + " {}", e.oneLine());
            return unavailable();
        }
        return Json.ok(200, view(s));
    }

    @GET
    @Path("requests/{id}/bundle")
    @Produces({"application/zip", Problems.MEDIA_TYPE})
    public Response bundle(@PathParam("id") String id, @QueryParam("items") boolean items) throws Exception {
        Outcome o = load(id, true);
        if (o instanceof Refused r) {
            return r.problem();
        }
        ClientIdentity client = ClientCertificateFilter.currentClient();
        Optional<RequestRecord> found = exports.requests().find(id);
        if (found.isEmpty()) {
            return requests.status(id);
        }
        boolean submitter = client.hasAnyRole(RequestResource.SUBMITTERS) && found.get().ownerFingerprint().equals(client.fingerprint());
        if (items && !submitter) {
            return Problems.of(403, ApiError.CUS_BUNDLE_ITEMS, "Evidence items not for this caller",
                    "only the request's submitter may export the evidence items' bytes; without items=true they are listed with their SHA-256");
        }
        java.nio.file.Path file = Files.createTempFile("bundle-", ".zip");
        try {
            BundleAssembler.Written w;
            try (OutputStream out = Files.newOutputStream(file)) {
                w = exports.bundles().write(found.get(), audience(id, client, submitter, items), out);
            }
            String manifest = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(w.manifest()));
            exported(CustodyEventType.BUNDLE_EXPORTED, id, manifest, w.files() + " files" + (items ? " with evidence items" : ""));
        } catch (Exception e) { // a store, the log, the signer or the temporary file: the caller gets 503, the operator the log line
            Files.deleteIfExists(file);
            LOG.error(ApiError.CUS_BUNDLE_FAILED.code() + " {}: {}", e.getClass().getSimpleName(), e.getMessage());
            return unavailable();
        }
        StreamingOutput body = out -> {
            try {
                Files.copy(file, out);
            } finally {
                Files.deleteIfExists(file);
            }
        };
        return Response.ok(body, "application/zip")
                .header("Content-Disposition", "attachment; filename=\"custody-" + id + ".zip\"").build();
    }

    /** The request as submitted (full for its submitter, redacted otherwise), answers' bodies and items for the submitter only. */
    private BundleAssembler.Audience audience(String id, ClientIdentity client, boolean submitter, boolean items) throws Exception {
        byte[] stored = exports.requests().canonicalJson(id);
        byte[] submitted = null;
        if (stored != null && stored.length > 0) {
            Record message = submitter ? null : ContentView.decode(stored);
            submitted = submitter ? stored : message == null ? null
                    : eu.eevidence.gw.schema.catalogue.Redactor.redactedJson(message).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        BundleAssembler.ItemReader reader = !items ? null : (itemId, out) -> {
            try {
                exports.evidence().read(client, exports.evidence().describe(client, id, itemId), out);
            } catch (IOException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e.getMessage(), e);
            }
        };
        return new BundleAssembler.Audience(submitted, !submitter, submitter, reader);
    }

    private void exported(CustodyEventType type, String id, String sha256, String detail) throws CustodyException {
        ClientIdentity c = ClientCertificateFilter.currentClient();
        custody.recordAlone(new CustodyEvent(type, id, java.time.Instant.now(custody.clock()), "client:" + c.fingerprint(), c.fingerprint(),
                null, null, sha256, detail));
    }

    /** The JSON the console's proofs.js reads (and the bundle's custody.json): {@link RequestCustody#view}. */
    static Map<String, Object> view(RequestCustody.Snapshot s) {
        return RequestCustody.view(s);
    }
}
