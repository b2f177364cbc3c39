package eu.eevidence.gw.gateway.api;

import eu.eevidence.gw.custody.CustodyException;
import eu.eevidence.gw.custody.tiles.LogArchive;
import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.custody.CustodyService;
import eu.eevidence.gw.gateway.custody.RequestCustody;
import eu.eevidence.gw.gateway.http.Problems;
import eu.eevidence.gw.pki.Role;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The auditor's view of a request's custody (issue 16 item 6; docs/api.md, docs/design/console.md "Auditor"), AUDITOR only:
 * <ul>
 *   <li>{@code GET /api/v1/custody/status}: the log's size, its latest signed checkpoint and the node's check of its signature;</li>
 *   <li>{@code GET /api/v1/custody/requests/{id}}: the request's custody records (exported records: salt and record text,
 *       which hold what the timeline shows an auditor: actor as certificate fingerprint, states, hashes, detail; no content)
 *       with their log entries and RFC 6962 inclusion proofs against that checkpoint, the checkpoint and the verifier key;</li>
 *   <li>{@code GET /api/v1/custody/requests/{id}/bundle}: all an offline {@code audit} needs, as one zip (README.txt inside
 *       gives the commands).</li>
 * </ul>
 * Another role gets 403 {@code EEG-AUTH-ROLE}; an unknown id the request API's own 404 {@code EEG-REQ-NOT-FOUND}.
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

    public CustodyRecordsResource(CustodyService custody, RequestResource requests) {
        this.custody = custody;
        this.requests = requests;
    }

    private static Response roleRefusal() {
        ClientIdentity client = ClientCertificateFilter.currentClient();
        if (client == null || !client.hasAnyRole(AUDITORS)) {
            return Problems.of(403, ApiError.AUTH_ROLE, "Forbidden", "the custody view needs the role AUDITOR");
        }
        return null;
    }

    /** The log's status (what {@code /custody/checkpoint} serves, checked with the node's verifier key); AUDITOR only. */
    public Outcome statusRefusal() {
        Response refused = roleRefusal();
        return refused == null ? null : new Refused(refused);
    }

    public RequestCustody.Status status() {
        return RequestCustody.status(custody.log());
    }

    /** The request's custody for an auditor, or the API's refusal. The request's visibility is RequestResource's own rule. */
    public Outcome load(String id) throws Exception {
        Response refused = roleRefusal();
        if (refused != null) {
            return new Refused(refused);
        }
        Response seen = requests.status(id);
        if (seen.getStatus() != 200) {
            return new Refused(seen);
        }
        try {
            return new Found(RequestCustody.of(custody.log(), custody.records(), id));
        } catch (CustodyException e) {
            LOG.error(ApiError.CUS_SERVE_FAILED.code() + " {}", e.oneLine());
            return new Refused(Problems.of(503, ApiError.CUS_UNAVAILABLE, "Custody log unavailable", "try again later"));
        }
    }

    @GET
    @Path("status")
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    public Response statusJson() {
        Response refused = roleRefusal();
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
            v.put("rootHash", b64(s.checkpoint().root()));
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
        Outcome o = load(id);
        if (o instanceof Refused r) {
            return r.problem();
        }
        return Json.ok(200, view(((Found) o).snapshot()));
    }

    @GET
    @Path("requests/{id}/bundle")
    @Produces({"application/zip", Problems.MEDIA_TYPE})
    public Response bundle(@PathParam("id") String id) throws Exception {
        Outcome o = load(id);
        if (o instanceof Refused r) {
            return r.problem();
        }
        RequestCustody.Snapshot s = ((Found) o).snapshot();
        String json = Json.MAPPER.writeValueAsString(view(s));
        StreamingOutput body = out -> {
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                put(zip, "README.txt", readme(s).getBytes(StandardCharsets.UTF_8));
                put(zip, "vkey.txt", (s.key().encode() + "\n").getBytes(StandardCharsets.UTF_8));
                put(zip, "checkpoint.txt", s.note().getBytes(StandardCharsets.UTF_8));
                put(zip, "custody.json", json.getBytes(StandardCharsets.UTF_8));
                for (RequestCustody.Proven p : s.records()) {
                    put(zip, "records/" + p.record().index() + ".json", p.record().toJson().getBytes(StandardCharsets.UTF_8));
                }
                zip.putNextEntry(entry(ARCHIVE));
                try {
                    LogArchive.write(custody.log().published(), s.checkpoint().size(), s.note(), new FilterOutputStream(zip) {
                        @Override
                        public void write(byte[] b, int off, int len) throws IOException {
                            zip.write(b, off, len);
                        }

                        @Override
                        public void close() throws IOException {
                            flush(); // the archive's own zip ends here; the bundle's zip goes on
                        }
                    });
                } catch (CustodyException e) {
                    LOG.error(ApiError.CUS_ARCHIVE_FAILED.code() + " {}", e.oneLine());
                    throw new IOException(e.oneLine());
                }
                zip.closeEntry();
            }
        };
        return Response.ok(body, "application/zip")
                .header("Content-Disposition", "attachment; filename=\"custody-" + s.requestId() + ".zip\"").build();
    }

    /** The name of the log archive inside the bundle (the zip {@code /custody/archive} serves, at the bundle's checkpoint). */
    public static final String ARCHIVE = "custody-log.zip";

    private static String readme(RequestCustody.Snapshot s) {
        return """
                Custody of request %1$s: what `audit` needs offline (docs/design/console.md, "Auditor").
                Log %2$s, signed checkpoint of size %3$d (checkpoint.txt), verifier key vkey.txt.
                Compare vkey.txt with the key the node's operator publishes before trusting any verdict below.

                  unzip custody-%1$s.zip -d custody-%1$s && cd custody-%1$s
                  java -jar evidence-gateway.jar audit checkpoint --vkey vkey.txt --in checkpoint.txt
                  java -jar evidence-gateway.jar audit verify --log %4$s --vkey vkey.txt
                  for f in records/*.json; do java -jar evidence-gateway.jar audit record --log %4$s --record "$f" --vkey vkey.txt; done

                records/<index>.json: the exported records (eeg-custody-record/1) of the request's %5$d log entries in that checkpoint;
                custody.json: the same with each entry and its RFC 6962 inclusion proof (audit inclusion --leaf-hash ... --proof ...).
                Exit codes: 0 valid, 1 invalid, 2 malformed input.
                """.formatted(s.requestId(), s.checkpoint().origin(), s.checkpoint().size(), ARCHIVE, s.records().size());
    }

    private static void put(ZipOutputStream zip, String name, byte[] b) throws IOException {
        zip.putNextEntry(entry(name));
        zip.write(b);
        zip.closeEntry();
    }

    private static ZipEntry entry(String name) {
        ZipEntry e = new ZipEntry(name);
        e.setTime(0L);
        return e;
    }

    /** The JSON the console's proofs.js reads (and the bundle's custody.json): {@link RequestCustody#view}. */
    static Map<String, Object> view(RequestCustody.Snapshot s) {
        return RequestCustody.view(s);
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
