-- The updates waiting for delivery, by what they update: see db/migration/sqlite/V8__outbox_waiting_updates.sql.
CREATE INDEX outbox_waiting_updates ON outbox (run_id, step, kind, id)
    WHERE delivered_at IS NULL AND abandoned_at IS NULL AND kind IN ('HEADER_UPDATE', 'STEP_UPDATE');
