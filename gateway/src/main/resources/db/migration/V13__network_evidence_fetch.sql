-- Evidence transfer between nodes (ADR-0017): the requesting node fetches each evidence item that a peer's execution
-- report declares for one of its requests. One durable job per (request, item); the sweeper retries it with back-off
-- until the bytes are stored in this node's evidence store, or gives up. Portable SQL (H2 in PostgreSQL mode, PostgreSQL).
CREATE TABLE network_evidence_fetch (
    request_id       VARCHAR(40)   NOT NULL REFERENCES request (id),
    item_id          VARCHAR(100)  NOT NULL,
    peer_node_id     VARCHAR(63)   NOT NULL,
    message_id       VARCHAR(100)  NOT NULL,
    answer_id        VARCHAR(100)  NOT NULL,
    sha256           VARCHAR(64)   NOT NULL,
    size_bytes       BIGINT        NOT NULL,
    media_type       VARCHAR(255)  NOT NULL,
    state            VARCHAR(16)   NOT NULL,
    attempts         INTEGER       NOT NULL,
    waits            INTEGER       NOT NULL,
    next_attempt_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    last_code        VARCHAR(64),
    last_detail      VARCHAR(500),
    last_duration_ms BIGINT,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_network_evidence_fetch PRIMARY KEY (request_id, item_id)
);
CREATE INDEX ix_network_evidence_fetch_due ON network_evidence_fetch (state, next_attempt_at);
