package eu.eevidence.gw.adapter.etsi104144;

/**
 * The error and log codes of the ETSI TS 104 144 adapter, documented in docs/errors.md and checked there by
 * ErrorCodesTest (gateway). Codes never change meaning; new ones use the word style EEG-&lt;AREA&gt;-&lt;WORDS&gt;.
 */
public enum Etsi104144Error {
    EEV_CHANNEL_MISMATCH("EEG-EEV-CHANNEL-MISMATCH", 0, "Channel mismatch"),
    EEV_EMPTY("EEG-EEV-EMPTY", 0, "Empty"),
    EEV_NOT_FOR_US("EEG-EEV-NOT-FOR-US", 0, "Not for us"),
    EEV_REMOVAL_UNSUPPORTED("EEG-EEV-REMOVAL-UNSUPPORTED", 422, "Removal orders cannot be carried by ETSI TS 104 144"),
    EEV_UNKNOWN_CHANNEL("EEG-EEV-UNKNOWN-CHANNEL", 0, "Unknown channel");

    private final String code;
    private final int status;
    private final String title;
    private final String alias;

    Etsi104144Error(String code, int status, String title) {
        this(code, status, title, null);
    }

    Etsi104144Error(String code, int status, String title, String alias) {
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
