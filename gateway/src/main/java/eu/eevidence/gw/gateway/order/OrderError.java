package eu.eevidence.gw.gateway.order;

import eu.eevidence.gw.gateway.http.ErrorCode;

/**
 * The error and log codes of the gateway feature <code>order</code>, documented in docs/errors.md and checked there by
 * ErrorCodesTest (gateway). Codes never change meaning; new ones use the word style EEG-&lt;AREA&gt;-&lt;WORDS&gt;.
 */
public enum OrderError implements ErrorCode {
    DB_CONFLICT("EEG-DB-CONFLICT", 0, "Conflict"),
    LIFE_001("EEG-LIFE-001", 409, "the action would make a transition the request's lifecycle forbids", "EEG-LIFE-ILLEGAL-TRANSITION"),
    LIFE_002("EEG-LIFE-002", 0, "Unknown type", "EEG-LIFE-UNKNOWN-TYPE"),
    LIFE_003("EEG-LIFE-003", 0, "Follows request", "EEG-LIFE-FOLLOWS-REQUEST");

    private final Spec spec;

    OrderError(String code, int status, String title) {
        this(code, status, title, null);
    }

    OrderError(String code, int status, String title, String alias) {
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
