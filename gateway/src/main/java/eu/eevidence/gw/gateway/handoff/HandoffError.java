package eu.eevidence.gw.gateway.handoff;

import eu.eevidence.gw.gateway.http.ErrorCode;

/**
 * The error and log codes of the gateway feature <code>handoff</code>, documented in docs/errors.md and checked there by
 * ErrorCodesTest (gateway). Codes never change meaning; new ones use the word style EEG-&lt;AREA&gt;-&lt;WORDS&gt;.
 */
public enum HandoffError implements ErrorCode {
    CHN_BAD_REFERENCE("EEG-CHN-BAD-REFERENCE", 422, "platformReference missing, longer than 200 or not printable; handedOverAt in the future …"),
    CHN_HANDOFF_CONFIRMED("EEG-CHN-HANDOFF-CONFIRMED", 0, "Handoff confirmed"),
    CHN_HANDOFF_CONFLICT("EEG-CHN-HANDOFF-CONFLICT", 409, "the hand-off was already confirmed with another reference"),
    CHN_HANDOFF_FAILED("EEG-CHN-HANDOFF-FAILED", 0, "Handoff failed"),
    CHN_HANDOFF_PREPARED("EEG-CHN-HANDOFF-PREPARED", 0, "Handoff prepared"),
    CHN_NO_HANDOFF("EEG-CHN-NO-HANDOFF", 404, "Not found");

    private final String code;
    private final int status;
    private final String title;
    private final String alias;

    HandoffError(String code, int status, String title) {
        this(code, status, title, null);
    }

    HandoffError(String code, int status, String title, String alias) {
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
