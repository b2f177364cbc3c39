package eu.eevidence.gw.gateway.http;

/**
 * The error and log codes of more than one gateway feature of the same layer (shared answers), documented in docs/errors.md and checked there by
 * ErrorCodesTest (gateway). Codes never change meaning; new ones use the word style EEG-&lt;AREA&gt;-&lt;WORDS&gt;.
 */
public enum CommonError implements ErrorCode {
    REQ_NOT_FOUND("EEG-REQ-NOT-FOUND", 404, "Not found"),
    TRUST_SIGNER_MISMATCH("EEG-TRUST-SIGNER-MISMATCH", 403, "a signed platform answer is signed by another party than the platform of the TLS …");

    private final Spec spec;

    CommonError(String code, int status, String title) {
        this(code, status, title, null);
    }

    CommonError(String code, int status, String title, String alias) {
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
