package eu.eevidence.gw.gateway.access;

/**
 * The error and log codes of the gateway feature <code>access</code>, documented in docs/errors.md and checked there by
 * ErrorCodesTest (gateway). This feature is in the bottom layer beside {@code http}, so it cannot implement
 * {@code http.ErrorCode} (ADR-0002: no dependency within a layer) and has the same methods instead (ADR-0025).
 * Codes never change meaning; new ones use the word style EEG-&lt;AREA&gt;-&lt;WORDS&gt;.
 */
public enum AccessError {
    AUTH_EKU("EEG-AUTH-EKU", 0, "the client certificate has an extended key usage extension without id-kp-clientAuth or …"),
    AUTH_REVOCATION_UNKNOWN("EEG-AUTH-REVOCATION-UNKNOWN", 0, "the revocation status of the client certificate could not be established (OCSP responder …"),
    AUTH_REVOKED("EEG-AUTH-REVOKED", 0, "the client certificate is revoked: by its CA (OCSP or CRL, ADR-0021) or on the node's …"),
    CFG_RATE("EEG-CFG-RATE", 0, "a rate limit is not PER_SECOND/BURST (burst at least 1) or 0"),
    CFG_SIGNED_WINDOW("EEG-CFG-SIGNED-WINDOW", 0, "the signed-submission window (max age) must be positive and the future skew not negative");

    private final String code;
    private final int status;
    private final String title;
    private final String alias;

    AccessError(String code, int status, String title) {
        this(code, status, title, null);
    }

    AccessError(String code, int status, String title, String alias) {
        this.code = code;
        this.status = status;
        this.title = title;
        this.alias = alias;
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String alias() {
        return alias;
    }

    @Override
    public String toString() {
        return code;
    }
}
