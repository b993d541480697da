-- Several processes on one database: see db/migration/sqlite/V3__leases_and_jobs.sql.
CREATE TABLE channel_leases (
    channel      TEXT PRIMARY KEY,
    owner        TEXT,
    lease_until  TEXT COLLATE "C",
    next_post_at TEXT COLLATE "C"
);

CREATE TABLE jobs (
    name        TEXT PRIMARY KEY,
    last_run_at TEXT COLLATE "C" NOT NULL
);
INSERT INTO jobs (name, last_run_at) VALUES ('prune-seen-events', '1970-01-01T00:00:00.000000000Z');
