package eu.eevidence.gw.gateway.api;

import eu.eevidence.gw.gateway.access.RequestRateLimits;
import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.http.Problems;
import eu.eevidence.gw.pki.Certificates;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Rate limits (ADR-0021) for {@code /api/**} and {@code /eevidence/**}, right after {@link ClientCertificateFilter}: a
 * token bucket per client certificate, then the outer bound per remote address; a request without a certificate spends
 * from its address's bucket, in the HTTPS edge's {@link EdgeGate} (it never reaches this filter). Over the limit: {@code 429 EEG-RATE-LIMITED} with {@code Retry-After} (whole seconds, at least
 * 1), logged at most once a minute per certificate or address. {@code /health} and the other public paths are not limited.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION + 10)
public final class RateLimitFilter implements ContainerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(RateLimitFilter.class);

    private final RequestRateLimits limits;

    public RateLimitFilter(RequestRateLimits limits) {
        this.limits = limits;
    }

    @Override
    public void filter(ContainerRequestContext ctx) {
        if (!TlsPeer.limited(ctx.getUriInfo().getPath())) {
            return;
        }
        String address = TlsPeer.remoteAddress();
        Object client = ctx.getProperty(ClientCertificateFilter.CLIENT);
        String fingerprint = client instanceof ClientIdentity id ? id.fingerprint() : null;
        if (fingerprint == null) {
            List<X509Certificate> chain = TlsPeer.chain();
            if (chain.isEmpty()) {
                return; // without a certificate: never here (the HTTPS edge's gate answers, spending its address's bucket)
            }
            fingerprint = Certificates.sha256Fingerprint(chain.get(0));
        }
        limits.authenticated(fingerprint, address).ifPresent(r -> EarlyRefusal.abort(ctx, tooMany(limits, r)));
    }

    static Response tooMany(RequestRateLimits limits, RequestRateLimits.Refusal r) {
        if (limits.shouldLog(r)) {
            LOG.warn(ApiError.RATE_LIMITED.code() + " {} {} over its rate limit (further refusals of it are not logged for a minute)", r.limit(), r.key());
        }
        return Response.fromResponse(Problems.of(429, ApiError.RATE_LIMITED, "Too many requests",
                        "the rate limit per " + r.limit() + " is reached; retry after " + r.retryAfterSeconds() + " s"))
                .header("Retry-After", Long.toString(r.retryAfterSeconds())).build();
    }
}
