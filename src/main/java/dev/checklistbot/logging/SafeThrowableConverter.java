package dev.checklistbot.logging;

import ch.qos.logback.classic.pattern.ThrowableHandlingConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.CoreConstants;

/**
 * {@code %safeEx{N}} in logback.xml: the throwable of a log record, if any, as a stack trace whose every line after
 * the record's own starts with a tab or {@code Caused by: }: each exception's message is escaped and bounded (an
 * exception message often quotes its input), at most N frames per exception (default {@value #DEFAULT_FRAMES}) and
 * {@value #MAX_CAUSES} causes. So a stack trace stays readable and still cannot forge a log line.
 */
public class SafeThrowableConverter extends ThrowableHandlingConverter {
    static final int DEFAULT_FRAMES = 30;
    static final int MAX_CAUSES = 5;
    static final int MAX_MESSAGE_CHARS = 500;
    private int frames = DEFAULT_FRAMES;

    @Override
    public void start() {
        frames = SafeMessageConverter.positiveOption(getFirstOption(), DEFAULT_FRAMES);
        super.start();
    }

    @Override
    public String convert(ILoggingEvent event) {
        IThrowableProxy throwable = event.getThrowableProxy();
        if (throwable == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(1024);
        for (int depth = 0; throwable != null; depth++, throwable = throwable.getCause()) {
            out.append(CoreConstants.LINE_SEPARATOR);
            if (depth == MAX_CAUSES) {
                out.append("Caused by: ... (more causes left out)");
                break;
            }
            if (depth > 0) {
                out.append("Caused by: ");
            }
            out.append(LogText.escape(throwable.getClassName(), 300));
            if (throwable.getMessage() != null) {
                out.append(": ").append(LogText.escape(throwable.getMessage(), MAX_MESSAGE_CHARS));
            }
            StackTraceElementProxy[] trace = throwable.getStackTraceElementProxyArray();
            int own = trace == null ? 0 : Math.max(0, trace.length - Math.max(0, throwable.getCommonFrames()));
            for (int i = 0; i < Math.min(own, frames); i++) {
                out.append(CoreConstants.LINE_SEPARATOR).append("\tat ")
                        .append(LogText.escape(trace[i].getStackTraceElement().toString(), 500));
            }
            int hidden = (trace == null ? 0 : trace.length) - Math.min(own, frames);
            if (hidden > 0) {
                out.append(CoreConstants.LINE_SEPARATOR).append("\t... ").append(hidden).append(" more");
            }
            if (throwable.getSuppressed() != null && throwable.getSuppressed().length > 0) {
                out.append(CoreConstants.LINE_SEPARATOR).append("\t(").append(throwable.getSuppressed().length)
                        .append(" suppressed left out)");
            }
        }
        return out.toString();
    }
}
