package eu.eevidence.gw.gateway.infra;

/**
 * The error and log codes of the gateway feature <code>infra</code>, documented in docs/errors.md and checked there by
 * ErrorCodesTest (gateway). This feature is in the bottom layer beside {@code http}, so it cannot implement
 * {@code http.ErrorCode} (ADR-0002: no dependency within a layer) and has the same methods instead (ADR-0025).
 * Codes never change meaning; new ones use the word style EEG-&lt;AREA&gt;-&lt;WORDS&gt;.
 */
public enum InfraError {
    NODE_STOP_ERROR("EEG-NODE-STOP-ERROR", 0, "Stop error"),
    KEY_BLOB("EEG-KEY-BLOB", 0, "Blob"),
    KEY_CIPHER("EEG-KEY-CIPHER", 0, "Cipher"),
    KEY_DESTROYED("EEG-KEY-DESTROYED", 0, "Destroyed"),
    KEY_KEK("EEG-KEY-KEK", 0, "Kek"),
    KEY_UNWRAP("EEG-KEY-UNWRAP", 0, "Unwrap"),
    STORAGE_FAILED("EEG-STORAGE-FAILED", 503, "Storage failed");

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
