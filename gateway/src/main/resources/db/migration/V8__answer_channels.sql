-- Answers that platforms give through their own channels (adapters' PortalAnswer: pushed to /eevidence/* or polled),
-- the poll cursor per platform, and manual hand-offs. Portable SQL (H2 in PostgreSQL mode, PostgreSQL).

-- One row per (platform, the platform's answer id): a resent or re-polled answer finds its row and changes nothing.
CREATE TABLE portal_answer (
    platform_id   VARCHAR(64)  NOT NULL,
    answer_id     VARCHAR(200) NOT NULL,
    request_id    VARCHAR(40)  NOT NULL REFERENCES request (id),
    answer_kind   VARCHAR(40)  NOT NULL,
    channel       VARCHAR(8)   NOT NULL,
    part_no       INTEGER,
    last_part     BOOLEAN,
    occurred_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    received_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    raw_sha256    VARCHAR(64)  NOT NULL,
    raw_body      BYTEA        NOT NULL,
    outcome       VARCHAR(200) NOT NULL,
    CONSTRAINT pk_portal_answer PRIMARY KEY (platform_id, answer_id)
);
CREATE INDEX ix_portal_answer_request ON portal_answer (request_id, received_at);

-- Produced items named in data deliveries, once per request and SHA-256 (a part sent twice adds nothing).
CREATE TABLE portal_answer_item (
    request_id    VARCHAR(40)  NOT NULL REFERENCES request (id),
    sha256        VARCHAR(64)  NOT NULL,
    item_id       VARCHAR(200) NOT NULL,
    media_type    VARCHAR(200) NOT NULL,
    size_bytes    BIGINT       NOT NULL,
    download_uri  VARCHAR(2000),
    answer_id     VARCHAR(200) NOT NULL,
    CONSTRAINT pk_portal_answer_item PRIMARY KEY (request_id, sha256)
);

-- Where the next poll of a POLL platform starts (the adapter's opaque cursor), written only after the answers it covers.
CREATE TABLE answer_cursor (
    platform_id   VARCHAR(64)  NOT NULL PRIMARY KEY,
    cursor_value  VARCHAR(1000),
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Requests to platforms without a machine interface: the package prepared for manual submission and its confirmation.
CREATE TABLE manual_handoff (
    request_id          VARCHAR(40)   NOT NULL PRIMARY KEY REFERENCES request (id),
    platform_id         VARCHAR(64)   NOT NULL,
    package_dir         VARCHAR(1000) NOT NULL,
    pdf_sha256          VARCHAR(64)   NOT NULL,
    cms_sha256          VARCHAR(64)   NOT NULL,
    manifest_sha256     VARCHAR(64)   NOT NULL,
    prepared_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    confirmed_at        TIMESTAMP WITH TIME ZONE,
    confirmed_by        VARCHAR(512),
    confirmed_by_cert   VARCHAR(64),
    platform_reference  VARCHAR(200)
);
