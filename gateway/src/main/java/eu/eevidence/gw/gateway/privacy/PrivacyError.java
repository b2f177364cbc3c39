package eu.eevidence.gw.gateway.privacy;

import eu.eevidence.gw.gateway.http.ErrorCode;

/**
 * The error and log codes of the gateway feature <code>privacy</code>, documented in docs/errors.md and checked there by
 * ErrorCodesTest (gateway). Codes never change meaning; new ones use the word style EEG-&lt;AREA&gt;-&lt;WORDS&gt;.
 */
public enum PrivacyError implements ErrorCode {
    ONW_AUTHORISATION("EEG-ONW-AUTHORISATION", 422, "onward transfer without the reference of the requested Party's authorisation (Protocol …"),
    ONW_LEGAL_BASIS("EEG-ONW-LEGAL-BASIS", 422, "onward transfer without its legal basis (1-300 characters); also in errors"),
    ONW_RECIPIENT("EEG-ONW-RECIPIENT", 422, "onward transfer without its recipient (1-300 characters); also in errors"),
    ONW_RECORDED("EEG-ONW-RECORDED", 0, "Recorded"),
    RET_FILES("EEG-RET-FILES", 0, "Files"),
    RET_PURGED("EEG-RET-PURGED", 410, "Gone");

    private final Spec spec;

    PrivacyError(String code, int status, String title) {
        this(code, status, title, null);
    }

    PrivacyError(String code, int status, String title, String alias) {
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
