-- Tamper-evident audit (README "Audit trail"). Each event gets its number in its run's trail (seq, 1 for the first)
-- and, from this version on, the hash of its canonical encoding, which includes the hash of the event before it
-- (prev_hash): see dev.checklistbot.audit.AuditChain. Each run has a row in run_audit: where its chain begins
-- (chain_from), how many events its trail has (event_count) and the last one's hash (head), updated in the same
-- transaction as each event (read FOR UPDATE on PostgreSQL), so that events removed from the end are noticed and two
-- processes cannot fork a chain. A table of its own rather than columns of runs: updating it rewrites a few bytes,
-- not the run's whole state.
ALTER TABLE run_events ADD COLUMN seq INTEGER;
ALTER TABLE run_events ADD COLUMN prev_hash TEXT;
ALTER TABLE run_events ADD COLUMN hash TEXT;
CREATE TABLE run_audit (
    run_id      INTEGER PRIMARY KEY REFERENCES runs (id),
    chain_from  INTEGER NOT NULL,
    event_count INTEGER NOT NULL,
    head        TEXT
);

-- The events written before this upgrade are numbered but stay unchained: a run's chain begins after them.
UPDATE run_events SET seq = numbered.seq
FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY run_id ORDER BY id) AS seq FROM run_events) AS numbered
WHERE run_events.id = numbered.id;
INSERT INTO run_audit (run_id, chain_from, event_count)
SELECT r.id, COUNT(e.id) + 1, COUNT(e.id) FROM runs r LEFT JOIN run_events e ON e.run_id = r.id GROUP BY r.id;
-- One event per place in a run's trail, whatever the code above tries: a fork of a chain is refused.
CREATE UNIQUE INDEX run_events_chain ON run_events (run_id, seq);

-- Retention (README "Retention"): delivered or given-up outbox rows older than RETENTION_OUTBOX are deleted by the
-- housekeeping job, oldest first, through this index.
CREATE INDEX outbox_by_age ON outbox (created_at);
INSERT INTO jobs (name, last_run_at) VALUES ('prune-outbox', '1970-01-01T00:00:00.000000000Z');
