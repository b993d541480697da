-- One row, rewritten by the health check (GET /health) at most about once a second: a tiny real write, so that a
-- database that still answers reads but can no longer be written (read-only, full, locked by another process) is
-- reported unhealthy. Empty until the first check.
CREATE TABLE health (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    checked_at TEXT NOT NULL
);
