-- Resurfacing prevention (CM/Rec(2026)2 para. 39.5; docs/design/tfvawg.md "Resurfacing prevention", ADR-0038). One row
-- per hash list sent after a removal order (a follow-up notice of kind HASH_LIST in outbound_notice, whose sealed payload
-- alone carries the hash values), with the platform's latest HASH_LIST_APPLIED figures. Counts only: the hashes are
-- personal data of the victim and never stored here. Portable SQL (H2 in PostgreSQL mode and PostgreSQL).
CREATE TABLE hash_list (
    notice_id          VARCHAR(120) NOT NULL PRIMARY KEY,
    request_id         VARCHAR(40)  NOT NULL,
    hash_count         INTEGER      NOT NULL,
    pdq_count          INTEGER      NOT NULL,
    sha256_count       INTEGER      NOT NULL,
    from_evidence      INTEGER      NOT NULL,
    match_distance     INTEGER      NOT NULL,
    sent_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    applied_at         TIMESTAMP WITH TIME ZONE,
    matched            INTEGER,
    removed            INTEGER,
    reuploads_blocked  INTEGER,
    answer_message_id  VARCHAR(200)
);
CREATE INDEX hash_list_request ON hash_list (request_id);

-- The platform's figures per hash of a list, by the hash's position in the list (never its value).
CREATE TABLE hash_list_outcome (
    notice_id          VARCHAR(120) NOT NULL,
    hash_index         INTEGER      NOT NULL,
    matched            INTEGER      NOT NULL,
    removed            INTEGER      NOT NULL,
    reuploads_blocked  INTEGER      NOT NULL,
    PRIMARY KEY (notice_id, hash_index)
);
