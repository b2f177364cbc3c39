package eu.eevidence.gw.gateway.alert;

import eu.eevidence.gw.gateway.http.ErrorCode;

/**
 * The error and log codes of the gateway feature <code>alert</code> (alarms by e-mail and webhook, ADR-0030),
 * documented in docs/errors.md and checked there by ErrorCodesTest (gateway).
 */
public enum AlertError implements ErrorCode {
    ALM_CONFIG("EEG-ALM-CONFIG", 0, "The alarms configuration file cannot be used"),
    ALM_SENT("EEG-ALM-SENT", 0, "An alarm (or a digest) was handed to a subscriber"),
    ALM_RETRY("EEG-ALM-RETRY", 0, "An alarm was not handed over; tried again later"),
    ALM_FAILED("EEG-ALM-FAILED", 0, "An alarm was given up for a subscriber (alarm-failed state)"),
    ALM_RESUMED("EEG-ALM-RESUMED", 0, "Sends interrupted by a stop are sent again with the same id"),
    ALM_TICK_FAILED("EEG-ALM-TICK-FAILED", 0, "The alarm dispatcher failed; retried at its next tick"),
    ALM_MAIL_STARTTLS("EEG-ALM-MAIL-STARTTLS", 0, "The mail server does not offer STARTTLS (required)"),
    ALM_MAIL_AUTH("EEG-ALM-MAIL-AUTH", 0, "The mail server refused the node's credentials"),
    ALM_MAIL_REFUSED("EEG-ALM-MAIL-REFUSED", 0, "The mail server refused the message (5xx)"),
    ALM_MAIL_FAILED("EEG-ALM-MAIL-FAILED", 0, "The mail server could not be reached or answered 4xx"),
    ALM_WEBHOOK_STATUS("EEG-ALM-WEBHOOK-STATUS", 0, "The webhook receiver answered with a status other than 2xx"),
    ALM_WEBHOOK_FAILED("EEG-ALM-WEBHOOK-FAILED", 0, "The webhook receiver could not be reached over HTTPS");

    private final Spec spec;

    AlertError(String code, int status, String title) {
        this.spec = new Spec(code, status, title, null);
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
