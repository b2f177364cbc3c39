package eu.eevidence.gw.gateway.custody;

import eu.eevidence.gw.gateway.http.ErrorCode;

/**
 * The error and log codes of the gateway feature <code>custody</code>, documented in docs/errors.md and checked there by
 * ErrorCodesTest (gateway). Codes never change meaning; new ones use the word style EEG-&lt;AREA&gt;-&lt;WORDS&gt;.
 */
public enum CustodyRecordError implements ErrorCode {
    CUS_FLUSH_FAILED("EEG-CUS-FLUSH-FAILED", 0, "Flush failed"),
    CUS_PUBLISH_FAILED("EEG-CUS-PUBLISH-FAILED", 0, "Publish failed"),
    CUS_READY("EEG-CUS-READY", 0, "Ready"),
    CUS_REPAIRED("EEG-CUS-REPAIRED", 0, "Repaired");

    private final Spec spec;

    CustodyRecordError(String code, int status, String title) {
        this(code, status, title, null);
    }

    CustodyRecordError(String code, int status, String title, String alias) {
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
