package eu.eevidence.gw.gateway.infra;

import eu.eevidence.gw.gateway.http.ErrorCode;

/**
 * The error and log codes of the gateway feature <code>infra</code>, documented in docs/errors.md and checked there by
 * ErrorCodesTest (gateway). Codes never change meaning; new ones use the word style EEG-&lt;AREA&gt;-&lt;WORDS&gt;.
 */
public enum InfraError implements ErrorCode {
    KEY_BLOB("EEG-KEY-BLOB", 0, "Blob"),
    KEY_CIPHER("EEG-KEY-CIPHER", 0, "Cipher"),
    KEY_DESTROYED("EEG-KEY-DESTROYED", 0, "Destroyed"),
    KEY_KEK("EEG-KEY-KEK", 0, "Kek"),
    KEY_UNWRAP("EEG-KEY-UNWRAP", 0, "Unwrap");

    private final String code;
    private final int status;
    private final String title;
    private final String alias;

    InfraError(String code, int status, String title) {
        this(code, status, title, null);
    }

    InfraError(String code, int status, String title, String alias) {
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
