package eu.eevidence.gw.gateway.http;

/**
 * The error and log codes of more than one gateway feature of the same layer (shared answers), documented in docs/errors.md and checked there by
 * ErrorCodesTest (gateway). Codes never change meaning; new ones use the word style EEG-&lt;AREA&gt;-&lt;WORDS&gt;.
 */
public enum CommonError implements ErrorCode {
    REQ_NOT_FOUND("EEG-REQ-NOT-FOUND", 404, "Not found"),
    TRUST_SIGNER_MISMATCH("EEG-TRUST-SIGNER-MISMATCH", 403, "a signed platform answer is signed by another party than the platform of the TLS …");

    private final String code;
    private final int status;
    private final String title;
    private final String alias;

    CommonError(String code, int status, String title) {
        this(code, status, title, null);
    }

    CommonError(String code, int status, String title, String alias) {
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
