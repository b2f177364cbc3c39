package eu.eevidence.gw.gateway.answer;

import eu.eevidence.gw.gateway.http.ErrorCode;

/**
 * The error and log codes of the gateway feature <code>answer</code>, documented in docs/errors.md and checked there by
 * ErrorCodesTest (gateway). Codes never change meaning; new ones use the word style EEG-&lt;AREA&gt;-&lt;WORDS&gt;.
 */
public enum AnswerError implements ErrorCode {
    ANS_APPLIED("EEG-ANS-APPLIED", 0, "Applied"),
    ANS_CONFLICT("EEG-ANS-CONFLICT", 409, "an answer's message id was already used with another body"),
    ANS_NOT_AN_ANSWER("EEG-ANS-NOT-AN-ANSWER", 422, "platform answer of the wrong kind, or without the request it answers"),
    ANS_NO_HASH_LIST("EEG-ANS-NO-HASH-LIST", 422, "a HASH_LIST_APPLIED for a request without that hash list, or naming a hash beyond it"),
    ANS_NO_CORRELATION("EEG-ANS-NO-CORRELATION", 422, "platform answer of the wrong kind, or without the request it answers"),
    CHN_APPLIED("EEG-CHN-APPLIED", 0, "Applied"),
    CHN_EVIDENCE_FAILED("EEG-CHN-EVIDENCE-FAILED", 0, "Evidence failed"),
    CHN_UNKNOWN_REFERENCE("EEG-CHN-UNKNOWN-REFERENCE", 0, "no answer of the message names a request of this platform; nothing stored. Also a log …"),
    REQ_INVALID("EEG-REQ-INVALID", 422, "Invalid request"),
    REQ_MALFORMED("EEG-REQ-MALFORMED", 400, "Malformed request"),
    TRUST_SIGNED_UNSUPPORTED("EEG-TRUST-SIGNED-UNSUPPORTED", 415, "the node does not accept signed answers (not wired)");

    private final Spec spec;

    AnswerError(String code, int status, String title) {
        this(code, status, title, null);
    }

    AnswerError(String code, int status, String title, String alias) {
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
