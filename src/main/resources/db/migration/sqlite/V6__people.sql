-- People by name (issue 15, item 5): the display name the chat platform gave for a qualified user id (Slack's
-- "U0123", Discord's "discord:123"), and when it was fetched, so that exports and the report can show names without
-- asking the platform again. A cache: a name older than a week is fetched again; losing a row loses nothing.
CREATE TABLE people (
    user_id      TEXT PRIMARY KEY,
    display_name TEXT NOT NULL,
    fetched_at   TEXT NOT NULL
);
