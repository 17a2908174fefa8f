-- Quotes under load (issue 17).
--
-- A property's rooms and openings are read through the quote that owns the
-- property; without this index every read of one property joined all the
-- organisation's quotes (8.5-11.5 s with 150k openings, the pool held and
-- other organisations answered 500).
CREATE INDEX quotes_org_property_idx ON quotes (organization_id, property_id);

-- Hits of a rate-limited key (`wizard-ip:<address>`, `wizard-org:<org id>`)
-- in its current fixed window, shared by every server process.
CREATE TABLE rate_counters (
    key               TEXT   NOT NULL PRIMARY KEY,
    window_started_at BIGINT NOT NULL,
    hits              BIGINT NOT NULL
);
