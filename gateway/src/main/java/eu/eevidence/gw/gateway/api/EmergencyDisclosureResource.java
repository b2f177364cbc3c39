package eu.eevidence.gw.gateway.api;

import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.cases.CaseException;
import eu.eevidence.gw.gateway.cases.PlatformDisclosures;
import eu.eevidence.gw.gateway.http.Problems;
import eu.eevidence.gw.gateway.trust.TrustError;
import eu.eevidence.gw.pki.Role;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /api/v1/platform/emergency-disclosures} (ADR-0031): a platform (certificate role PLATFORM) reports a threat
 * to life on its own initiative, CM/Rec(2026)2 para. 38.4: a {@code PLATFORM_EMERGENCY_DISCLOSURE} envelope signed by the
 * platform as CMS SignedData ({@code application/pkcs7-mime}). 201 with the case id when a case was opened for the 24/7
 * contact point, 200 with the same id for the same message again; a problem with its code otherwise, nothing stored.
 */
@Path("/api/v1/platform/emergency-disclosures")
public final class EmergencyDisclosureResource {

    private final PlatformDisclosures disclosures;
    private final int maxBodyBytes;
    private final Clock clock;

    public EmergencyDisclosureResource(PlatformDisclosures disclosures, int maxBodyBytes, Clock clock) {
        this.disclosures = disclosures;
        this.maxBodyBytes = maxBodyBytes;
        this.clock = clock;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    public Response disclose(@HeaderParam("Content-Type") String contentType, InputStream in) throws IOException {
        ClientIdentity client = RequestResource.client();
        if (!client.hasAnyRole(Set.of(Role.PLATFORM))) {
            return Problems.of(403, ApiError.AUTH_ROLE, "Forbidden", "an emergency disclosure is sent by a platform (certificate role PLATFORM)");
        }
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT).split(";")[0].trim();
        byte[] bytes = in.readNBytes(maxBodyBytes + 1);
        if (bytes.length > maxBodyBytes) {
            return Problems.of(413, TrustError.HTTP_413, "Payload too large", "the body exceeds " + maxBodyBytes + " bytes");
        }
        try {
            if (!type.equals("application/pkcs7-mime") && !type.equals("application/cms")) {
                throw PlatformDisclosures.unsigned();
            }
            PlatformDisclosures.Opened opened = disclosures.receive(client, bytes);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("caseId", opened.caseId());
            body.put("duplicate", !opened.created());
            body.put("receivedAt", clock.instant().toString());
            return Json.ok(opened.created() ? 201 : 200, body);
        } catch (CaseException e) {
            return Problems.of(e.status(), e.code(), e.status() == 415 ? "Unsupported Media Type" : "Emergency disclosure refused", e.getMessage(),
                    e.errors());
        }
    }
}
