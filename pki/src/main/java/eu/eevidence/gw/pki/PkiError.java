package eu.eevidence.gw.pki;

/**
 * Stable error codes of the PKI/CMS layer. The {@link #code()} values never change meaning; the
 * {@link #message()} is a human default text without internal names, suitable for an API answer.
 */
public enum PkiError {
    MALFORMED_CMS("EEG-PKI-001", "The CMS structure is malformed."),
    DISALLOWED_ALGORITHM("EEG-PKI-002", "The message uses an algorithm that the protection profile does not allow."),
    SIGNATURE_INVALID("EEG-PKI-003", "The signature is invalid."),
    UNTRUSTED_SIGNER("EEG-PKI-004", "The signer certificate is not trusted."),
    SIGNER_EXPIRED("EEG-PKI-005", "The signer certificate was not valid at the signing time."),
    ROLE_MISMATCH("EEG-PKI-006", "The certificate does not carry the role required for this operation."),
    NOT_A_RECIPIENT("EEG-PKI-007", "The message is not addressed to this gateway."),
    DECRYPTION_FAILED("EEG-PKI-008", "The message could not be decrypted or failed its integrity check."),
    KEYSTORE_UNREADABLE("EEG-PKI-009", "The key store could not be read or written."),
    CERTIFICATE_INVALID("EEG-PKI-010", "The certificate is invalid."),
    INTERNAL("EEG-PKI-011", "Internal error in the PKI layer."),
    REVOKED("EEG-PKI-012", "A certificate of the signer's chain is revoked."),
    REVOCATION_UNKNOWN("EEG-PKI-013", "The revocation status of a certificate could not be determined."),
    REPLAY("EEG-PKI-014", "The message was already received or its signing time is outside the accepted window."),
    TIMESTAMP_INVALID("EEG-PKI-015", "The time-stamp is missing or invalid."),
    STREAM_IO("EEG-PKI-016", "The message stream could not be read or written."),
    CA_DATABASE("EEG-PKI-017", "The certification authority database could not be read or updated."),
    TSA_UNAVAILABLE("EEG-PKI-018", "The time-stamping authority could not be reached or refused the request.");

    private final String code;
    private final String message;

    PkiError(String code, String message) {
        this.code = code;
        this.message = message;
    }

    /** Stable code such as {@code EEG-PKI-001}. */
    public String code() {
        return code;
    }

    /** Human default message. */
    public String message() {
        return message;
    }

    /** 0: the gateway chooses the HTTP status of the answer. Same shape as the gateway's ErrorCode. */
    public int status() {
        return 0;
    }

    /** The human default message, as title. */
    public String title() {
        return message;
    }

    /** The word-style alias of this published numeric code (docs/errors.md), e.g. {@code EEG-PKI-REPLAY}. */
    public String alias() {
        return "EEG-PKI-" + (this == REVOKED ? "CHAIN-REVOKED" : name().replace('_', '-'));
    }
}
