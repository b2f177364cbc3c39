package eu.eevidence.gw.gateway.transfer;

import eu.eevidence.gw.gateway.http.ErrorCode;

/**
 * The error and log codes of the gateway feature <code>transfer</code>, documented in docs/errors.md and checked there by
 * ErrorCodesTest (gateway). Codes never change meaning; new ones use the word style EEG-&lt;AREA&gt;-&lt;WORDS&gt;.
 */
public enum TransferError implements ErrorCode {
    XFER_FAILED("EEG-XFER-FAILED", 0, "Failed"),
    XFER_GAVE_UP("EEG-XFER-GAVE-UP", 0, "the job's attempts (delivery policy maxAttempts) or time (maxTotal since the report, at …"),
    /** Family EEG-XFER-HTTP-&lt;status&gt;: EEG-XFER-HTTP-{HTTP status}, see {@link #withStatus(int)}. */
    XFER_HTTP("EEG-XFER-HTTP", 0, "Peer node answered an evidence transfer with an HTTP error status"),
    XFER_HTTP_404("EEG-XFER-HTTP-404", 0, "Http 404"),
    XFER_IO("EEG-XFER-IO", 0, "the peer could not be reached, the transfer broke off or took longer than 30 min, or the …"),
    XFER_NOT_FOUND("EEG-XFER-NOT-FOUND", 404, "no case of the calling peer was opened by that message id, the case was not accepted (no …"),
    XFER_QUEUED("EEG-XFER-QUEUED", 0, "Queued"),
    XFER_SENT("EEG-XFER-SENT", 0, "Sent"),
    XFER_SIGNER("EEG-XFER-SIGNER", 0, "the stream is not signed by exactly the peer's node certificate; nothing is stored"),
    XFER_SOURCE("EEG-XFER-SOURCE", 500, "the stored item failed its integrity check at rest; nothing was released (ERROR log line)"),
    XFER_STORED("EEG-XFER-STORED", 0, "Stored"),
    XFER_SWEEP_RETRY("EEG-XFER-SWEEP-RETRY", 0, "Sweep retry"),
    XFER_TOO_LARGE("EEG-XFER-TOO-LARGE", 0, "more protected bytes than the item's size allows (size + 1/32 + 1 MiB)"),
    XFER_UNKNOWN_PEER("EEG-XFER-UNKNOWN-PEER", 403, "the client certificate is not the node certificate (role NODE) of a configured peer"),
    XFER_UNREADABLE("EEG-XFER-UNREADABLE", 0, "the stream could not be opened and verified (cut, altered, GCM tag, not encrypted for …");

    private final String code;
    private final int status;
    private final String title;
    private final String alias;

    TransferError(String code, int status, String title) {
        this(code, status, title, null);
    }

    TransferError(String code, int status, String title, String alias) {
        this.code = code;
        this.status = status;
        this.title = title;
        this.alias = alias;
    }

    @Override
    public String code() {
        return code;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public String alias() {
        return alias;
    }

    /** The code of a status family member, e.g. {@code EEG-DLV-HTTP-503}. */
    public String withStatus(int httpStatus) {
        return code + "-" + httpStatus;
    }

    @Override
    public String toString() {
        return code;
    }
}
