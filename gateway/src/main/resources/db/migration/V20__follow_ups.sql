-- Follow-ups travel (issue 17 item 1, ADR-0032): a notice names the deadline it changes and its new end; the deadline
-- is "not yet confirmed by the addressee" while such a notice is not SENT. Several notices of one kind per request
-- (ids NTC-<kind>-<request>-<n>).
ALTER TABLE outbound_notice ADD COLUMN deadline_rule VARCHAR(80);
ALTER TABLE outbound_notice ADD COLUMN due_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX ix_notice_state ON outbound_notice (state, request_id);
