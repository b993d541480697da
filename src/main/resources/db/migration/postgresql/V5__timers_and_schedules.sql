-- Expected times and schedules: see db/migration/sqlite/V5__timers_and_schedules.sql.
CREATE TABLE timers (
    run_id BIGINT NOT NULL REFERENCES runs (id),
    step   INTEGER NOT NULL,
    kind   TEXT NOT NULL,
    due_at TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (run_id, step, kind)
);
CREATE INDEX timers_by_due_at ON timers (due_at);

CREATE TABLE schedules (
    checklist_id  TEXT PRIMARY KEY,
    last_fired_at TEXT COLLATE "C" NOT NULL
);
