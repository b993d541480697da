-- Tamper-evident audit and retention: see db/migration/sqlite/V4__audit_chain_and_retention.sql.
ALTER TABLE run_events ADD COLUMN seq BIGINT;
ALTER TABLE run_events ADD COLUMN prev_hash TEXT;
ALTER TABLE run_events ADD COLUMN hash TEXT;
CREATE TABLE run_audit (
    run_id      BIGINT PRIMARY KEY REFERENCES runs (id),
    chain_from  BIGINT NOT NULL,
    event_count BIGINT NOT NULL,
    head        TEXT
);

UPDATE run_events SET seq = numbered.seq
FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY run_id ORDER BY id) AS seq FROM run_events) AS numbered
WHERE run_events.id = numbered.id;
INSERT INTO run_audit (run_id, chain_from, event_count)
SELECT r.id, COUNT(e.id) + 1, COUNT(e.id) FROM runs r LEFT JOIN run_events e ON e.run_id = r.id GROUP BY r.id;
CREATE UNIQUE INDEX run_events_chain ON run_events (run_id, seq);

CREATE INDEX outbox_by_age ON outbox (created_at);
INSERT INTO jobs (name, last_run_at) VALUES ('prune-outbox', '1970-01-01T00:00:00.000000000Z');
