package eu.eevidence.gw.gateway.api;

import eu.eevidence.gw.gateway.access.ClientCertificateChecks;
import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.http.Problems;
import eu.eevidence.gw.pki.Certificates;
import eu.eevidence.gw.pki.Role;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import org.apache.cxf.jaxrs.utils.JAXRSUtils;
import org.apache.cxf.message.Message;
import org.apache.cxf.security.transport.TLSSessionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import eu.eevidence.gw.gateway.trust.TrustError;

/**
 * Authentication for {@code /api/**}: the TLS layer has already checked the client certificate chain against
 * the node's trust anchors; this filter requires that a certificate was presented, extracts its fingerprint,
 * subject and roles, and bounds the body size. {@code /health} and {@code /openapi.json} need no certificate.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public final class ClientCertificateFilter implements ContainerRequestFilter {

    public static final String CLIENT = "eeg.client";

    /** The client identity this filter put on the current request, or null (outside a request, or not authenticated). */
    public static ClientIdentity currentClient() {
        org.apache.cxf.message.Message m = org.apache.cxf.jaxrs.utils.JAXRSUtils.getCurrentMessage();
        Object c = m == null ? null : m.get(CLIENT);
        if (c == null && m != null && m.getExchange() != null && m.getExchange().getInMessage() != null) {
            c = m.getExchange().getInMessage().get(CLIENT);
        }
        return c instanceof ClientIdentity identity ? identity : null;
    }
    private static final Logger LOG = LoggerFactory.getLogger(ClientCertificateFilter.class);

    private final long maxBodyBytes;
    private final ClientCertificateChecks checks;

    public ClientCertificateFilter(long maxBodyBytes) {
        this(maxBodyBytes, RevokedClients.none());
    }

    public ClientCertificateFilter(long maxBodyBytes, RevokedClients revoked) {
        this(maxBodyBytes, ClientCertificateChecks.denyListOnly((revoked == null ? RevokedClients.none() : revoked)::isRevoked));
    }

    /** ADR-0021: EKU, the local deny list and the CA's revocation status (OCSP/CRL, cached) of every client certificate. */
    public ClientCertificateFilter(long maxBodyBytes, ClientCertificateChecks checks) {
        this.maxBodyBytes = maxBodyBytes;
        this.checks = checks;
    }

    @Override
    public void filter(ContainerRequestContext ctx) {
        String path = ctx.getUriInfo().getPath();
        if (path.startsWith("eevidence/") || path.startsWith("/eevidence/")) {
            List<X509Certificate> chain = TlsPeer.chain();
            if (!chain.isEmpty()) {
                refuse(ctx, chain.get(0), chain); // the platform's certificate: EKU and revocation as for the API
            }
            return; // answers pushed by platforms: PushResource authenticates and bounds them (per platform, up to 32 MiB)
        }
        if (ctx.getLength() > maxBodyBytes && !EvidenceUploadResource.isPartUpload(ctx.getMethod(), path)) { // parts: bounded by the evidence limits
            boolean network = path.contains(eu.eevidence.gw.gateway.network.NetworkProtocol.MESSAGES_PATH.substring(1));
            EarlyRefusal.abort(ctx, Problems.of(413, network ? ApiError.NET_TOO_LARGE.code() : TrustError.HTTP_413.code(), "Payload too large",
                    "the body exceeds " + maxBodyBytes + " bytes"));
            return;
        }
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (!p.startsWith("api/") && !isConsolePage(p)) {
            return;
        }
        X509Certificate cert = peerCertificate();
        if (cert == null) {
            LOG.warn(ApiError.AUTH_NO_CERT.code() + " {} {} without a client certificate", ctx.getMethod(), path);
            EarlyRefusal.abort(ctx, Problems.of(401, ApiError.AUTH_NO_CERT, "Client certificate required",
                    "this API needs mutual TLS with a certificate issued under the network's trust anchors"));
            return;
        }
        String fingerprint = Certificates.sha256Fingerprint(cert);
        if (refuse(ctx, cert, TlsPeer.chain())) {
            return;
        }
        ClientIdentity client = new ClientIdentity(fingerprint, cert.getSubjectX500Principal().getName(), Role.of(cert));
        ctx.setProperty(CLIENT, client);
        Message message = JAXRSUtils.getCurrentMessage();
        if (message != null) {
            message.put(CLIENT, client);
        }
    }

    /** Aborts with the problem of {@link ClientCertificateChecks} (EKU, deny list, revocation); true when refused. */
    private boolean refuse(ContainerRequestContext ctx, X509Certificate cert, List<X509Certificate> chain) {
        Optional<ClientCertificateChecks.Refusal> r = checks.check(cert, chain);
        r.ifPresent(x -> EarlyRefusal.abort(ctx, Problems.of(x.status(), x.code(), x.title(), x.detail())));
        return r.isPresent();
    }

    /** The web console's pages (ADR-0024): same identity, checks and roles as {@code /api/**}; its assets are public. */
    static boolean isConsolePage(String relativePath) {
        return (relativePath.equals("console") || relativePath.startsWith("console/")) && !relativePath.startsWith("console/assets/");
    }

    private static X509Certificate peerCertificate() {
        Message message = JAXRSUtils.getCurrentMessage();
        if (message == null) {
            return null;
        }
        TLSSessionInfo tls = message.get(TLSSessionInfo.class);
        if (tls == null || tls.getPeerCertificates() == null || tls.getPeerCertificates().length == 0) {
            return null;
        }
        Certificate first = tls.getPeerCertificates()[0];
        return first instanceof X509Certificate x ? x : null;
    }
}
