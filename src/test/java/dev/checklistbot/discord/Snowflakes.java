package dev.checklistbot.discord;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Discord ids (snowflakes: milliseconds since 2015 shifted left 22 bits, plus a counter) and Discord's timestamp format. */
final class Snowflakes {
    static final long DISCORD_EPOCH = 1420070400000L;
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx");
    private static long last;

    private Snowflakes() {
    }

    /** A new id, greater than every id this JVM made before (ids sort by creation, as Discord's do). */
    static synchronized String next() {
        long candidate = ((System.currentTimeMillis() - DISCORD_EPOCH) << 22) | (1L << 17);
        last = Math.max(candidate, last + 1);
        return Long.toString(last);
    }

    /** A timestamp as Discord writes it: {@code 2025-01-31T12:00:00.000000+00:00}. */
    static String timestamp(Instant at) {
        return ISO.format(OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
    }
}
