package eu.eevidence.gw.gateway.evidence;

import eu.eevidence.gw.gateway.http.ErrorCode;

/**
 * The error and log codes of the gateway feature <code>evidence</code>, documented in docs/errors.md and checked there by
 * ErrorCodesTest (gateway). Codes never change meaning; new ones use the word style EEG-&lt;AREA&gt;-&lt;WORDS&gt;.
 */
public enum EvidenceError implements ErrorCode {
    EVD_ACCESS_LOG("EEG-EVD-ACCESS-LOG", 0, "Access log"),
    EVD_BAD_UPLOAD("EEG-EVD-BAD-UPLOAD", 400, "Bad upload"),
    EVD_CLEANUP("EEG-EVD-CLEANUP", 0, "Cleanup"),
    EVD_DIGEST("EEG-EVD-DIGEST", 422, "the assembled item (or an adapter's item) does not match its declared SHA-256; the upload …"),
    EVD_FETCH("EEG-EVD-FETCH", 502, "an adapter's download of a referenced item failed (the adapter's own EEG-FETCH-* code …"),
    EVD_INCOMPLETE("EEG-EVD-INCOMPLETE", 400, "the content could not be read to its end (the client went away)"),
    EVD_ITEM_CONFLICT("EEG-EVD-ITEM-CONFLICT", 409, "the item id is already stored for this request with other content"),
    EVD_MANIFEST_MISMATCH("EEG-EVD-MANIFEST-MISMATCH", 422, "the declared size, SHA-256 or media type differ from the manifest (also: an adapter's …"),
    EVD_MISSING("EEG-EVD-MISSING", 500, "the encrypted file of a recorded item is gone"),
    EVD_NOT_IN_MANIFEST("EEG-EVD-NOT-IN-MANIFEST", 409, "no execution report stored for the request lists this item: send the report with its …"),
    EVD_NOT_YOURS("EEG-EVD-NOT-YOURS", 404, "the request does not exist or is not addressed to the calling platform (its certificate …"),
    EVD_OPEN("EEG-EVD-OPEN", 0, "Open"),
    EVD_PARTS_MISSING("EEG-EVD-PARTS-MISSING", 409, "completing with parts still missing (the message names the first ones; GET the upload for …"),
    EVD_PART_DIGEST("EEG-EVD-PART-DIGEST", 422, "the part's bytes do not match its SHA-256 (nothing is kept)"),
    EVD_PART_DIGEST_MISSING("EEG-EVD-PART-DIGEST-MISSING", 400, "neither X-Part-SHA256 (hex) nor Content-Digest: sha-256=:base64: was given"),
    EVD_PART_NUMBER("EEG-EVD-PART-NUMBER", 400, "Bad part"),
    EVD_PART_SIZE("EEG-EVD-PART-SIZE", 400, "the part is not exactly the size its position requires (every part but the last has …"),
    EVD_READ("EEG-EVD-READ", 0, "Read"),
    EVD_SIGN("EEG-EVD-SIGN", 500, "the evidence store cannot write, or the node cannot sign its record of the item"),
    EVD_SIZE("EEG-EVD-SIZE", 422, "the assembled item (or an adapter's item) is not its declared size; the upload stays open"),
    EVD_SOURCE("EEG-EVD-SOURCE", 502, "another source of evidence bytes failed"),
    EVD_STORE("EEG-EVD-STORE", 500, "the evidence store cannot write, or the node cannot sign its record of the item"),
    EVD_STORED("EEG-EVD-STORED", 0, "Stored"),
    EVD_TAMPERED("EEG-EVD-TAMPERED", 500, "the encrypted file at rest is not the one recorded when it was stored, or fails its GCM …"),
    EVD_TOO_LARGE("EEG-EVD-TOO-LARGE", 413, "the item is larger than the node takes (default 64 GiB)"),
    EVD_TOO_MANY_PARTS("EEG-EVD-TOO-MANY-PARTS", 413, "at the chosen part size the item needs more parts than allowed (default 10,000)"),
    EVD_UNKNOWN_ITEM("EEG-EVD-UNKNOWN-ITEM", 404, "the request (of the caller) has no evidence item with this id"),
    EVD_UNKNOWN_UPLOAD("EEG-EVD-UNKNOWN-UPLOAD", 404, "no upload with this id for this request"),
    EVD_UPLOAD_COMPLETED("EEG-EVD-UPLOAD-COMPLETED", 409, "a part for an upload that is already completed"),
    EVD_UPLOAD_CREATED("EEG-EVD-UPLOAD-CREATED", 0, "Upload created"),
    XFER_NOT_YET("EEG-XFER-NOT-YET", 0, "the platform's execution report declares the item but its bytes are not stored yet; the …");

    private final Spec spec;

    EvidenceError(String code, int status, String title) {
        this(code, status, title, null);
    }

    EvidenceError(String code, int status, String title, String alias) {
        this.spec = new Spec(code, status, title, alias);
    }

    @Override
    public Spec spec() {
        return spec;
    }

    @Override
    public String toString() {
        return spec.code();
    }
}
