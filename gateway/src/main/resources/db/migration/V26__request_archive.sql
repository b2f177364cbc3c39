-- Secure archiving of ended requests (CM/Rec(2026)2 para 29.2; ADR-0039, docs/design/tfvawg.md#archive).
-- A marker beside the request (its terminal state stays visible and the lifecycle is unchanged): who archived it, when,
-- why, and the archive's own retention in days (counted from archived_at), which the retention uses instead of the
-- normal one. The purge deletes nothing here: the marker is metadata kept for audit like the timeline.
-- Portable SQL (H2 in PostgreSQL mode and PostgreSQL).
CREATE TABLE request_archive (
    request_id      VARCHAR(40)  NOT NULL PRIMARY KEY,
    archived_by     VARCHAR(80)  NOT NULL,
    archived_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    reason          VARCHAR(500) NOT NULL,
    retention_days  INTEGER      NOT NULL
);
