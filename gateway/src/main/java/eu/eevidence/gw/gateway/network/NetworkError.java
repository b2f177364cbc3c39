package eu.eevidence.gw.gateway.network;

import eu.eevidence.gw.gateway.http.ErrorCode;

/**
 * The error and log codes of the gateway feature <code>network</code>, documented in docs/errors.md and checked there by
 * ErrorCodesTest (gateway). Codes never change meaning; new ones use the word style EEG-&lt;AREA&gt;-&lt;WORDS&gt;.
 */
public enum NetworkError implements ErrorCode {
    CFG_005("EEG-CFG-005", 0, "Platform adapter unknown", "EEG-CFG-PLATFORM-ADAPTER-UNKNOWN"),
    DIR_ACCEPTED("EEG-DIR-ACCEPTED", 0, "Accepted"),
    DIR_CERTIFICATE("EEG-DIR-CERTIFICATE", 0, "a certificate entry that is not exactly one PEM certificate; a node without certificates"),
    DIR_CERT_ROLE("EEG-DIR-CERT-ROLE", 0, "a node certificate without the NODE role"),
    DIR_CONFLICT("EEG-DIR-CONFLICT", 0, "the accepted version with other content (SHA-256 differs)"),
    DIR_DUPLICATE("EEG-DIR-DUPLICATE", 0, "node id, platform id, node id = platform id, a certificate listed for two nodes, a region …"),
    DIR_ENDPOINT("EEG-DIR-ENDPOINT", 0, "an endpoint that is not an absolute https URI (or has user info, query or fragment)"),
    DIR_EXPIRED("EEG-DIR-EXPIRED", 0, "validUntil has passed (node clock); also logged once when the directory in use expires …"),
    DIR_FETCH("EEG-DIR-FETCH", 0, "a --network-directory-url could not be fetched: connection or TLS failure (server outside …"),
    DIR_INSTRUMENT("EEG-DIR-INSTRUMENT", 0, "lookup: the Party is not bound by the instrument the type rests on (e.g. Protocol Art. 9 …"),
    DIR_INVALID("EEG-DIR-INVALID", 0, "a value out of its domain (id, country, language, catalogue version or message type, …"),
    DIR_LISTENER("EEG-DIR-LISTENER", 0, "Listener"),
    DIR_MALFORMED("EEG-DIR-MALFORMED", 0, "not JSON, wrong type, missing or null field, duplicate JSON key, unknown enum value …"),
    DIR_NOT_CANONICAL("EEG-DIR-NOT-CANONICAL", 0, "the signed content is not the directory's canonical JSON (sign with directory sign)"),
    DIR_NO_NODE("EEG-DIR-NO-NODE", 0, "lookup: no node for that Party"),
    DIR_PEERS_NOT_APPLIED("EEG-DIR-PEERS-NOT-APPLIED", 0, "Peers not applied"),
    DIR_PEER_ADDED("EEG-DIR-PEER-ADDED", 0, "Peer added"),
    DIR_PEER_CHANGED("EEG-DIR-PEER-CHANGED", 0, "Peer changed"),
    DIR_PEER_ROUTE("EEG-DIR-PEER-ROUTE", 0, "Peer route"),
    DIR_PLATFORMS_NOT_APPLIED("EEG-DIR-PLATFORMS-NOT-APPLIED", 0, "Platforms not applied"),
    DIR_PLATFORM_ADAPTER("EEG-DIR-PLATFORM-ADAPTER", 0, "Platform adapter"),
    DIR_PLATFORM_ADDED("EEG-DIR-PLATFORM-ADDED", 0, "Platform added"),
    DIR_PLATFORM_CHANGED("EEG-DIR-PLATFORM-CHANGED", 0, "Platform changed"),
    DIR_PLATFORM_ROUTE("EEG-DIR-PLATFORM-ROUTE", 0, "Platform route"),
    DIR_POLL("EEG-DIR-POLL", 0, "Poll"),
    DIR_ROLLBACK("EEG-DIR-ROLLBACK", 0, "a version lower than the accepted one (or than --min-version)"),
    DIR_SELF_MISSING("EEG-DIR-SELF-MISSING", 0, "the directory does not list this node with its id, Party, role and certificate; or a node …"),
    DIR_SIGNATURE("EEG-DIR-SIGNATURE", 0, "not a CMS SignedData of the profile, or the signature does not verify (altered file)"),
    DIR_SIGNER_ROLE("EEG-DIR-SIGNER-ROLE", 0, "the signer's certificate lacks the DIRECTORY role (e.g. a node signed it); also directory …"),
    DIR_STATE("EEG-DIR-STATE", 0, "<data-dir>/network/directory-state.json is corrupt or cannot be written (restore it; …"),
    DIR_TOO_LARGE("EEG-DIR-TOO-LARGE", 0, "the file, or a fetched answer, exceeds 8 MiB"),
    DIR_TYPE_NOT_ACCEPTED("EEG-DIR-TYPE-NOT-ACCEPTED", 0, "lookup: the Party's nodes do not accept that message type"),
    DIR_UNAVAILABLE("EEG-DIR-UNAVAILABLE", 0, "no valid directory at all at start"),
    DIR_UNKNOWN_FIELD("EEG-DIR-UNKNOWN-FIELD", 0, "a field the format does not define, at any depth"),
    DIR_UNREADABLE("EEG-DIR-UNREADABLE", 0, "the configured file is missing or unreadable"),
    DIR_UNTRUSTED("EEG-DIR-UNTRUSTED", 0, "the signer has no valid path to the network's trust anchors (or is expired/revoked)"),
    DIR_URL("EEG-DIR-URL", 0, "a --network-directory-url that is not an absolute https URL with a host (or has user info …"),
    NET_CASES_STARTING("EEG-NET-CASES-STARTING", 503, "the node's case handling is not plugged in yet (PendingInboundCases); the sender retries"),
    NET_DEAD_LETTER("EEG-NET-DEAD-LETTER", 0, "Dead letter"),
    NET_DUPLICATE("EEG-NET-DUPLICATE", 0, "Duplicate"),
    NET_DUPLICATE_CONFLICT("EEG-NET-DUPLICATE-CONFLICT", 0, "Duplicate conflict"),
    /** Family EEG-NET-HTTP-&lt;status&gt;: EEG-NET-HTTP-{HTTP status}, see {@link #withStatus(int)}. */
    NET_HTTP("EEG-NET-HTTP", 0, "Peer node answered an HTTP error status without a receipt"),
    NET_INVALID("EEG-NET-INVALID", 0, "Invalid"),
    NET_MESSAGE_ID("EEG-NET-MESSAGE-ID", 400, "X-EEG-Message-Id missing or not a catalogue message id"),
    NET_MESSAGE_ID_MISMATCH("EEG-NET-MESSAGE-ID-MISMATCH", 0, "Message id mismatch"),
    NET_NOT_FOR_US("EEG-NET-NOT-FOR-US", 0, "Not for us"),
    NET_NO_CASES("EEG-NET-NO-CASES", 0, "No cases"),
    NET_OUTBOX_SWEEP("EEG-NET-OUTBOX-SWEEP", 0, "Outbox sweep"),
    NET_RECEIPT_MALFORMED("EEG-NET-RECEIPT-MALFORMED", 0, "Receipt malformed"),
    NET_RECEIPT_MISMATCH("EEG-NET-RECEIPT-MISMATCH", 0, "Receipt mismatch"),
    NET_RECEIPT_SIGNATURE("EEG-NET-RECEIPT-SIGNATURE", 0, "Receipt signature"),
    NET_RECEIPT_SIGNER("EEG-NET-RECEIPT-SIGNER", 0, "Receipt signer"),
    NET_RECEIPT_SIGN_FAILED("EEG-NET-RECEIPT-SIGN-FAILED", 503, "nothing stored; the sender retries"),
    NET_RECEIPT_UNEXPECTED("EEG-NET-RECEIPT-UNEXPECTED", 0, "Receipt unexpected"),
    NET_RECEIVED("EEG-NET-RECEIVED", 0, "Received"),
    NET_REFUSED("EEG-NET-REFUSED", 0, "Refused"),
    NET_REJECTED("EEG-NET-REJECTED", 0, "Rejected"),
    NET_RETRY("EEG-NET-RETRY", 0, "Retry"),
    NET_SENDER_PARTY("EEG-NET-SENDER-PARTY", 0, "Sender party"),
    NET_SENT("EEG-NET-SENT", 0, "Sent"),
    NET_SIGNER_MISMATCH("EEG-NET-SIGNER-MISMATCH", 0, "Signer mismatch"),
    NET_UNKNOWN_CORRELATION("EEG-NET-UNKNOWN-CORRELATION", 0, "Unknown correlation"),
    NET_UNKNOWN_PEER("EEG-NET-UNKNOWN-PEER", 403, "Forbidden"),
    NET_UNREADABLE("EEG-NET-UNREADABLE", 0, "Unreadable"),
    REM_DUPLICATE("EEG-REM-DUPLICATE", 0, "Duplicate"),
    REM_DUPLICATE_CONFLICT("EEG-REM-DUPLICATE-CONFLICT", 422, "another evidence (other bytes) with that receipt id was already received from that peer"),
    REM_ISSUED("EEG-REM-ISSUED", 0, "Issued"),
    REM_ISSUER("EEG-REM-ISSUER", 422, "the evidence's issuer is not the sending peer, or its sender is not this node"),
    REM_KIND("EEG-REM-KIND", 422, "not a DELIVERED or RETRIEVED evidence (the hop's SUBMISSION_* receipts travel only as the …"),
    REM_MALFORMED("EEG-REM-MALFORMED", 400, "empty body, not a CMS SignedData, signed content not a network receipt, or a …"),
    REM_MISMATCH("EEG-REM-MISMATCH", 422, "the evidence's messageSha256 is not the SHA-256 of the bytes this node sent"),
    REM_NO_HOP("EEG-REM-NO-HOP", 0, "No hop"),
    REM_RECEIVED("EEG-REM-RECEIVED", 0, "Received"),
    REM_REFUSED("EEG-REM-REFUSED", 0, "Refused"),
    REM_SIGNATURE("EEG-REM-SIGNATURE", 422, "the signature does not verify under the network's trust anchors (or the signer lacks role …"),
    REM_SIGNER("EEG-REM-SIGNER", 422, "signed by another certificate than the sending peer's node certificate"),
    REM_SIGN_FAILED("EEG-REM-SIGN-FAILED", 0, "Sign failed"),
    REM_UNKNOWN_MESSAGE("EEG-REM-UNKNOWN-MESSAGE", 422, "no request of this node was sent to that peer with that message id"),
    REM_UNKNOWN_PEER("EEG-REM-UNKNOWN-PEER", 403, "Forbidden");

    private final String code;
    private final int status;
    private final String title;
    private final String alias;

    NetworkError(String code, int status, String title) {
        this(code, status, title, null);
    }

    NetworkError(String code, int status, String title, String alias) {
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
