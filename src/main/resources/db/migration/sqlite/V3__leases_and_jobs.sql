-- Several processes on one database (README "Several processes, one database").

-- Who delivers each channel's messages now, until when, and when its next post may go. A process claims a channel
-- (owner, lease_until) before delivering its messages, renews the claim while it works and lets it go after (owner
-- and lease_until back to null); another process skips a channel under a valid lease, and takes over one whose lease
-- has run out (its owner died). next_post_at is the channel's pace (Slack: about one post a second per channel),
-- kept here so that whichever process posts next respects it. One row per channel that ever had a message.
CREATE TABLE channel_leases (
    channel      TEXT PRIMARY KEY,
    owner        TEXT,
    lease_until  TEXT,
    next_post_at TEXT
);

-- Housekeeping done by one process for all: a job runs when the conditional update of its row succeeds.
CREATE TABLE jobs (
    name        TEXT PRIMARY KEY,
    last_run_at TEXT NOT NULL
);
INSERT INTO jobs (name, last_run_at) VALUES ('prune-seen-events', '1970-01-01T00:00:00.000000000Z');
