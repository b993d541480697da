-- The updates waiting for delivery, by what they update (issue 16). When the delivery of an update is recorded, the
-- other waiting updates of the same run, step and kind are marked delivered with it (they render the same current
-- state: Outbox.coalesce). That statement compared (channel, kind, run_id, step) with a subquery under an OR: SQLite
-- then read the channel's whole backlog and PostgreSQL the whole table, thousands of rows per delivery under load. It
-- now compares plain values (JdbcOutbox.COALESCE_UPDATES) and reads, through this index, only the updates it marks.
-- Partial: only updates, only while they wait, so posts, notices and delivered rows cost it nothing. The statement
-- repeats this WHERE word for word, which both databases need to use a partial index.
CREATE INDEX outbox_waiting_updates ON outbox (run_id, step, kind, id)
    WHERE delivered_at IS NULL AND abandoned_at IS NULL AND kind IN ('HEADER_UPDATE', 'STEP_UPDATE');
