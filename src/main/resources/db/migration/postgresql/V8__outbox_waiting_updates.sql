-- The updates waiting for delivery, by what they update: see db/migration/sqlite/V8__outbox_waiting_updates.sql.
CREATE INDEX outbox_waiting_updates ON outbox (run_id, step, kind, id)
    WHERE delivered_at IS NULL AND abandoned_at IS NULL AND kind IN ('HEADER_UPDATE', 'STEP_UPDATE');

-- The trigger of V7, reading and writing less (issue 16): a new message writes its lease row only when it lowers the
-- channel's head (before, every message wrote a new version of the row: dead rows and index entries that claims then
-- stepped over), and a delivery finds the next head ordered and limited (an index walk that stops at the channel's
-- first entry, where MIN(id) without statistics read every entry of the channel) and writes the row only when the head
-- moves. The concurrency of V7 holds: the lease row is locked before the next head is read, in a statement of its own.
CREATE OR REPLACE FUNCTION outbox_keep_channel_head() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ch TEXT;
    head BIGINT;
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.delivered_at IS NULL AND NEW.abandoned_at IS NULL THEN
            INSERT INTO channel_leases AS l (channel, head_id) VALUES (NEW.channel, NEW.id)
                ON CONFLICT (channel) DO UPDATE SET head_id = EXCLUDED.head_id
                WHERE l.head_id IS NULL OR l.head_id > EXCLUDED.head_id;
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
    SELECT o.id INTO head FROM outbox o WHERE o.channel = ch AND o.delivered_at IS NULL AND o.abandoned_at IS NULL
        ORDER BY o.id LIMIT 1;
    UPDATE channel_leases SET head_id = head WHERE channel = ch AND head_id IS DISTINCT FROM head;
    RETURN NULL;
END
$$;
