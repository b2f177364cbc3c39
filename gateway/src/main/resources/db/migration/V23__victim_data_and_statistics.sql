-- Offence categories and victims' attributes (CM/Rec(2026)2 paras. 21 and 38.6; ADR-0037, docs/design/tfvawg.md).
-- Special-category personal data: one row per request, sealed under the request's data key (ADR-0020), so that the
-- purge (which destroys the key and deletes the row) leaves nothing readable. No column in clear but the request id.
-- Portable SQL (H2 in PostgreSQL mode and PostgreSQL).
CREATE TABLE request_victim_data (
    request_id   VARCHAR(40)  NOT NULL PRIMARY KEY,
    sealed       BYTEA        NOT NULL,
    recorded_by  VARCHAR(80)  NOT NULL,
    recorded_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Published statistics: one frozen release per closed period (a whole quarter or month), computed once and then served
-- unchanged, so that the same period can never be queried twice with different contents (no differencing over time).
-- Only the published (protected) cells are stored: a suppressed cell is stored as suppressed, never with its value.
CREATE TABLE statistics_release (
    period        VARCHAR(16)  NOT NULL PRIMARY KEY,
    min_cell      INTEGER      NOT NULL,
    computed_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    body          BYTEA        NOT NULL
);
