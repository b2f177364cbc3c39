package eu.eevidence.gw.gateway.access;

import eu.eevidence.gw.gateway.http.ErrorCode;

/**
 * The error and log codes of the gateway feature <code>access</code>, documented in docs/errors.md and checked there by
 * ErrorCodesTest (gateway). Codes never change meaning; new ones use the word style EEG-&lt;AREA&gt;-&lt;WORDS&gt;.
 */
public enum AccessError implements ErrorCode {
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

    @Override
    public String code() {
        return code;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public String alias() {
        return alias;
    }

    @Override
    public String toString() {
        return code;
    }
}
