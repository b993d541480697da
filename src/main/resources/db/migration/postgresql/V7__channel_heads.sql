-- Each channel's oldest undelivered outbox message, kept with its lease: see db/migration/sqlite/V7__channel_heads.sql.
ALTER TABLE channel_leases ADD COLUMN head_id BIGINT;

INSERT INTO channel_leases (channel)
    SELECT DISTINCT channel FROM outbox WHERE delivered_at IS NULL AND abandoned_at IS NULL
    ON CONFLICT DO NOTHING;
UPDATE channel_leases l SET head_id = (SELECT MIN(o.id) FROM outbox o WHERE o.channel = l.channel
                                       AND o.delivered_at IS NULL AND o.abandoned_at IS NULL);

CREATE INDEX channel_leases_waiting ON channel_leases (head_id) WHERE head_id IS NOT NULL;

-- Concurrency (READ COMMITTED): a new message lowers the head under the lease row's lock (ON CONFLICT DO UPDATE works
-- on the row's latest version). A delivery's record first locks the lease row, then reads the head in a statement of
-- its own, which sees every message committed before it got the lock: a message committed meanwhile is never missed.
CREATE FUNCTION outbox_keep_channel_head() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ch TEXT;
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.delivered_at IS NULL AND NEW.abandoned_at IS NULL THEN
            INSERT INTO channel_leases AS l (channel, head_id) VALUES (NEW.channel, NEW.id)
                ON CONFLICT (channel) DO UPDATE SET head_id = LEAST(l.head_id, EXCLUDED.head_id);
        END IF;
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        IF (OLD.delivered_at IS NULL AND OLD.abandoned_at IS NULL)
                = (NEW.delivered_at IS NULL AND NEW.abandoned_at IS NULL) THEN
            RETURN NULL;
        END IF;
        ch := NEW.channel;
        INSERT INTO channel_leases (channel) VALUES (ch) ON CONFLICT DO NOTHING;
    ELSE
        IF NOT (OLD.delivered_at IS NULL AND OLD.abandoned_at IS NULL) THEN
            RETURN NULL;
        END IF;
        ch := OLD.channel;
    END IF;
    PERFORM 1 FROM channel_leases WHERE channel = ch FOR UPDATE;
    UPDATE channel_leases SET head_id = (SELECT MIN(o.id) FROM outbox o WHERE o.channel = ch
                                         AND o.delivered_at IS NULL AND o.abandoned_at IS NULL)
        WHERE channel = ch;
    RETURN NULL;
END
$$;

CREATE TRIGGER outbox_keep_channel_head AFTER INSERT OR UPDATE OF delivered_at, abandoned_at OR DELETE ON outbox
    FOR EACH ROW EXECUTE FUNCTION outbox_keep_channel_head();
