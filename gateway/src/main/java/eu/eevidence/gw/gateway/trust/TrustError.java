package eu.eevidence.gw.gateway.trust;

import eu.eevidence.gw.gateway.http.ErrorCode;

/**
 * The error and log codes of the gateway feature <code>trust</code>, documented in docs/errors.md and checked there by
 * ErrorCodesTest (gateway). Codes never change meaning; new ones use the word style EEG-&lt;AREA&gt;-&lt;WORDS&gt;.
 */
public enum TrustError implements ErrorCode {
    HTTP_400("EEG-HTTP-400", 400, "Unreadable body"),
    HTTP_413("EEG-HTTP-413", 413, "Payload too large"),
    HTTP_414("EEG-HTTP-414", 414, "URI too long"),
    TRUST_CONFIG("EEG-TRUST-CONFIG", 0, "invalid trust-services configuration (OCSP validity not positive, OCSP CA directory …"),
    TRUST_SERVICES("EEG-TRUST-SERVICES", 0, "start-up line: which CA /ocsp answers for and which TSA /tsa signs with (or off)"),
    TRUST_TSA_CERT("EEG-TRUST-TSA-CERT", 0, "the configured TSA certificate lacks id-kp-timeStamping as its only, critical, extended …");

    private final Spec spec;

    TrustError(String code, int status, String title) {
        this(code, status, title, null);
    }

    TrustError(String code, int status, String title, String alias) {
        this.spec = new Spec(code, status, title, alias);
    }

    @Override
    public Spec spec() {
        return spec;
    }

    @Override
    public String toString() {
        return spec.code();
    }
}
