-- People by name: see db/migration/sqlite/V6__people.sql.
CREATE TABLE people (
    user_id      TEXT PRIMARY KEY,
    display_name TEXT NOT NULL,
    fetched_at   TEXT COLLATE "C" NOT NULL
);
