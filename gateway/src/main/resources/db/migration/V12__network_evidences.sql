-- Delivery and retrieval evidences between nodes (ADR-0016, docs/design/network.md). Portable SQL: embedded H2
-- (MODE=PostgreSQL) and PostgreSQL.

-- What an outbox row carries: MESSAGE (a catalogue envelope, sealed for the peer when queued, sent to
-- /api/v1/network/messages) or EVIDENCE (a NetworkReceipt signed by this node when issued, sent to
-- /api/v1/network/evidences). For an EVIDENCE row: message_id = the receipt id, message_type = the evidence kind,
-- correlation_id = the message id the evidence is about, envelope = the receipt's JSON, sealed = the signed evidence.
ALTER TABLE network_outbox ADD COLUMN kind VARCHAR(16) NOT NULL DEFAULT 'MESSAGE';

-- Evidences peers issued about requests this node sent them (DELIVERED, RETRIEVED), once per (peer, receipt id); the
-- signed bytes are kept for independent verification. No foreign key: a request row may be removed by the intake's
-- own clean-up before anything was sent.
CREATE TABLE network_evidence (
    peer_node_id   VARCHAR(63)  NOT NULL,
    receipt_id     VARCHAR(100) NOT NULL,
    evidence       VARCHAR(32)  NOT NULL,
    message_id     VARCHAR(100) NOT NULL,
    request_id     VARCHAR(40)  NOT NULL,
    issued_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    received_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    recipient      VARCHAR(300),
    signed         BYTEA        NOT NULL,
    sha256         VARCHAR(64)  NOT NULL,
    CONSTRAINT pk_network_evidence PRIMARY KEY (peer_node_id, receipt_id)
);
CREATE INDEX ix_network_evidence_request ON network_evidence (request_id, issued_at);
