package eu.eevidence.gw.adapter.portal.json;

/**
 * The error and log codes of the JSON portal adapter, documented in docs/errors.md and checked there by
 * ErrorCodesTest (gateway). Codes never change meaning; new ones use the word style EEG-&lt;AREA&gt;-&lt;WORDS&gt;.
 */
public enum PortalError {
    AUTH_BAD_TOKEN_RESPONSE("EEG-AUTH-BAD-TOKEN-RESPONSE", 0, "Bad token response"),
    AUTH_CLIENT_REJECTED("EEG-AUTH-CLIENT-REJECTED", 0, "Client rejected"),
    AUTH_TOKEN_UNAVAILABLE("EEG-AUTH-TOKEN-UNAVAILABLE", 0, "Token unavailable"),
    AUTH_UNAUTHORIZED("EEG-AUTH-UNAUTHORIZED", 0, "Unauthorized"),
    DLV_DIGEST_MISMATCH("EEG-DLV-DIGEST-MISMATCH", 0, "Digest mismatch"),
    ID_FORMAT("EEG-ID-FORMAT", 0, "Format"),
    ID_MISSING("EEG-ID-MISSING", 0, "Missing"),
    ID_TYPE_NOT_ACCEPTED("EEG-ID-TYPE-NOT-ACCEPTED", 0, "Type not accepted"),
    PDF_NO_PAPER("EEG-PDF-NO-PAPER", 0, "No paper"),
    PDF_RENDER("EEG-PDF-RENDER", 0, "Render");

    private final String code;
    private final int status;
    private final String title;
    private final String alias;

    PortalError(String code, int status, String title) {
        this(code, status, title, null);
    }

    PortalError(String code, int status, String title, String alias) {
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
