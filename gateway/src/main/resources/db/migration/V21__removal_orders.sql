-- Removal orders that keep evidence (CM/Rec(2026)2 para. 33; by analogy Reg. (EU) 2021/784 Arts. 3 and 6;
-- docs/design/removal-orders.md, ADR-0033). One row per removal order: the terms the deadlines are computed from
-- (taken at intake from the order) and the platform's CONTENT_REMOVED figures. Counts only: the order's hashes are
-- personal data of the victim and stay inside the sealed order, never here. Portable SQL (H2 in PostgreSQL mode and
-- PostgreSQL).
CREATE TABLE removal_order (
    request_id           VARCHAR(40)  NOT NULL PRIMARY KEY,
    remove_within_hours  INTEGER      NOT NULL,
    preservation_days    INTEGER      NOT NULL,
    hash_count           INTEGER      NOT NULL,
    removed_at           TIMESTAMP WITH TIME ZONE,
    items_removed        INTEGER,
    hash_matches         INTEGER,
    answer_message_id    VARCHAR(200)
);

-- The platform's figures per hash of the order, by the hash's position in the order (never its value).
CREATE TABLE removal_hash_outcome (
    request_id  VARCHAR(40)  NOT NULL,
    hash_index  INTEGER      NOT NULL,
    matches     INTEGER      NOT NULL,
    removed     INTEGER      NOT NULL,
    PRIMARY KEY (request_id, hash_index)
);
