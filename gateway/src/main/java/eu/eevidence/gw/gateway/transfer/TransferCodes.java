package eu.eevidence.gw.gateway.transfer;

import eu.eevidence.gw.gateway.evidence.EvidenceError;

/**
 * The stable codes of the evidence transfer between nodes (docs/errors.md, "Evidence transfer between nodes"), as text for
 * the call sites and tests that compare strings. The codes themselves live in {@link TransferError} and {@link EvidenceError}
 * (ADR-0025); a new transfer code is added there.
 */
public final class TransferCodes {

    /** 404: no accepted case of the calling peer with this message id holds or declares the item. */
    public static final String NOT_FOUND = TransferError.XFER_NOT_FOUND.code();
    /** 409: the item is declared by the platform's execution report but its bytes are not stored yet: ask again later. */
    public static final String NOT_YET = EvidenceError.XFER_NOT_YET.code();
    /** 403: the client certificate is not the node certificate of a configured peer. */
    public static final String UNKNOWN_PEER = TransferError.XFER_UNKNOWN_PEER.code();
    /** Receiving side: the stream is not signed by exactly the peer's node certificate; nothing is stored. */
    public static final String SIGNER = TransferError.XFER_SIGNER.code();
    /** Receiving side: the stream could not be opened and verified (cut, altered, not for this node); retried. */
    public static final String UNREADABLE = TransferError.XFER_UNREADABLE.code();
    /** Receiving side: the stream is longer than the item allows. */
    public static final String TOO_LARGE = TransferError.XFER_TOO_LARGE.code();
    /** Receiving side: the peer could not be reached or answered with an unexpected status ({@code EEG-XFER-HTTP-<status>}). */
    public static final String IO = TransferError.XFER_IO.code();
    /** Serving side: the stored item failed its integrity check; nothing was released. */
    public static final String SOURCE = TransferError.XFER_SOURCE.code();
    /** The job's attempts or time are used up; the job is FAILED (operator log line). */
    public static final String GAVE_UP = TransferError.XFER_GAVE_UP.code();

    private TransferCodes() {
    }
}
