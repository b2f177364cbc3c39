package eu.eevidence.gw.gateway.deadline;

import eu.eevidence.gw.gateway.http.ErrorCode;

/**
 * The error and log codes of the gateway feature <code>deadline</code>, documented in docs/errors.md and checked there by
 * ErrorCodesTest (gateway). Codes never change meaning; new ones use the word style EEG-&lt;AREA&gt;-&lt;WORDS&gt;.
 */
public enum DeadlineError implements ErrorCode {
    DDL_001("EEG-DDL-001", 0, "Rule amount", "EEG-DDL-RULE-AMOUNT"),
    DDL_002("EEG-DDL-002", 0, "No working day", "EEG-DDL-NO-WORKING-DAY"),
    DDL_003("EEG-DDL-003", 0, "Warning policy", "EEG-DDL-WARNING-POLICY"),
    DDL_004("EEG-DDL-004", 409, "a legal floor (e.g. Art. 29(7) 60 days) may be lengthened, not shortened", "EEG-DDL-FLOOR-NOT-SHORTER"),
    DDL_005("EEG-DDL-005", 0, "Rule duplicate", "EEG-DDL-RULE-DUPLICATE"),
    DDL_006("EEG-DDL-006", 0, "Override unknown rule", "EEG-DDL-OVERRIDE-UNKNOWN-RULE"),
    DDL_010("EEG-DDL-010", 409, "no running deadline with that rule on the request", "EEG-DDL-NOT-RUNNING"),
    DDL_011("EEG-DDL-011", 409, "the rule allows no extension", "EEG-DDL-NOT-EXTENSIBLE"),
    DDL_012("EEG-DDL-012", 409, "the extension allowed by the instrument was already used (EPOC-PR: once, Annex VI)", "EEG-DDL-EXTENSION-USED"),
    DDL_013("EEG-DDL-013", 409, "a new end must lie in the future", "EEG-DDL-END-NOT-FUTURE"),
    DDL_BREACH("EEG-DDL-BREACH", 0, "Breach"),
    DDL_END("EEG-DDL-END", 0, "End"),
    DDL_PUBLISH_RETRY("EEG-DDL-PUBLISH-RETRY", 0, "Publish retry"),
    DDL_TICK_FAILED("EEG-DDL-TICK-FAILED", 0, "Tick failed"),
    DDL_WARNING("EEG-DDL-WARNING", 0, "Warning"),
    RET_PURGE_FAILED("EEG-RET-PURGE-FAILED", 0, "Purge failed");

    private final Spec spec;

    DeadlineError(String code, int status, String title) {
        this(code, status, title, null);
    }

    DeadlineError(String code, int status, String title, String alias) {
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
