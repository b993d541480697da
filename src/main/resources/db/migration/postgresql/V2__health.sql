-- One row, rewritten by the health check (GET /health) at most about once a second: a tiny real write.
CREATE TABLE health (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    checked_at TEXT COLLATE "C" NOT NULL
);
