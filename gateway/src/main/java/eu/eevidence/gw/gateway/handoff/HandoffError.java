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

    private final Spec spec;

    HandoffError(String code, int status, String title) {
        this(code, status, title, null);
    }

    HandoffError(String code, int status, String title, String alias) {
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
