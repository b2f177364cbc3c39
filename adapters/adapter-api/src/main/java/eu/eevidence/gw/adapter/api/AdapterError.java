package eu.eevidence.gw.adapter.api;

/**
 * The error and log codes of the adapter SPI (portal HTTP calls shared by every adapter), documented in docs/errors.md and checked there by
 * ErrorCodesTest (gateway). Codes never change meaning; new ones use the word style EEG-&lt;AREA&gt;-&lt;WORDS&gt;.
 */
public enum AdapterError {
    ADP_CONFIG("EEG-ADP-CONFIG", 0, "Config"),
    ADP_POLL_UNSUPPORTED("EEG-ADP-POLL-UNSUPPORTED", 0, "Poll unsupported"),
    ADP_PUSH_UNSUPPORTED("EEG-ADP-PUSH-UNSUPPORTED", 0, "Push unsupported"),
    DLV_BAD_RECEIPT("EEG-DLV-BAD-RECEIPT", 0, "Bad receipt"),
    DLV_CROSS_RECEIPT("EEG-DLV-CROSS-RECEIPT", 0, "Cross receipt"),
    /** Family EEG-DLV-HTTP-&lt;status&gt;: EEG-DLV-HTTP-{HTTP status}, see {@link #withStatus(int)}. */
    DLV_HTTP("EEG-DLV-HTTP", 0, "Delivery answered with an HTTP error status"),
    DLV_INTERRUPTED("EEG-DLV-INTERRUPTED", 0, "Interrupted"),
    DLV_IO("EEG-DLV-IO", 0, "Io"),
    DLV_REDIRECT("EEG-DLV-REDIRECT", 0, "Redirect"),
    DLV_REJECTED("EEG-DLV-REJECTED", 0, "Rejected"),
    DLV_RESPONSE_TOO_LARGE("EEG-DLV-RESPONSE-TOO-LARGE", 0, "Response too large"),
    DLV_TIMEOUT("EEG-DLV-TIMEOUT", 0, "Timeout"),
    FETCH_HASH_MISMATCH("EEG-FETCH-HASH-MISMATCH", 0, "Hash mismatch"),
    FETCH_HOST("EEG-FETCH-HOST", 0, "Host"),
    /** Family EEG-FETCH-HTTP-&lt;status&gt;: EEG-FETCH-HTTP-{HTTP status}, see {@link #withStatus(int)}. */
    FETCH_HTTP("EEG-FETCH-HTTP", 0, "Fetch answered with an HTTP error status"),
    FETCH_INTERRUPTED("EEG-FETCH-INTERRUPTED", 0, "Interrupted"),
    FETCH_IO("EEG-FETCH-IO", 0, "Io"),
    FETCH_REDIRECT("EEG-FETCH-REDIRECT", 0, "Redirect"),
    FETCH_SINK("EEG-FETCH-SINK", 0, "Sink"),
    FETCH_SIZE_MISMATCH("EEG-FETCH-SIZE-MISMATCH", 0, "Size mismatch"),
    FETCH_TIMEOUT("EEG-FETCH-TIMEOUT", 0, "Timeout"),
    FETCH_TOO_LARGE("EEG-FETCH-TOO-LARGE", 0, "Too large"),
    /** Family EEG-POLL-HTTP-&lt;status&gt;: EEG-POLL-HTTP-{HTTP status}, see {@link #withStatus(int)}. */
    POLL_HTTP("EEG-POLL-HTTP", 0, "Poll answered with an HTTP error status"),
    /** EEG-DLV-IO of a poll, see {@link #pollCodeOf(String)}. */
    POLL_IO("EEG-POLL-IO", 0, "Portal not reachable for a poll"),
    /** EEG-DLV-TIMEOUT of a poll, see {@link #pollCodeOf(String)}. */
    POLL_TIMEOUT("EEG-POLL-TIMEOUT", 0, "Poll timed out"),
    POLL_REDIRECT("EEG-POLL-REDIRECT", 0, "Redirect");

    private final String code;
    private final int status;
    private final String title;
    private final String alias;

    AdapterError(String code, int status, String title) {
        this(code, status, title, null);
    }

    AdapterError(String code, int status, String title, String alias) {
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

    /** The code of a status family member, e.g. {@code EEG-DLV-HTTP-503}. */
    public String withStatus(int httpStatus) {
        return code + "-" + httpStatus;
    }

    /** The poll code for a delivery code of the same exchange ({@code EEG-DLV-X} becomes {@code EEG-POLL-X}). */
    public static String pollCodeOf(String deliveryCode) {
        return deliveryCode.replace("EEG-DLV-", "EEG-POLL-");
    }

    @Override
    public String toString() {
        return code;
    }
}
