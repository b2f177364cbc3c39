package eu.eevidence.gw.gateway.node;

import eu.eevidence.gw.gateway.http.ErrorCode;

/**
 * The error and log codes of the gateway feature <code>node</code>, documented in docs/errors.md and checked there by
 * ErrorCodesTest (gateway). Codes never change meaning; new ones use the word style EEG-&lt;AREA&gt;-&lt;WORDS&gt;.
 */
public enum NodeError implements ErrorCode {
    CFG_004("EEG-CFG-004", 0, "Node key without trust", "EEG-CFG-NODE-KEY-WITHOUT-TRUST"),
    CFG_006("EEG-CFG-006", 0, "Secret missing", "EEG-CFG-SECRET-MISSING"),
    CFG_PUBLIC_URL("EEG-CFG-PUBLIC-URL", 0, "Public url"),
    DDL_PUBLISH("EEG-DDL-PUBLISH", 0, "Publish"),
    NODE_READY("EEG-NODE-READY", 0, "Ready"),
    NODE_STOPPED("EEG-NODE-STOPPED", 0, "Stopped");

    private final Spec spec;

    NodeError(String code, int status, String title) {
        this(code, status, title, null);
    }

    NodeError(String code, int status, String title, String alias) {
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
