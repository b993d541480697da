package dev.checklistbot.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %safeMsg{N}} in logback.xml: the formatted message, control characters escaped and cut after N characters
 * (default {@value #DEFAULT_MAX_CHARS}), so that one log call writes exactly one bounded line whatever it was given.
 */
public class SafeMessageConverter extends ClassicConverter {
    static final int DEFAULT_MAX_CHARS = 2_000;
    private int maxChars = DEFAULT_MAX_CHARS;

    @Override
    public void start() {
        maxChars = positiveOption(getFirstOption(), DEFAULT_MAX_CHARS);
        super.start();
    }

    @Override
    public String convert(ILoggingEvent event) {
        return LogText.escape(event.getFormattedMessage(), maxChars);
    }

    static int positiveOption(String option, int fallback) {
        if (option == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(option.trim());
            return value > 0 ? value : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
