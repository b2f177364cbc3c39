-- Follow-ups travel (issue 17 item 1, ADR-0032): a notice names the deadline it changes and its new end; the deadline
-- is "not yet confirmed by the addressee" while such a notice is not SENT. Several notices of one kind per request
-- (ids NTC-<kind>-<request>-<n>).
ALTER TABLE outbound_notice ADD COLUMN deadline_rule VARCHAR(80);
ALTER TABLE outbound_notice ADD COLUMN due_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX ix_notice_state ON outbound_notice (state, request_id);
-- A requester's follow-up in a case of this node: when the contact point first read the case after it arrived (the
-- RETRIEVED evidence to the requester, ADR-0016/0032); null while not yet retrieved.
ALTER TABLE inbound_case_message ADD COLUMN retrieved_at TIMESTAMP WITH TIME ZONE;
