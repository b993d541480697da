package dev.checklistbot.store;

import dev.checklistbot.run.Platform;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which process delivers each channel now: the {@code channel_leases} table (see {@link Outbox#claim}). A claim is
 * one short write: on SQLite inside {@code BEGIN IMMEDIATE} (no other process writes meanwhile), on PostgreSQL with
 * {@code SELECT ... FOR UPDATE SKIP LOCKED} on the lease rows (two processes claiming at once get different channels).
 * Before it, a read looks whether anything is claimable at all, so that an idle process polls with reads only.
 *
 * <p>Each lease row also holds its channel's oldest undelivered message ({@code head_id}, kept by the schema's
 * triggers in the transaction of every outbox write, migration V7): a claim walks the index of the heads, oldest
 * first, one row per channel waiting, and stops at its limit, instead of grouping every undelivered message by channel
 * (which grew with the backlog: thousands of rows read per claim under load). Every channel with a message waiting
 * has its lease row, so the claim writes only the leases it takes.
 */
final class ChannelLeases {
    /** What makes a head ({@code o}) and its lease row ({@code l}) claimable now by an owner. */
    private static final String CLAIMABLE = "(o.next_attempt_at IS NULL OR o.next_attempt_at <= ?)"
            + " AND (l.owner IS NULL OR l.owner = ? OR l.lease_until <= ?)"
            + " AND (o.kind IN " + JdbcOutbox.UPDATE_KINDS + " OR l.next_post_at IS NULL OR l.next_post_at <= ?)";

    /**
     * The id of channel ?'s oldest undelivered message, ordered and limited rather than {@code MIN(id)}: PostgreSQL
     * then stops at the index's first entry for the channel, where without statistics it read all of them.
     */
    static final String STILL_HEAD = "SELECT id FROM outbox WHERE channel = ? AND " + JdbcOutbox.UNDELIVERED
            + " ORDER BY id LIMIT 1";

    private final Connections db;
    private final Dialect dialect;
    private final JdbcOutbox outbox;
    private final RunJson json;

    ChannelLeases(Connections db, JdbcOutbox outbox, RunJson json) {
        this.db = db;
        this.dialect = db.dialect();
        this.outbox = outbox;
        this.json = json;
    }

    List<ChannelClaim> claim(String owner, Instant now, Instant until, Set<String> skip, int limit,
                             Set<Platform> platforms) {
        Set<String> skipped = skip == null ? Set.of() : skip;
        String served = served(platforms);
        if (served == null || limit < 1) {
            return List.of();
        }
        boolean any = db.outboxQuery("looking for channels to deliver", sql -> {
            try (ResultSet rs = sql.bind(anyClaimable(dialect, served), claimableArgs(sql, owner, now,
                    skipped)).executeQuery()) {
                return rs.next();
            }
        });
        if (!any) {
            return List.of();
        }
        return db.write(tx -> db.bookkeeping("claiming channels to deliver", sql -> {
            List<ChannelClaim> claims = new ArrayList<>();
            try (ResultSet rs = sql.bind(claimable(dialect, served),
                    append(claimableArgs(sql, owner, now, skipped), limit)).executeQuery()) {
                while (rs.next()) {
                    claims.add(new ChannelClaim(outbox.pending(rs), Times.instant(rs.getString(10))));
                }
            }
            // PostgreSQL (READ COMMITTED) re-checks a locked lease row as it now stands, but not the outbox rows the
            // query joined: another process may have delivered that head and let the channel go between this
            // statement's snapshot and its lock. A fresh statement sees its commit: keep only the claims whose head
            // is still the channel's oldest undelivered message (the others come back at the next claim).
            if (dialect.skipLocked().length() > 0) {
                claims.removeIf(claim -> !stillHead(sql, claim));
            }
            if (!claims.isEmpty()) {
                PreparedStatement take = sql.bind("UPDATE channel_leases SET owner = ?, lease_until = ? WHERE channel = ?");
                for (ChannelClaim claim : claims) {
                    take.setString(1, owner);
                    take.setString(2, Times.text(until));
                    take.setString(3, claim.channel());
                    take.addBatch();
                }
                take.executeBatch();
            }
            return claims;
        }), false);
    }

    /** The claim's first look: is any channel claimable (at, owner, at, at, skipped channels)? */
    static String anyClaimable(Dialect dialect, String served) {
        return "SELECT l.channel" + claimableWhere(dialect, served) + " LIMIT 1";
    }

    /** The claim: the claimable heads, oldest first, their lease rows locked (the same arguments, then a limit). */
    static String claimable(Dialect dialect, String served) {
        return "SELECT " + JdbcOutbox.COLUMNS + ", l.next_post_at" + claimableWhere(dialect, served)
                + " ORDER BY l.head_id LIMIT ?" + dialect.skipLocked();
    }

    private static String claimableWhere(Dialect dialect, String served) {
        return JdbcOutbox.waiting(dialect) + CLAIMABLE + " AND " + dialect.notIn("l.channel") + served;
    }

    /**
     * The condition on {@code l.channel} for the channels of {@code platforms} (a process claims only the channels
     * of the platforms it serves: a Slack-only process leaves Discord's to a process that serves Discord); empty for
     * every platform, null for none. Platforms are told apart by the prefix of their ids, as {@link Platform#of} does.
     */
    static String served(Set<Platform> platforms) {
        if (platforms == null || platforms.containsAll(EnumSet.allOf(Platform.class))) {
            return "";
        }
        if (platforms.isEmpty()) {
            return null;
        }
        String discord = "LOWER(l.channel) LIKE '" + Platform.DISCORD.qualify("") + "%'";
        return platforms.contains(Platform.DISCORD) ? " AND " + discord : " AND NOT " + discord;
    }

    private static boolean stillHead(Sql sql, ChannelClaim claim) {
        return sql.call("checking the head of " + claim.channel(), () -> {
            try (ResultSet rs = sql.bind(STILL_HEAD, claim.channel()).executeQuery()) {
                return rs.next() && rs.getLong(1) == claim.head().id();
            }
        });
    }

    private Object[] claimableArgs(Sql sql, String owner, Instant now, Set<String> skip) throws java.sql.SQLException {
        String at = Times.text(now);
        return new Object[] {at, owner, at, at, dialect.textSet(sql, skip, json)};
    }

    private static Object[] append(Object[] args, Object last) {
        Object[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = last;
        return all;
    }

    Set<String> renew(String owner, Set<String> channels, Instant until) {
        if (channels.isEmpty()) {
            return Set.of();
        }
        return db.bookkeeping("renewing the delivery leases", sql -> {
            Set<String> held = new HashSet<>();
            for (String channel : channels) {
                if (sql.update("UPDATE channel_leases SET lease_until = ? WHERE channel = ? AND owner = ?",
                        Times.text(until), channel, owner) == 1) {
                    held.add(channel);
                }
            }
            return held;
        });
    }

    void release(String owner, String channel) {
        db.bookkeeping("letting channel " + channel + " go", sql -> sql.update(
                "UPDATE channel_leases SET owner = NULL, lease_until = NULL WHERE channel = ? AND owner = ?",
                channel, owner));
    }

    /** Inside a delivery's record: the lease renewed and the pace recorded, if the owner still holds the channel. */
    void renewWithDelivery(long id, ChannelLease lease) {
        db.bookkeeping("renewing the lease of outbox message " + id + "'s channel", sql -> sql.update(
                "UPDATE channel_leases SET lease_until = ?, next_post_at = COALESCE(?, next_post_at)"
                        + " WHERE channel = (SELECT channel FROM outbox WHERE id = ?) AND owner = ?",
                Times.text(lease.until()), Times.text(lease.nextPostAt()), id, lease.owner()));
    }

    /** When a channel may next be claimed (owner three times, then the skipped channels). */
    static String nextClaimable(Dialect dialect, String served) {
        String due = "COALESCE(o.next_attempt_at, o.created_at)";
        String pace = "(CASE WHEN o.kind NOT IN " + JdbcOutbox.UPDATE_KINDS + " THEN l.next_post_at END)";
        String lease = "(CASE WHEN l.owner IS NOT NULL AND l.owner <> ? THEN l.lease_until END)";
        // The latest of the three, the last two when set (the same on both databases: no GREATEST nor MAX(a, b)).
        String latest = "CASE WHEN " + due + " >= COALESCE(" + pace + ", " + due + ") AND " + due + " >= COALESCE("
                + lease + ", " + due + ") THEN " + due + " WHEN COALESCE(" + pace + ", '') >= COALESCE(" + lease
                + ", '') THEN " + pace + " ELSE " + lease + " END";
        return "SELECT MIN(" + JdbcOutbox.ofHead(latest) + ")" + JdbcOutbox.LEASES_WAITING + dialect.notIn("l.channel")
                + served;
    }

    Optional<Instant> nextClaimAt(String owner, Set<String> skip, Set<Platform> platforms) {
        String served = served(platforms);
        if (served == null) {
            return Optional.empty();
        }
        return db.outboxQuery("reading when a channel may next be claimed", sql -> {
            try (ResultSet rs = sql.bind(nextClaimable(dialect, served),
                    owner, owner, owner, dialect.textSet(sql, skip == null ? Set.of() : skip, json))
                    .executeQuery()) {
                return rs.next() ? Optional.ofNullable(Times.instant(rs.getString(1))) : Optional.empty();
            }
        });
    }
}
