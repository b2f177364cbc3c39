package eu.eevidence.gw.gateway.action;

import eu.eevidence.gw.gateway.http.ErrorCode;

/**
 * The error and log codes of the gateway feature <code>action</code>, documented in docs/errors.md and checked there by
 * ErrorCodesTest (gateway). Codes never change meaning; new ones use the word style EEG-&lt;AREA&gt;-&lt;WORDS&gt;.
 */
public enum ActionError implements ErrorCode {
    ACT_FOLLOW_UP_NOT_SENT("EEG-ACT-FOLLOW-UP-NOT-SENT", 409, "the request has not reached its addressee yet"),
    ACT_FOLLOW_UP_TEXT("EEG-ACT-FOLLOW-UP-TEXT", 422, "action body invalid"),
    ACT_FOLLOW_UP_UNSUPPORTED("EEG-ACT-FOLLOW-UP-UNSUPPORTED", 422, "the addressee's channel cannot carry this follow-up"),
    ACT_FOLLOW_UP_WITHDRAWN("EEG-ACT-FOLLOW-UP-WITHDRAWN", 409, "the request was withdrawn; it takes no follow-up"),
    ACT_HASH_LIST_NOT_REMOVAL("EEG-ACT-HASH-LIST-NOT-REMOVAL", 422, "a hash list follows a removal order only"),
    ACT_HASH_LIST_UNSUPPORTED("EEG-ACT-HASH-LIST-UNSUPPORTED", 422, "the addressee's channel cannot carry a hash list"),
    ACT_HASH_LIST_EMPTY("EEG-ACT-HASH-LIST-EMPTY", 422, "the hash list would be empty"),
    ACT_HASH_LIST_DISTANCE_SETTING("EEG-ACT-HASH-LIST-DISTANCE-SETTING", 0, "Hash-list distance setting ignored"),
    ACT_HASH_LIST_SENT("EEG-ACT-HASH-LIST-SENT", 0, "Hash list queued"),
    ACT_FUTURE("EEG-ACT-FUTURE", 422, "action body invalid"),
    ACT_NOTICE_QUEUE_RETRY("EEG-ACT-NOTICE-QUEUE-RETRY", 0, "Notice queue retry"),
    ACT_REASON_TOO_LONG("EEG-ACT-REASON-TOO-LONG", 422, "action body invalid"),
    ACT_TERMINAL("EEG-ACT-TERMINAL", 409, "the request is in a terminal state; the action is not possible"),
    ACT_UNKNOWN_EVENT("EEG-ACT-UNKNOWN-EVENT", 422, "Invalid action"),
    ACT_WITHDRAWN("EEG-ACT-WITHDRAWN", 0, "Withdrawn");

    private final Spec spec;

    ActionError(String code, int status, String title) {
        this(code, status, title, null);
    }

    ActionError(String code, int status, String title, String alias) {
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
