package eu.eevidence.gw.gateway.cases;

import eu.eevidence.gw.gateway.http.ErrorCode;

/**
 * The error and log codes of the gateway feature <code>cases</code>, documented in docs/errors.md and checked there by
 * ErrorCodesTest (gateway). Codes never change meaning; new ones use the word style EEG-&lt;AREA&gt;-&lt;WORDS&gt;.
 */
public enum CaseError implements ErrorCode {
    CASE_ANSWER_INVALID("EEG-CASE-ANSWER-INVALID", 0, "Answer invalid"),
    CASE_CONTENT("EEG-CASE-CONTENT", 0, "Content"),
    CASE_DECIDED("EEG-CASE-DECIDED", 0, "Decided"),
    CASE_DISCLOSED("EEG-CASE-DISCLOSED", 0, "Disclosed"),
    CASE_DISCLOSURE_COUNTRY("EEG-CASE-DISCLOSURE-COUNTRY", 422, "Not the node of the State concerned"),
    CASE_DISCLOSURE_INVALID("EEG-CASE-DISCLOSURE-INVALID", 422, "Emergency disclosure invalid"),
    CASE_DISCLOSURE_PLATFORM("EEG-CASE-DISCLOSURE-PLATFORM", 403, "Disclosure not from this platform"),
    CASE_DISCLOSURE_TYPE("EEG-CASE-DISCLOSURE-TYPE", 422, "Not an emergency disclosure"),
    CASE_DISCLOSURE_UNSIGNED("EEG-CASE-DISCLOSURE-UNSIGNED", 415, "Emergency disclosure not signed"),
    CASE_EMERGENCY_DISCLOSURE("EEG-CASE-EMERGENCY-DISCLOSURE", 0, "Emergency disclosure received"),
    CASE_HASH_LIST_NOT_RELAYED("EEG-CASE-HASH-LIST-NOT-RELAYED", 0, "Hash list not relayed"),
    CASE_FIELD("EEG-CASE-FIELD", 422, "Invalid decision"),
    CASE_ILLEGAL("EEG-CASE-ILLEGAL", 409, "the decision would make a move the case's transition table forbids (e.g. ACCEPT of a …"),
    CASE_NOT_ANSWERABLE("EEG-CASE-NOT-ANSWERABLE", 409, "ANSWER on a type a service provider must execute (only Budapest Art. 35, Art. 31 and …"),
    CASE_NOT_FOUND("EEG-CASE-NOT-FOUND", 404, "Not found"),
    CASE_NO_ROUTE("EEG-CASE-NO-ROUTE", 422, "the request type names no platform (Art. 35: answer it with ANSWER) or not in a …"),
    CASE_NO_TRANSPORT("EEG-CASE-NO-TRANSPORT", 0, "No transport"),
    CASE_ORDERED("EEG-CASE-ORDERED", 0, "Ordered"),
    CASE_ORDER_CONFLICT("EEG-CASE-ORDER-CONFLICT", 409, "an order with the case's idempotency key but another body exists"),
    CASE_ORDER_FAILED("EEG-CASE-ORDER-FAILED", 0, "Order failed"),
    CASE_ORDER_INVALID("EEG-CASE-ORDER-INVALID", 422, "the node's intake refused the domestic order (errors carry its codes); the case stays …"),
    CASE_ORDER_UNAVAILABLE("EEG-CASE-ORDER-UNAVAILABLE", 503, "the domestic order could not be stored or queued; the case stays ACCEPTED: repeat the …"),
    CASE_PENDING_RETRY("EEG-CASE-PENDING-RETRY", 0, "Pending retry"),
    CASE_PENDING_UNKNOWN("EEG-CASE-PENDING-UNKNOWN", 0, "Pending unknown"),
    CASE_PLATFORM_CASE("EEG-CASE-PLATFORM-CASE", 409, "ACCEPT, POSTPONE or CLARIFY on a case a platform's own emergency disclosure opened"),
    CASE_RECEIVED("EEG-CASE-RECEIVED", 0, "Received"),
    CASE_UNKNOWN_PLATFORM("EEG-CASE-UNKNOWN-PLATFORM", 422, "ACCEPT names a platform this node does not have"),
    CASE_WITHDRAWN("EEG-CASE-WITHDRAWN", 0, "Withdrawn");

    private final Spec spec;

    CaseError(String code, int status, String title) {
        this(code, status, title, null);
    }

    CaseError(String code, int status, String title, String alias) {
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
