-- Node-to-node transport (docs/design/network.md). Portable SQL: embedded H2 (MODE=PostgreSQL) and PostgreSQL.

-- Messages this node sends to peer nodes that are not its own requests (answers about cases it received, follow-ups).
-- Sealed for the peer when queued; SENT only with a receipt of the peer that verified.
CREATE TABLE network_outbox (
    id              VARCHAR(40)  NOT NULL PRIMARY KEY,
    peer_node_id    VARCHAR(63)  NOT NULL,
    message_id      VARCHAR(100) NOT NULL,
    message_type    VARCHAR(64)  NOT NULL,
    correlation_id  VARCHAR(100),
    envelope        BYTEA        NOT NULL,
    sealed          BYTEA,
    sealed_sha256   VARCHAR(64),
    state           VARCHAR(16)  NOT NULL,
    queued          BOOLEAN      NOT NULL DEFAULT FALSE,
    attempts        INTEGER      NOT NULL DEFAULT 0,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    sent_at         TIMESTAMP WITH TIME ZONE,
    receipt_id      VARCHAR(100),
    receipt         BYTEA,
    receipt_sha256  VARCHAR(64),
    last_error      VARCHAR(300),
    CONSTRAINT uq_network_outbox_message UNIQUE (message_id)
);
CREATE INDEX ix_network_outbox_state ON network_outbox (state, queued);

-- Messages received from peer nodes and accepted, once per (peer, message id): the duplicate-elimination key.
-- A repeat with the same bytes gets the stored receipt again.
CREATE TABLE network_inbox (
    peer_node_id    VARCHAR(63)  NOT NULL,
    message_id      VARCHAR(100) NOT NULL,
    message_type    VARCHAR(64)  NOT NULL,
    correlation_id  VARCHAR(100),
    sha256          VARCHAR(64)  NOT NULL,
    receipt_id      VARCHAR(100) NOT NULL,
    receipt         BYTEA        NOT NULL,
    receipt_sha256  VARCHAR(64)  NOT NULL,
    received_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    handled_as      VARCHAR(200) NOT NULL,
    CONSTRAINT pk_network_inbox PRIMARY KEY (peer_node_id, message_id)
);
