package dev.checklistbot.checklist;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The short duration form of checklist files: {@code 90s}, {@code 15m}, {@code 1h30m}, {@code 2h}, {@code 1d}. */
public final class Durations {
    private static final Pattern FORM = Pattern.compile("(?:(\\d{1,3})d)?(?:(\\d{1,4})h)?(?:(\\d{1,5})m)?(?:(\\d{1,6})s)?");
    /** Longer than any step should be expected to take; a bigger figure is a typo. */
    public static final Duration MAX = Duration.ofDays(30);

    private Durations() {
    }

    /** The duration, or empty when the text is not of the form or is zero or over {@link #MAX}. */
    public static Optional<Duration> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        Duration d = Duration.ofDays(number(m.group(1))).plusHours(number(m.group(2)))
                .plusMinutes(number(m.group(3))).plusSeconds(number(m.group(4)));
        return d.isZero() || d.compareTo(MAX) > 0 ? Optional.empty() : Optional.of(d);
    }

    /** The file form of a duration: the largest units first, zero parts left out ({@code 1h30m}). */
    public static String format(Duration d) {
        StringBuilder out = new StringBuilder();
        long days = d.toDays();
        if (days > 0) {
            out.append(days).append('d');
        }
        if (d.toHoursPart() > 0) {
            out.append(d.toHoursPart()).append('h');
        }
        if (d.toMinutesPart() > 0) {
            out.append(d.toMinutesPart()).append('m');
        }
        if (d.toSecondsPart() > 0 || out.isEmpty()) {
            out.append(d.toSecondsPart()).append('s');
        }
        return out.toString();
    }

    private static long number(String group) {
        return group == null ? 0 : Long.parseLong(group);
    }
}
