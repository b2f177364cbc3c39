package eu.eevidence.gw.gateway.access;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Who may call how often, how client certificates are checked for revocation, and what a signed submission must be
 * (ADR-0021). {@link #defaults()} are never reached by the test suite or the simulated worlds.
 *
 * @param perCertificate      token bucket per client certificate (SHA-256 fingerprint), {@code /api/**} and {@code /eevidence/**}
 * @param perAddress          token bucket per remote address for requests without a client certificate
 * @param perAddressTotal     outer bound: token bucket per remote address for all requests (many certificates behind one address)
 * @param maxTrackedKeys      bound on the buckets kept per limiter (least recently used dropped)
 * @param revocationFailClosed refuse a client certificate whose revocation status is unknown (production); false: allow it and
 *                            log {@code EEG-AUTH-REVOCATION-UNKNOWN} (the development default)
 * @param ocspResponder       OCSP responder asked for every client certificate; null: the node's own responder for certificates
 *                            of the CA it answers for (development PKI), else the certificate's AIA
 * @param crlFiles            CRL files (PEM/DER) consulted first; re-read when they change
 * @param revocationCacheTtl  upper bound on how long a revocation answer is reused (it is also bounded by its nextUpdate)
 * @param revocationRetry     how long an unknown status caused by a failing source is reused before asking again
 * @param ocspTimeout         connect and request timeout of an OCSP query over HTTP
 * @param signerDelegations   TLS client fingerprint -> fingerprints of CMS signers it may submit signed requests for
 *                            (lowercase hex); without an entry the signer must be the TLS client certificate itself
 * @param signedMaxAge        a signed submission signed longer ago is a replay ({@code EEG-PKI-014})
 * @param signedFutureSkew    a signed submission signed further in the future is refused ({@code EEG-PKI-014})
 * @param emergenciesSigned   ADR-0031: emergency requests must carry the requester's own CMS signature, else 403
 *                            {@code EEG-REQ-EMERGENCY-UNSIGNED} (on in {@code serve}, off in the demo and by default here)
 */
public record ClientAccessSettings(
        RateLimiter.Rate perCertificate,
        RateLimiter.Rate perAddress,
        RateLimiter.Rate perAddressTotal,
        int maxTrackedKeys,
        boolean revocationFailClosed,
        URI ocspResponder,
        List<Path> crlFiles,
        Duration revocationCacheTtl,
        Duration revocationRetry,
        Duration ocspTimeout,
        Map<String, Set<String>> signerDelegations,
        Duration signedMaxAge,
        Duration signedFutureSkew,
        boolean emergenciesSigned) {

    public ClientAccessSettings {
        perCertificate = perCertificate == null ? new RateLimiter.Rate(200, 400) : perCertificate;
        perAddress = perAddress == null ? new RateLimiter.Rate(50, 100) : perAddress;
        perAddressTotal = perAddressTotal == null ? new RateLimiter.Rate(1000, 2000) : perAddressTotal;
        maxTrackedKeys = maxTrackedKeys <= 0 ? 100_000 : maxTrackedKeys;
        crlFiles = crlFiles == null ? List.of() : List.copyOf(crlFiles);
        revocationCacheTtl = revocationCacheTtl == null ? Duration.ofHours(1) : revocationCacheTtl;
        revocationRetry = revocationRetry == null ? Duration.ofSeconds(30) : revocationRetry;
        ocspTimeout = ocspTimeout == null ? Duration.ofSeconds(5) : ocspTimeout;
        Map<String, Set<String>> d = new HashMap<>();
        if (signerDelegations != null) {
            signerDelegations.forEach((k, v) -> d.put(k.toLowerCase(Locale.ROOT),
                    Set.copyOf(v.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList())));
        }
        signerDelegations = Map.copyOf(d);
        signedMaxAge = signedMaxAge == null ? Duration.ofHours(24) : signedMaxAge;
        signedFutureSkew = signedFutureSkew == null ? Duration.ofMinutes(5) : signedFutureSkew;
        if (signedMaxAge.isNegative() || signedMaxAge.isZero() || signedFutureSkew.isNegative()) {
            throw new IllegalArgumentException(AccessError.CFG_SIGNED_WINDOW.code()
                    + " the signed-submission window must be positive and the skew not negative");
        }
    }

    /** 200/s burst 400 per certificate, 50/s burst 100 per address without a certificate, 1000/s burst 2000 per address; fail-open. */
    public static ClientAccessSettings defaults() {
        return new ClientAccessSettings(null, null, null, 0, false, null, null, null, null, null, null, null, null, false);
    }

    public ClientAccessSettings withRates(RateLimiter.Rate newPerCertificate, RateLimiter.Rate newPerAddress, RateLimiter.Rate newPerAddressTotal) {
        return new ClientAccessSettings(newPerCertificate, newPerAddress, newPerAddressTotal, maxTrackedKeys, revocationFailClosed, ocspResponder,
                crlFiles, revocationCacheTtl, revocationRetry, ocspTimeout, signerDelegations, signedMaxAge, signedFutureSkew, emergenciesSigned);
    }

    public ClientAccessSettings withRevocation(boolean failClosed, URI newOcspResponder, List<Path> newCrlFiles) {
        return new ClientAccessSettings(perCertificate, perAddress, perAddressTotal, maxTrackedKeys, failClosed, newOcspResponder,
                newCrlFiles, revocationCacheTtl, revocationRetry, ocspTimeout, signerDelegations, signedMaxAge, signedFutureSkew, emergenciesSigned);
    }

    public ClientAccessSettings withRevocationTimes(Duration newCacheTtl, Duration newRetry, Duration newOcspTimeout) {
        return new ClientAccessSettings(perCertificate, perAddress, perAddressTotal, maxTrackedKeys, revocationFailClosed, ocspResponder,
                crlFiles, newCacheTtl, newRetry, newOcspTimeout, signerDelegations, signedMaxAge, signedFutureSkew, emergenciesSigned);
    }

    public ClientAccessSettings withSignerDelegations(Map<String, Set<String>> newDelegations) {
        return new ClientAccessSettings(perCertificate, perAddress, perAddressTotal, maxTrackedKeys, revocationFailClosed, ocspResponder,
                crlFiles, revocationCacheTtl, revocationRetry, ocspTimeout, newDelegations, signedMaxAge, signedFutureSkew, emergenciesSigned);
    }

    public ClientAccessSettings withSignedWindow(Duration newMaxAge, Duration newFutureSkew) {
        return new ClientAccessSettings(perCertificate, perAddress, perAddressTotal, maxTrackedKeys, revocationFailClosed, ocspResponder,
                crlFiles, revocationCacheTtl, revocationRetry, ocspTimeout, signerDelegations, newMaxAge, newFutureSkew, emergenciesSigned);
    }

    /** ADR-0031: this configuration requiring (or not) the requester's own signature on emergency requests. */
    public ClientAccessSettings withSignedEmergencies(boolean required) {
        return new ClientAccessSettings(perCertificate, perAddress, perAddressTotal, maxTrackedKeys, revocationFailClosed, ocspResponder,
                crlFiles, revocationCacheTtl, revocationRetry, ocspTimeout, signerDelegations, signedMaxAge, signedFutureSkew, required);
    }

    /** True when {@code tlsClient} may submit requests signed by {@code signer} (both lowercase hex SHA-256 fingerprints). */
    public boolean maySubmitFor(String tlsClient, String signer) {
        String c = tlsClient.toLowerCase(Locale.ROOT);
        String s = signer.toLowerCase(Locale.ROOT);
        return c.equals(s) || signerDelegations.getOrDefault(c, Set.of()).contains(s);
    }
}
