-- Evidence intake (issue 7, items 3 and 5; ADR-0010). The bytes live encrypted under <data-dir>/evidence/, one file per
-- distinct SHA-256; these tables say which request holds which item, and track uploads in parts. Portable SQL (H2 in
-- PostgreSQL mode and PostgreSQL).

-- One row per evidence item of a request: stored once, checked against the manifest, bound to the encrypted file.
CREATE TABLE evidence_item (
    request_id           VARCHAR(40)  NOT NULL REFERENCES request (id),
    item_id              VARCHAR(100) NOT NULL,
    sha256               VARCHAR(64)  NOT NULL,
    size_bytes           BIGINT       NOT NULL,
    media_type           VARCHAR(255) NOT NULL,
    source               VARCHAR(16)  NOT NULL,
    supplier             VARCHAR(200) NOT NULL,
    supplier_fingerprint VARCHAR(64),
    answer_id            VARCHAR(100),
    cms_sha256           VARCHAR(64)  NOT NULL,
    stored_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    signed_record        BYTEA        NOT NULL,
    CONSTRAINT pk_evidence_item PRIMARY KEY (request_id, item_id)
);
CREATE INDEX ix_evidence_item_sha ON evidence_item (sha256);

-- An upload in parts of one manifest item by the platform's legal team.
CREATE TABLE evidence_upload (
    upload_id            VARCHAR(64)  NOT NULL PRIMARY KEY,
    request_id           VARCHAR(40)  NOT NULL REFERENCES request (id),
    item_id              VARCHAR(100) NOT NULL,
    sha256               VARCHAR(64)  NOT NULL,
    size_bytes           BIGINT       NOT NULL,
    media_type           VARCHAR(255) NOT NULL,
    part_size            BIGINT       NOT NULL,
    part_count           INTEGER      NOT NULL,
    answer_id            VARCHAR(100) NOT NULL,
    uploader_fingerprint VARCHAR(64)  NOT NULL,
    state                VARCHAR(16)  NOT NULL,
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    completed_at         TIMESTAMP WITH TIME ZONE
);
CREATE INDEX ix_evidence_upload_request ON evidence_upload (request_id, item_id);

-- The parts stored so far (the encrypted part files under <data-dir>/evidence/parts/<upload_id>/).
CREATE TABLE evidence_upload_part (
    upload_id   VARCHAR(64) NOT NULL REFERENCES evidence_upload (upload_id),
    part_no     INTEGER     NOT NULL,
    size_bytes  BIGINT      NOT NULL,
    sha256      VARCHAR(64) NOT NULL,
    stored_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_evidence_upload_part PRIMARY KEY (upload_id, part_no)
);
