package eu.eevidence.gw.gateway.access;

import java.time.Clock;
import java.util.Optional;

/**
 * The node's rate limits (ADR-0021): a token bucket per client certificate, one per remote address for requests without
 * a certificate, and one per remote address for all requests as an outer bound. One certificate at its limit never
 * touches another certificate's bucket. {@link #shouldLog} lets each refused key be logged at most once a minute.
 */
public final class RequestRateLimits {

    /** Which bucket refused, and when to come back (whole seconds, at least 1). */
    public record Refusal(String limit, String key, long retryAfterSeconds) {
    }

    private final RateLimiter perCertificate;
    private final RateLimiter perAddress;
    private final RateLimiter perAddressTotal;
    private final LogThrottle logs;

    public RequestRateLimits(ClientAccessSettings settings, Clock clock) {
        this.perCertificate = new RateLimiter(settings.perCertificate(), clock, settings.maxTrackedKeys());
        this.perAddress = new RateLimiter(settings.perAddress(), clock, settings.maxTrackedKeys());
        this.perAddressTotal = new RateLimiter(settings.perAddressTotal(), clock, settings.maxTrackedKeys());
        this.logs = new LogThrottle(clock, java.time.Duration.ofMinutes(1), settings.maxTrackedKeys());
    }

    /** A request without a client certificate from {@code address}. */
    public Optional<Refusal> unauthenticated(String address) {
        RateLimiter.Decision d = perAddress.acquire(address);
        if (!d.allowed()) {
            return Optional.of(new Refusal("address", address, d.retryAfterSeconds()));
        }
        return outer(address);
    }

    /** A request with the client certificate {@code fingerprint} from {@code address}. */
    public Optional<Refusal> authenticated(String fingerprint, String address) {
        RateLimiter.Decision d = perCertificate.acquire(fingerprint);
        if (!d.allowed()) {
            return Optional.of(new Refusal("certificate", fingerprint, d.retryAfterSeconds()));
        }
        return outer(address);
    }

    private Optional<Refusal> outer(String address) {
        RateLimiter.Decision d = perAddressTotal.acquire(address);
        return d.allowed() ? Optional.empty() : Optional.of(new Refusal("address total", address, d.retryAfterSeconds()));
    }

    /** True at most once a minute per refused key. */
    public boolean shouldLog(Refusal r) {
        return logs.shouldLog(r.limit() + " " + r.key());
    }
}
