package eu.eevidence.gw.custody.entry;

import eu.eevidence.gw.custody.CustodyError;
import eu.eevidence.gw.custody.CustodyException;

/** The custody events, each with a stable uint16 code written into the entry. Codes are never reused. */
public enum CustodyEventType {
    REQUEST_RECEIVED(1),
    REQUEST_REJECTED(2),
    REQUEST_VALIDATED(3),
    REQUEST_SEALED(4),
    REQUEST_QUEUED(5),
    REQUEST_SENT(6),
    /** Received by the peer node or platform portal; the message hash is the hash of its signed receipt. */
    RECEIPT_RECEIVED(7),
    ACKNOWLEDGED(8),
    CLARIFICATION(9),
    /** One per evidence item declared (manifest, execution report, disclosure); the item hash is its SHA-256. */
    EVIDENCE_RECEIVED(10),
    EVIDENCE_OPENED(11),
    DEADLINE_WARNING(12),
    DEADLINE_BREACH(13),
    EXTENSION(14),
    WITHDRAWAL(15),
    RETENTION_PURGE(16),
    DELIVERY_FAILED(17),
    /** The platform confirmed that the data are preserved (Art. 29); to-state carries the new state. */
    PRESERVATION_CONFIRMED(18),
    /** The platform or peer refused the request for good. */
    REQUEST_REFUSED(19),
    /** A peer node's message was opened, verified and stored (the message hash is that of the protected bytes received). */
    NETWORK_RECEIVED(30),
    /** This node issued a signed network receipt (the message hash is that of the signed receipt). */
    RECEIPT_ISSUED(31),
    /** The node packaged the request for manual submission to a platform without a machine interface; hash: the signed manifest. */
    HANDOFF_PREPARED(20),
    /** An operator confirmed the manual submission (who, when, the platform's reference); not a portal receipt. */
    HANDOFF_CONFIRMED(21),
    /**
     * An evidence item's bytes passed every check against the manifest that declared it and are stored encrypted (after
     * its {@link #EVIDENCE_RECEIVED} declaration); the item hash is its SHA-256.
     */
    EVIDENCE_STORED(45),
    /** This node released an evidence item to a peer node (re-protected for it: signed by this node, encrypted for the peer); hash: the item's SHA-256. */
    EVIDENCE_SENT(40),
    /** The request's owner recorded an onward transfer of its data to another authority (Protocol Art. 14(10)); no hash. */
    ONWARD_TRANSFER(60),
    /** A request's custody records (with salts and inclusion proofs) were exported to an auditor or the submitter; no hash. */
    RECORDS_EXPORTED(70),
    /** A request's court bundle was exported (ADR-0029); the hash is that of the bundle's signed manifest. */
    BUNDLE_EXPORTED(71),
    /**
     * The platform removed the content of a removal order (CONTENT_REMOVED, ADR-0033); the message hash is that of the
     * answer. Its clear fields carry counts only, never the order's hashes.
     */
    CONTENT_REMOVED(80),
    /**
     * The platform applied a hash list for resurfacing prevention (HASH_LIST_APPLIED, ADR-0038); the message hash is that
     * of the answer. Its clear fields carry counts only, never a hash value.
     */
    HASH_LIST_APPLIED(81);

    private final int code;

    CustodyEventType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static CustodyEventType of(int code) throws CustodyException {
        for (CustodyEventType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new CustodyException(CustodyError.ENTRY_MALFORMED, "unknown custody event type code " + code);
    }
}
