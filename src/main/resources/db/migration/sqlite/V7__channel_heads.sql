-- Each channel's oldest undelivered outbox message, kept with its lease (issue 16), so that a claim reads one row per
-- channel waiting (through an index, oldest first) instead of every undelivered message grouped by channel.
-- head_id: the id of the channel's oldest outbox message neither delivered nor abandoned; null when none waits.
-- Kept by triggers in the same transaction as every write of the outbox (a command's messages, a delivery's record,
-- a retry given up, a database copy), whoever writes it; a delivery only ever reads it.
ALTER TABLE channel_leases ADD COLUMN head_id INTEGER;

INSERT OR IGNORE INTO channel_leases (channel)
    SELECT DISTINCT channel FROM outbox WHERE delivered_at IS NULL AND abandoned_at IS NULL;
UPDATE channel_leases SET head_id = (SELECT MIN(o.id) FROM outbox o WHERE o.channel = channel_leases.channel
                                     AND o.delivered_at IS NULL AND o.abandoned_at IS NULL);

CREATE INDEX channel_leases_waiting ON channel_leases (head_id) WHERE head_id IS NOT NULL;

CREATE TRIGGER outbox_head_after_insert AFTER INSERT ON outbox
    WHEN NEW.delivered_at IS NULL AND NEW.abandoned_at IS NULL
BEGIN
    INSERT OR IGNORE INTO channel_leases (channel) VALUES (NEW.channel);
    UPDATE channel_leases SET head_id = NEW.id WHERE channel = NEW.channel AND (head_id IS NULL OR head_id > NEW.id);
END;

-- A message delivered, coalesced or abandoned (or, by hand, made undelivered again): the channel's head afresh.
CREATE TRIGGER outbox_head_after_update AFTER UPDATE OF delivered_at, abandoned_at ON outbox
    WHEN (OLD.delivered_at IS NULL AND OLD.abandoned_at IS NULL) <> (NEW.delivered_at IS NULL AND NEW.abandoned_at IS NULL)
BEGIN
    INSERT OR IGNORE INTO channel_leases (channel) VALUES (NEW.channel);
    UPDATE channel_leases SET head_id = (SELECT MIN(o.id) FROM outbox o WHERE o.channel = NEW.channel
                                         AND o.delivered_at IS NULL AND o.abandoned_at IS NULL)
        WHERE channel = NEW.channel;
END;

CREATE TRIGGER outbox_head_after_delete AFTER DELETE ON outbox
    WHEN OLD.delivered_at IS NULL AND OLD.abandoned_at IS NULL
BEGIN
    UPDATE channel_leases SET head_id = (SELECT MIN(o.id) FROM outbox o WHERE o.channel = OLD.channel
                                         AND o.delivered_at IS NULL AND o.abandoned_at IS NULL)
        WHERE channel = OLD.channel;
END;
