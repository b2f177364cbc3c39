package eu.eevidence.gw.gateway.access;

import eu.eevidence.gw.pki.Certificates;
import eu.eevidence.gw.pki.ClientAuthUsage;
import eu.eevidence.gw.pki.ClientRevocationChecker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What a TLS client certificate must pass beyond its chain (which the TLS layer checked): an extended key usage, when
 * present, allowing clientAuth ({@code EEG-AUTH-EKU}); not on the node's local deny list and not revoked by its CA
 * ({@code EEG-AUTH-REVOKED}); a known revocation status when the node is fail-closed ({@code EEG-AUTH-REVOCATION-UNKNOWN}).
 * Log lines carry the certificate fingerprint only, at most once a minute per certificate and code.
 */
public final class ClientCertificateChecks {

    private static final Logger LOG = LoggerFactory.getLogger(ClientCertificateChecks.class);

    /** A refused certificate: HTTP status, stable code, title and detail for the problem answer. */
    public record Refusal(int status, String code, String title, String detail) {
    }

    private final Predicate<String> denied;
    private final ClientRevocationChecker revocation;
    private final LogThrottle logs;
    /** "No revocation source for this certificate" is a configuration matter: said once per certificate, not every minute. */
    private final LogThrottle noSourceLogs;

    /**
     * @param denied     the local deny list ({@code <dataDir>/pki/revoked-clients}) by lowercase hex SHA-256 fingerprint
     * @param revocation the CA's view (OCSP, CRL), or {@code null} to check the deny list only
     */
    public ClientCertificateChecks(Predicate<String> denied, ClientRevocationChecker revocation, Clock clock) {
        this.denied = denied == null ? f -> false : denied;
        this.revocation = revocation;
        this.logs = new LogThrottle(clock, Duration.ofMinutes(1), 100_000);
        this.noSourceLogs = new LogThrottle(clock, Duration.ofDays(36_500), 100_000);
    }

    /** Only the EKU and the deny list (no OCSP, no CRL). */
    public static ClientCertificateChecks denyListOnly(Predicate<String> denied) {
        return new ClientCertificateChecks(denied, null, Clock.systemUTC());
    }

    /**
     * @param chain the chain the client presented, leaf first (used to find the issuer)
     * @return empty when the certificate may authenticate a client
     */
    public Optional<Refusal> check(X509Certificate cert, List<X509Certificate> chain) {
        String fingerprint = Certificates.sha256Fingerprint(cert);
        if (!ClientAuthUsage.permitsClientAuth(cert)) {
            log(AccessError.AUTH_EKU.code(), fingerprint, "has an extended key usage without clientAuth");
            return Optional.of(new Refusal(403, AccessError.AUTH_EKU.code(), "Certificate not for client authentication",
                    "the client certificate has an extended key usage extension without id-kp-clientAuth (RFC 5280 4.2.1.12)"));
        }
        if (denied.test(fingerprint)) {
            log(AccessError.AUTH_REVOKED.code(), fingerprint, "is on this node's deny list");
            return Optional.of(revoked("the client certificate is on this node's revocation list"));
        }
        if (revocation == null) {
            return Optional.empty();
        }
        ClientRevocationChecker.Result r = revocation.check(cert, chain);
        switch (r.status()) {
            case GOOD:
                return Optional.empty();
            case REVOKED:
                log(AccessError.AUTH_REVOKED.code(), fingerprint, "revoked (" + r.detail() + ")");
                return Optional.of(revoked("the client certificate was revoked by its certification authority"));
            default:
                if (r.allowed() && r.noSource()) {
                    if (noSourceLogs.shouldLog(fingerprint)) {
                        LOG.warn(AccessError.AUTH_REVOCATION_UNKNOWN.code() + " client certificate {} has no revocation source ({}); allowed (fail-open)."
                                + " Configure an OCSP responder or CRLs, and fail-closed in production; said once per certificate", fingerprint, r.detail());
                    }
                    return Optional.empty();
                }
                if (r.allowed()) {
                    log(AccessError.AUTH_REVOCATION_UNKNOWN.code(), fingerprint, "revocation status unknown (" + r.detail() + "); allowed (fail-open)");
                    return Optional.empty();
                }
                log(AccessError.AUTH_REVOCATION_UNKNOWN.code(), fingerprint, "revocation status unknown (" + r.detail() + "); refused (fail-closed)");
                return Optional.of(new Refusal(403, AccessError.AUTH_REVOCATION_UNKNOWN.code(), "Revocation status unknown",
                        "the revocation status of the client certificate could not be established and this node refuses unknown certificates;"
                                + " retry later"));
        }
    }

    private static Refusal revoked(String detail) {
        return new Refusal(403, AccessError.AUTH_REVOKED.code(), "Client certificate revoked", detail);
    }

    private void log(String code, String fingerprint, String what) {
        if (logs.shouldLog(code + " " + fingerprint)) {
            LOG.warn("{} client certificate {} {}", code, fingerprint, what);
        }
    }
}
