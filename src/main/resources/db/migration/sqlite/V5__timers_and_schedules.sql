-- Expected times and schedules (issue 14, items 3 and 4).

-- What the engine must do by itself, and when: one row per open step that has an expected time and was not nudged
-- yet. Written in the transaction of the change that opens (or reopens) the step, removed by the one that finishes or
-- nudges it; so finding what is due reads this small table by time, never every active run.
CREATE TABLE timers (
    run_id INTEGER NOT NULL REFERENCES runs (id),
    step   INTEGER NOT NULL,
    kind   TEXT NOT NULL,
    due_at TEXT NOT NULL,
    PRIMARY KEY (run_id, step, kind)
);
CREATE INDEX timers_by_due_at ON timers (due_at);

-- Per scheduled checklist, the last time the bot started it (or said it could not): a time is claimed by a
-- conditional update of this row in the transaction of the start, so it starts once across restarts and processes.
-- The first row is written when a process first sees the schedule: it starts from then on.
CREATE TABLE schedules (
    checklist_id  TEXT PRIMARY KEY,
    last_fired_at TEXT NOT NULL
);
