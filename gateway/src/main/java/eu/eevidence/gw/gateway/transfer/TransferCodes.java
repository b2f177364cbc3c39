package eu.eevidence.gw.gateway.transfer;

/** The stable codes of the evidence transfer between nodes (docs/errors.md, "Evidence transfer between nodes"). */
public final class TransferCodes {

    /** 404: no accepted case of the calling peer with this message id holds or declares the item. */
    public static final String NOT_FOUND = "EEG-XFER-NOT-FOUND";
    /** 409: the item is declared by the platform's execution report but its bytes are not stored yet: ask again later. */
    public static final String NOT_YET = "EEG-XFER-NOT-YET";
    /** 403: the client certificate is not the node certificate of a configured peer. */
    public static final String UNKNOWN_PEER = "EEG-XFER-UNKNOWN-PEER";
    /** Receiving side: the stream is not signed by exactly the peer's node certificate; nothing is stored. */
    public static final String SIGNER = "EEG-XFER-SIGNER";
    /** Receiving side: the stream could not be opened and verified (cut, altered, not for this node); retried. */
    public static final String UNREADABLE = "EEG-XFER-UNREADABLE";
    /** Receiving side: the stream is longer than the item allows. */
    public static final String TOO_LARGE = "EEG-XFER-TOO-LARGE";
    /** Receiving side: the peer could not be reached or answered with an unexpected status ({@code EEG-XFER-HTTP-<status>}). */
    public static final String IO = "EEG-XFER-IO";
    /** Serving side: the stored item failed its integrity check; nothing was released. */
    public static final String SOURCE = "EEG-XFER-SOURCE";
    /** The job's attempts or time are used up; the job is FAILED (operator log line). */
    public static final String GAVE_UP = "EEG-XFER-GAVE-UP";

    private TransferCodes() {
    }
}
