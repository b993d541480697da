package dev.checklistbot.slack;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Captures what the application's own log configuration (src/main/resources/logback.xml) writes, formatted by the
 * same pattern as its STDERR appender, while the capture is open: the first {@value #KEPT} bytes are kept, every
 * byte is counted.
 */
final class LogCapture implements AutoCloseable {
    static final int KEPT = 4 << 20;

    private final Logger root;
    private final OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private long total;

    LogCapture() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Appender<ILoggingEvent> stderr = root.getAppender("STDERR");
        if (!(stderr instanceof OutputStreamAppender<ILoggingEvent> console)
                || !(console.getEncoder() instanceof PatternLayoutEncoder pattern)) {
            throw new IllegalStateException("logback.xml has no STDERR appender with a pattern");
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern.getPattern());
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        appender.setContext(context);
        appender.setName("capture-" + System.identityHashCode(this));
        appender.setEncoder(encoder);
        appender.setOutputStream(new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (LogCapture.this) {
                    total += len;
                    int room = KEPT - kept.size();
                    if (room > 0) {
                        kept.write(b, off, Math.min(room, len));
                    }
                }
            }
        });
        appender.start();
        root.addAppender(appender);
    }

    /** Every byte written since the capture opened. */
    synchronized long bytes() {
        return total;
    }

    synchronized String text() {
        return kept.toString(StandardCharsets.UTF_8);
    }

    /** The lines written so far (a line ends with a line feed; a carriage return anywhere counts as a break too). */
    List<String> lines() {
        List<String> lines = new ArrayList<>(Arrays.asList(text().split("\r\n|\r|\n", -1)));
        lines.remove(lines.size() - 1);
        return lines;
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }
}
