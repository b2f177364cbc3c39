package eu.eevidence.gw.custody;

/** Stable codes of the custody log. Codes never change meaning; new ones are added at the end. */
public enum CustodyError {
    /** A tree size or index is not an unsigned 64-bit value this log can hold (at most 2^63-1). */
    RANGE("EEG-CUS-001"),
    /** A hash is not 32 bytes, or base64 text does not decode. */
    MALFORMED_HASH("EEG-CUS-002"),
    /** An inclusion or consistency proof does not verify. */
    PROOF_INVALID("EEG-CUS-003"),
    /** An entry is empty or longer than 65535 bytes (the tlog-tiles bundle limit). */
    ENTRY_SIZE("EEG-CUS-004"),
    /** The storage directory cannot be read or written. */
    STORAGE_IO("EEG-CUS-005"),
    /** A record in the middle of the storage file fails its hash check: the log refuses to open. */
    STORAGE_CORRUPT("EEG-CUS-006"),
    /** The storage is used by another process. */
    STORAGE_LOCKED("EEG-CUS-007"),
    /** A torn tail (partial last record) was found and truncated; the missing entries must be re-appended. */
    TORN_TAIL_REPAIRED("EEG-CUS-008"),
    /** A signed note or checkpoint is malformed. */
    NOTE_MALFORMED("EEG-CUS-009"),
    /** A note carries no valid signature by a known key, or a known key's signature fails. */
    NOTE_SIGNATURE("EEG-CUS-010"),
    /** A verifier key (vkey) is malformed. */
    VKEY_MALFORMED("EEG-CUS-011"),
    /** The signer refuses: same size with another root, a smaller size, or a tree inconsistent with the last signed one. */
    SIGNER_REFUSED("EEG-CUS-012"),
    /** A tile path or tile content is malformed. */
    TILE_MALFORMED("EEG-CUS-013"),
    /** A tile, bundle or checkpoint could not be fetched. */
    FETCH_FAILED("EEG-CUS-014"),
    /** The log's content does not match its signed checkpoint (first bad index reported). */
    LOG_MISMATCH("EEG-CUS-015"),
    /** A custody entry or exported record is malformed. */
    ENTRY_MALFORMED("EEG-CUS-016"),
    /** Split view: two checkpoints of one size with different roots, or a smaller size after a larger one. */
    SPLIT_VIEW("EEG-CUS-017"),
    /** The log is closed or failed after a write error and must be reopened. */
    LOG_CLOSED("EEG-CUS-018"),
    /** A re-append was given for an index other than the next one. */
    APPEND_ORDER("EEG-CUS-019"),
    /** An exported record is not committed by the entry it names. */
    RECORD_NOT_COMMITTED("EEG-CUS-020"),
    /** Key material could not be generated, read or used. */
    KEY("EEG-CUS-021"),
    /** A witness request (C2SP tlog-witness add-checkpoint body) or a witness policy is malformed. */
    WITNESS_MALFORMED("EEG-CUS-WITNESS-MALFORMED"),
    /** A cosignature (C2SP tlog-cosignature/v1) does not verify, or a witness policy's threshold is not met. */
    COSIGNATURE_INVALID("EEG-CUS-COSIGNATURE-INVALID");

    private final String code;

    CustodyError(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** 0: custody codes are thrown and printed, not answered. Same shape as the gateway's ErrorCode. */
    public int status() {
        return 0;
    }

    /** A short human title. */
    public String title() {
        return name().charAt(0) + name().substring(1).toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }

    /** The word-style alias of a published numeric code (docs/errors.md), e.g. {@code EEG-CUS-SPLIT-VIEW}; null for word-style codes. */
    public String alias() {
        return code.matches("EEG-CUS-[0-9]{3}") ? "EEG-CUS-" + name().replace('_', '-') : null;
    }
}
