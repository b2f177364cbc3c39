-- Per-request data keys (ADR-0020, Protocol Art. 14, CM/Rec para 29.2): one random AES-256 key per request and per
-- inbound case, wrapped (AES-256-GCM) by the node's key-encryption key, with the salt of the request's commitments.
-- Purging a request deletes its row: every column and file encrypted under the key becomes unreadable. Portable SQL
-- (H2 in PostgreSQL mode and PostgreSQL).
CREATE TABLE data_key (
    owner_id     VARCHAR(40)  NOT NULL PRIMARY KEY,
    wrapped      BYTEA        NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Onward transfers of a request's data (Protocol Art. 14(10)): authorised, recorded, listed on the request.
CREATE TABLE onward_transfer (
    id                       VARCHAR(40)   NOT NULL PRIMARY KEY,
    request_id               VARCHAR(40)   NOT NULL REFERENCES request (id),
    recipient                VARCHAR(300)  NOT NULL,
    legal_basis              VARCHAR(300)  NOT NULL,
    authorisation_reference  VARCHAR(200)  NOT NULL,
    recorded_by              VARCHAR(64)   NOT NULL,
    recorded_at              TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_onward_transfer_request ON onward_transfer (request_id, recorded_at);
