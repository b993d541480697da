package dev.checklistbot.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * Timestamps in the database: ISO-8601 UTC text of fixed width with nanoseconds
 * ({@code 2026-01-02T03:04:05.123456789Z}), readable in the sqlite3 shell, exact, and ordered as text.
 */
final class Times {
    private static final DateTimeFormatter FORMAT = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 9, 9, true)
            .appendLiteral('Z')
            .toFormatter(Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Times() {
    }

    static String text(Instant instant) {
        return instant == null ? null : FORMAT.format(instant);
    }

    static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }
}
