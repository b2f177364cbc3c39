package eu.eevidence.gw.gateway.api;

import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.http.CommonError;
import eu.eevidence.gw.gateway.http.Problems;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.gateway.privacy.PrivacyError;
import eu.eevidence.gw.gateway.trust.TrustError;
import eu.eevidence.gw.gateway.victim.VictimData;
import eu.eevidence.gw.gateway.victim.VictimDataStore;
import eu.eevidence.gw.gateway.victim.VictimError;
import eu.eevidence.gw.pki.Role;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /api/v1/requests/{id}/victim-data} (ADR-0037): the request's offence category and victims' attributes, given by
 * its submitter beside the message (never inside it), sealed under the request's data key, purged with it. Visible to the
 * submitter and to the roles the deployment allows ({@code victimDataReaders}); never logged (the log line names the
 * request only), never in a timeline, custody record, alarm or export.
 */
@Path("/api/v1/requests/{id}/victim-data")
public final class VictimDataResource {

    private static final Logger LOG = LoggerFactory.getLogger(VictimDataResource.class);
    private static final int MAX_BYTES = 4096;

    private final RequestRepository requests;
    private final VictimDataStore store;
    private final Set<Role> readers;
    private final Clock clock;

    public VictimDataResource(RequestRepository requests, VictimDataStore store, Set<Role> readers, Clock clock) {
        this.requests = requests;
        this.store = store;
        this.readers = Set.copyOf(readers);
        this.clock = clock;
    }

    /** Records or replaces the data (the submitter only): 201 recorded, 200 replaced. */
    @PUT
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    public Response put(@PathParam("id") String id, InputStream body) throws IOException {
        ClientIdentity client = RequestResource.client();
        Optional<RequestRecord> r = requests.find(id).filter(x -> x.ownerFingerprint().equals(client.fingerprint()));
        if (r.isEmpty()) {
            return notFound();
        }
        byte[] bytes = body.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            return Problems.of(413, TrustError.HTTP_413, "Payload too large", "victim data are at most " + MAX_BYTES + " bytes");
        }
        Response encoding = TextBodies.refusal(bytes);
        if (encoding != null) {
            return encoding;
        }
        VictimData.Parsed p = VictimData.parse(bytes);
        if (p.data() == null) {
            return Problems.of(422, p.violations().get(0).code(), "Invalid victim data",
                    "the fields listed in errors are not valid; nothing was stored", p.violations());
        }
        VictimDataStore.Put put = store.put(id, p.data(), "client:" + client.fingerprint(), clock.instant());
        if (put == VictimDataStore.Put.PURGED) {
            return Problems.of(410, PrivacyError.RET_PURGED, "Gone", "the personal data of this request were purged");
        }
        LOG.info(VictimError.RECORDED.code() + " request {} victim data {}", id, put == VictimDataStore.Put.RECORDED ? "recorded" : "replaced");
        return Json.ok(put == VictimDataStore.Put.RECORDED ? 201 : 200, view(id, p.data()));
    }

    /** The data, for the submitter and the allowed roles. */
    @GET
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    public Response get(@PathParam("id") String id) {
        ClientIdentity client = RequestResource.client();
        Optional<RequestRecord> r = requests.find(id);
        boolean owner = r.isPresent() && r.get().ownerFingerprint().equals(client.fingerprint());
        if (!owner && !client.hasAnyRole(readers)) {
            if (r.isPresent() && client.hasAnyRole(Set.of(Role.AUDITOR))) {
                return Problems.of(403, VictimError.ROLE, "Forbidden", "victim data are visible to the submitter and the roles the deployment allows");
            }
            return notFound();
        }
        if (r.isEmpty()) {
            return notFound();
        }
        Optional<VictimData> d = store.find(id);
        if (d.isEmpty()) {
            return Problems.of(404, VictimError.NONE, "Not found", "no victim data are recorded for this request (or they were purged)");
        }
        return Json.ok(200, view(id, d.get()));
    }

    private static Map<String, Object> view(String id, VictimData d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requestId", id);
        m.putAll(d.view());
        return m;
    }

    private static Response notFound() {
        return Problems.of(404, CommonError.REQ_NOT_FOUND, "Not found", "no request with this id is visible to your certificate");
    }
}
