package dev.checklistbot.slack;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Drops Bolt's "No ...Handler registered for ..." warnings (a listener-code suggestion of several lines, logged
 * before Bolt answers 404). The HTTP edge installs its own handler for such requests ({@link SlackHttpServer}):
 * it acknowledges them and logs one bounded line instead. Every other line of Bolt's passes. Named in logback.xml.
 */
public class BoltUnmatchedWarningFilter extends TurboFilter {
    static final String BOLT_APP_LOGGER = "com.slack.api.bolt.App";

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level == Level.WARN && format != null && logger != null && BOLT_APP_LOGGER.equals(logger.getName())
                && format.startsWith("No ") && format.contains("Handler registered for ")) {
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }
}
