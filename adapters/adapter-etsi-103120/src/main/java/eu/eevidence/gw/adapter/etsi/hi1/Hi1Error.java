package eu.eevidence.gw.adapter.etsi.hi1;

/**
 * The error and log codes of the ETSI TS 103 120 (HI-1) adapter, documented in docs/errors.md and checked there by
 * ErrorCodesTest (gateway). Codes never change meaning; new ones use the word style EEG-&lt;AREA&gt;-&lt;WORDS&gt;.
 */
public enum Hi1Error {
    ADP_NO_RELATED_ORDER("EEG-ADP-NO-RELATED-ORDER", 0, "No related order"),
    ADP_UNSUPPORTED_MESSAGE("EEG-ADP-UNSUPPORTED-MESSAGE", 0, "Unsupported message"),
    ADP_UNSUPPORTED_OPERATION("EEG-ADP-UNSUPPORTED-OPERATION", 0, "Unsupported operation"),
    HI1_BAD_HEADER("EEG-HI1-BAD-HEADER", 0, "Bad header"),
    HI1_BAD_ITEM("EEG-HI1-BAD-ITEM", 0, "Bad item"),
    HI1_BAD_OBJECT("EEG-HI1-BAD-OBJECT", 0, "Bad object"),
    HI1_ENCODING("EEG-HI1-ENCODING", 0, "Encoding"),
    HI1_ERROR("EEG-HI1-ERROR", 0, "Error"),
    HI1_NOT_HI1("EEG-HI1-NOT-HI1", 0, "Not hi1"),
    HI1_NOT_XML("EEG-HI1-NOT-XML", 0, "Not xml"),
    HI1_REMOVAL_UNSUPPORTED("EEG-HI1-REMOVAL-UNSUPPORTED", 422, "Removal orders cannot be carried by ETSI TS 103 120"),
    HI1_TOO_LARGE("EEG-HI1-TOO-LARGE", 0, "Too large"),
    HI1_UNKNOWN_REASON("EEG-HI1-UNKNOWN-REASON", 0, "Unknown reason"),
    HI1_WRITE("EEG-HI1-WRITE", 0, "Write"),
    POLL_BAD_ANSWER("EEG-POLL-BAD-ANSWER", 0, "Bad answer"),
    POLL_BAD_CURSOR("EEG-POLL-BAD-CURSOR", 0, "Bad cursor"),
    POLL_CROSS_ANSWER("EEG-POLL-CROSS-ANSWER", 0, "Cross answer");

    private final String code;
    private final int status;
    private final String title;
    private final String alias;

    Hi1Error(String code, int status, String title) {
        this(code, status, title, null);
    }

    Hi1Error(String code, int status, String title, String alias) {
        this.code = code;
        this.status = status;
        this.title = title;
        this.alias = alias;
    }

    /** The stable code, as emitted. */
    public String code() {
        return code;
    }

    /** The HTTP status of a problem answer with this code, 0 for a code only logged, thrown or stored. */
    public int status() {
        return status;
    }

    /** A short human title. */
    public String title() {
        return title;
    }

    /** The word-style alias of a published numeric code (clients may match either), or null. */
    public String alias() {
        return alias;
    }

    @Override
    public String toString() {
        return code;
    }
}
