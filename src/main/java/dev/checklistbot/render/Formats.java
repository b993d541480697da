package dev.checklistbot.render;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How times and durations read in every message and summary: UTC, to the second, short durations. */
public final class Formats {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private Formats() {
    }

    public static String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }

    public static String clock(Instant instant) {
        return instant == null ? "" : CLOCK.format(instant);
    }

    /** "45s", "12m 05s", "2h 03m". */
    public static String duration(Duration duration) {
        long seconds = Math.max(0, duration.getSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format("%dm %02ds", seconds / 60, seconds % 60);
        }
        return String.format("%dh %02dm", seconds / 3600, (seconds % 3600) / 60);
    }
}
