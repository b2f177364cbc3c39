package eu.eevidence.gw.gateway.delivery;

import eu.eevidence.gw.gateway.http.ErrorCode;

/**
 * The error and log codes of the gateway feature <code>delivery</code>, documented in docs/errors.md and checked there by
 * ErrorCodesTest (gateway). Codes never change meaning; new ones use the word style EEG-&lt;AREA&gt;-&lt;WORDS&gt;.
 */
public enum DeliveryError implements ErrorCode {
    CB_CLOSED("EEG-CB-CLOSED", 0, "Closed"),
    CB_HALF_OPEN("EEG-CB-HALF-OPEN", 0, "Half open"),
    CB_HELD("EEG-CB-HELD", 0, "Held"),
    CB_OPEN("EEG-CB-OPEN", 0, "Open"),
    CFG_003("EEG-CFG-003", 0, "Adapter kind twice", "EEG-CFG-ADAPTER-KIND-TWICE"),
    DLV_DEAD_LETTER("EEG-DLV-DEAD-LETTER", 0, "Dead letter"),
    DLV_DONE("EEG-DLV-DONE", 0, "Done"),
    DLV_FOLLOW_UP_UNDELIVERED("EEG-DLV-FOLLOW-UP-UNDELIVERED", 0, "Follow-up not delivered"),
    DLV_NOTICE_OK("EEG-DLV-NOTICE-OK", 0, "Notice ok"),
    DLV_NO_ROUTE("EEG-DLV-NO-ROUTE", 0, "No route"),
    DLV_OK("EEG-DLV-OK", 0, "Ok"),
    DLV_OPERATOR("EEG-DLV-OPERATOR", 0, "Operator"),
    DLV_ORPHAN("EEG-DLV-ORPHAN", 0, "Orphan"),
    DLV_POLICY("EEG-DLV-POLICY", 0, "Policy"),
    DLV_REFUSED("EEG-DLV-REFUSED", 0, "Refused"),
    DLV_RESCHEDULE("EEG-DLV-RESCHEDULE", 0, "Reschedule"),
    DLV_RETRY("EEG-DLV-RETRY", 0, "Retry"),
    DLV_UNREADABLE("EEG-DLV-UNREADABLE", 0, "Unreadable");

    private final Spec spec;

    DeliveryError(String code, int status, String title) {
        this(code, status, title, null);
    }

    DeliveryError(String code, int status, String title, String alias) {
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
