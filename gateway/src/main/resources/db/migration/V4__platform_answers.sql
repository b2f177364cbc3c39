-- Answers of platforms and peers (lifecycle messages of the catalogue), stored once per message id.
CREATE TABLE platform_answer (
    message_id         VARCHAR(100) NOT NULL PRIMARY KEY,
    request_id         VARCHAR(40)  NOT NULL REFERENCES request (id),
    message_type       VARCHAR(64)  NOT NULL,
    sender_fingerprint VARCHAR(64)  NOT NULL,
    body_sha256        VARCHAR(64)  NOT NULL,
    body               BYTEA        NOT NULL,
    received_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    outcome            VARCHAR(200) NOT NULL
);
CREATE INDEX ix_platform_answer_request ON platform_answer (request_id, received_at);
