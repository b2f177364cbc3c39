-- ADR-0021: signed contact-point submissions accepted, by the SHA-256 of the signature value (one signature = one
-- message). A second arrival under another Idempotency-Key is a replay (EEG-PKI-014). Rows are kept only while their
-- signing time is inside the accepted window (older signatures are refused by the time check anyway).
CREATE TABLE signed_submission (
    signature_sha256   VARCHAR(64)  NOT NULL PRIMARY KEY,
    request_id         VARCHAR(40)  NOT NULL,
    client_fingerprint VARCHAR(64)  NOT NULL,
    signer_fingerprint VARCHAR(64)  NOT NULL,
    signing_time       TIMESTAMP WITH TIME ZONE NOT NULL,
    received_at        TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_signed_submission_request ON signed_submission (request_id);
CREATE INDEX ix_signed_submission_signing_time ON signed_submission (signing_time);
