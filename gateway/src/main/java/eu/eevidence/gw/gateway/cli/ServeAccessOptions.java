package eu.eevidence.gw.gateway.cli;

import eu.eevidence.gw.gateway.access.ClientAccessSettings;
import eu.eevidence.gw.gateway.access.RateLimiter;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import eu.eevidence.gw.gateway.access.AccessError;

/** {@code serve} options of ADR-0021: rate limits, client-certificate revocation, signer delegations, signed-submission window. */
final class ServeAccessOptions {

    @Option(names = "--rate-limit-certificate", paramLabel = "PER_SECOND/BURST", defaultValue = "200/400",
            description = "Token bucket per client certificate on /api and /eevidence (default: ${DEFAULT-VALUE}; 0 disables).")
    String perCertificate;

    @Option(names = "--rate-limit-address", paramLabel = "PER_SECOND/BURST", defaultValue = "50/100",
            description = "Token bucket per remote address for requests without a client certificate (default: ${DEFAULT-VALUE}; 0 disables).")
    String perAddress;

    @Option(names = "--rate-limit-address-total", paramLabel = "PER_SECOND/BURST", defaultValue = "1000/2000",
            description = "Outer bound per remote address for all requests (default: ${DEFAULT-VALUE}; 0 disables).")
    String perAddressTotal;

    @Option(names = "--revocation-fail-closed",
            description = "Refuse a client certificate whose revocation status cannot be established (403 EEG-AUTH-REVOCATION-UNKNOWN)."
                    + " Use it in production; the default allows it and logs EEG-AUTH-REVOCATION-UNKNOWN.")
    boolean failClosed;

    @Option(names = "--ocsp-responder", paramLabel = "URL",
            description = "OCSP responder for every client certificate (default: the node's own responder for the development PKI, else the certificate's AIA).")
    URI ocspResponder;

    @Option(names = "--client-crl", paramLabel = "FILE",
            description = "CRL file (PEM or DER) checked first for client certificates; re-read when it changes (repeatable).")
    List<Path> crlFiles = new ArrayList<>();

    @Option(names = "--signer-delegation", paramLabel = "TLS_FP=SIGNER_FP[,SIGNER_FP...]",
            description = "Lets the TLS client certificate TLS_FP submit requests signed by the listed certificates (SHA-256 fingerprints, hex; repeatable).")
    List<String> delegations = new ArrayList<>();

    @Option(names = "--signed-max-age", paramLabel = "DURATION", defaultValue = "PT24H",
            description = "A signed submission signed longer ago is refused as a replay, EEG-PKI-014 (ISO-8601, default: ${DEFAULT-VALUE}).")
    Duration signedMaxAge;

    @Option(names = "--signed-future-skew", paramLabel = "DURATION", defaultValue = "PT5M",
            description = "A signed submission signed further in the future is refused, EEG-PKI-014 (ISO-8601, default: ${DEFAULT-VALUE}).")
    Duration signedFutureSkew;

    @Option(names = "--allow-unsigned-emergencies",
            description = "Accept emergency requests (EPOC emergency, Protocol Arts. 9 and 10) without the requester's own CMS signature."
                    + " By default serve refuses them with 403 EEG-REQ-EMERGENCY-UNSIGNED (ADR-0031); the demo accepts them.")
    boolean allowUnsignedEmergencies;

    /** @throws IllegalArgumentException {@code EEG-CFG-RATE} or {@code EEG-CFG-DELEGATION} for an unreadable value */
    ClientAccessSettings settings() {
        return ClientAccessSettings.defaults()
                .withRates(rate(perCertificate), rate(perAddress), rate(perAddressTotal))
                .withRevocation(failClosed, ocspResponder, crlFiles)
                .withSignerDelegations(delegations(delegations))
                .withSignedWindow(signedMaxAge, signedFutureSkew)
                .withSignedEmergencies(!allowUnsignedEmergencies);
    }

    static RateLimiter.Rate rate(String value) {
        String v = value.strip();
        try {
            if (v.equals("0")) {
                return RateLimiter.Rate.off();
            }
            int slash = v.indexOf('/');
            if (slash < 0) {
                throw new IllegalArgumentException(AccessError.CFG_RATE.code() + " give a rate as PER_SECOND/BURST (e.g. 200/400) or 0: " + value);
            }
            double perSecond = Double.parseDouble(v.substring(0, slash));
            int burst = Integer.parseInt(v.substring(slash + 1));
            if (!(perSecond >= 0) || Double.isInfinite(perSecond) || burst < 0) {
                throw new IllegalArgumentException(AccessError.CFG_RATE.code() + " a rate and a burst must not be negative: " + value);
            }
            return new RateLimiter.Rate(perSecond, burst);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(AccessError.CFG_RATE.code() + " give a rate as PER_SECOND/BURST (e.g. 200/400) or 0: " + value);
        }
    }

    static Map<String, Set<String>> delegations(List<String> values) {
        Map<String, Set<String>> out = new HashMap<>();
        for (String v : values) {
            int eq = v.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(CliError.CFG_DELEGATION.code() + " give TLS_FP=SIGNER_FP[,SIGNER_FP...]: " + v);
            }
            String tls = fingerprint(v.substring(0, eq), v);
            Set<String> signers = out.computeIfAbsent(tls, k -> new HashSet<>());
            for (String s : v.substring(eq + 1).split(",")) {
                signers.add(fingerprint(s, v));
            }
        }
        return out;
    }

    private static String fingerprint(String s, String option) {
        String f = s.strip().replace(":", "").toLowerCase(java.util.Locale.ROOT);
        if (!f.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException(CliError.CFG_DELEGATION.code() + " not a SHA-256 fingerprint (64 hex digits) in " + option);
        }
        return f;
    }
}
