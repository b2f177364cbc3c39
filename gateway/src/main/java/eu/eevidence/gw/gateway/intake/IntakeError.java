package eu.eevidence.gw.gateway.intake;

import eu.eevidence.gw.gateway.http.ErrorCode;

/**
 * The error and log codes of the gateway feature <code>intake</code>, documented in docs/errors.md and checked there by
 * ErrorCodesTest (gateway). Codes never change meaning; new ones use the word style EEG-&lt;AREA&gt;-&lt;WORDS&gt;.
 */
public enum IntakeError implements ErrorCode {
    AUTH_ISSUER_KIND("EEG-AUTH-ISSUER-KIND", 422, "the order of a civil court or administrative authority must name its issuing authority as such"),
    AUTH_ISSUER_SCOPE("EEG-AUTH-ISSUER-SCOPE", 403, "a civil court or administrative authority may submit content removal orders only"),
    BROKER_UNAVAILABLE("EEG-BROKER-UNAVAILABLE", 503, "nothing stored; retry with the same key"),
    CUS_STAGE_FAILED("EEG-CUS-STAGE-FAILED", 0, "Stage failed"),
    DB_UNAVAILABLE("EEG-DB-UNAVAILABLE", 503, "nothing stored; retry with the same key"),
    INTAKE_ACCEPTED("EEG-INTAKE-ACCEPTED", 0, "Accepted"),
    INTAKE_COMPENSATION_FAILED("EEG-INTAKE-COMPENSATION-FAILED", 0, "Compensation failed"),
    INTAKE_KEY_CONFLICT("EEG-INTAKE-KEY-CONFLICT", 0, "Key conflict"),
    INTAKE_REJECTED("EEG-INTAKE-REJECTED", 0, "Rejected"),
    REQ_EMERGENCY_UNSIGNED("EEG-REQ-EMERGENCY-UNSIGNED", 403, "Emergency request not signed"),
    REQ_IDEMPOTENCY_KEY("EEG-REQ-IDEMPOTENCY-KEY", 0, "Idempotency key"),
    REQ_NOT_A_REQUEST("EEG-REQ-NOT-A-REQUEST", 422, "an answer or follow-up sent to the request intake"),
    REQ_NO_ROUTE("EEG-REQ-NO-ROUTE", 422, "the request is addressed to a State, not to a platform of this node"),
    REQ_SIGNED_UNSUPPORTED("EEG-REQ-SIGNED-UNSUPPORTED", 0, "Signed unsupported"),
    REQ_UNKNOWN_PLATFORM("EEG-REQ-UNKNOWN-PLATFORM", 0, "Unknown platform"),
    SEAL_FAILED("EEG-SEAL-FAILED", 503, "nothing stored; retry with the same key");

    private final Spec spec;

    IntakeError(String code, int status, String title) {
        this(code, status, title, null);
    }

    IntakeError(String code, int status, String title, String alias) {
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
