-- Timestamps are ISO-8601 UTC text of fixed width (2026-01-02T03:04:05.123456789Z), so that text order is time order.

-- One row per run. `state` is the whole Run as JSON (the source of truth); the other columns are copies
-- for queries and indexes, kept in step with it by every update.
CREATE TABLE runs (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    channel      TEXT NOT NULL,
    checklist_id TEXT NOT NULL,
    title        TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('active', 'completed', 'aborted')),
    started_at   TEXT NOT NULL,
    ended_at     TEXT,
    state        TEXT NOT NULL
);
-- A channel has at most one active run, whatever the code above tries.
CREATE UNIQUE INDEX runs_one_active_per_channel ON runs (channel) WHERE status = 'active';
CREATE INDEX runs_by_channel ON runs (channel, id);

-- The audit trail, oldest first by id.
CREATE TABLE run_events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id     INTEGER NOT NULL REFERENCES runs (id),
    at         TEXT NOT NULL,
    actor_id   TEXT NOT NULL,
    actor_name TEXT NOT NULL,
    type       TEXT NOT NULL,
    step       INTEGER NOT NULL,
    text       TEXT,
    other_id   TEXT,
    other_name TEXT
);
CREATE INDEX run_events_by_run ON run_events (run_id, id);

-- Messages to deliver, written in the same transaction as the change that caused them.
-- Undelivered = delivered_at and abandoned_at both null. next_attempt_at null = due at once (never tried).
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    channel         TEXT NOT NULL,
    kind            TEXT NOT NULL,
    run_id          INTEGER NOT NULL REFERENCES runs (id),
    step            INTEGER NOT NULL,
    event           TEXT,
    created_at      TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    delivered_at    TEXT,
    abandoned_at    TEXT,
    last_error      TEXT
);
-- "The oldest undelivered message of each channel" walks this small index only.
CREATE INDEX outbox_undelivered ON outbox (channel, id) WHERE delivered_at IS NULL AND abandoned_at IS NULL;

-- Where the bot's messages are, both ways.
CREATE TABLE posted_messages (
    channel    TEXT NOT NULL,
    message_id TEXT NOT NULL,
    run_id     INTEGER NOT NULL,
    step       INTEGER NOT NULL,
    PRIMARY KEY (channel, message_id),
    UNIQUE (run_id, step)
);

-- Platform event ids already applied (Slack retries); old rows are pruned.
CREATE TABLE seen_events (
    event_id TEXT PRIMARY KEY,
    seen_at  TEXT NOT NULL
);
CREATE INDEX seen_events_by_time ON seen_events (seen_at);
