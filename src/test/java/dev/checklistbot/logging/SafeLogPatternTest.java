package dev.checklistbot.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.spi.FilterReply;
import dev.checklistbot.slack.BoltUnmatchedWarningFilter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The pattern of src/main/resources/logback.xml: one bounded line per record, whatever the record holds. */
class SafeLogPatternTest {
    private static LoggerContext context;
    private static String pattern;

    @BeforeAll
    static void readThePattern() {
        context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        var stderr = (OutputStreamAppender<?>) root.getAppender("STDERR");
        pattern = ((PatternLayoutEncoder) stderr.getEncoder()).getPattern();
    }

    private static String format(String message, Throwable thrown) {
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.setPattern(pattern);
        layout.start();
        Logger logger = context.getLogger("dev.checklistbot.Somewhere");
        return layout.doLayout(new LoggingEvent("x", logger, Level.WARN, message, thrown, null));
    }

    @Test
    void theShippedPatternUsesOnlyTheSafeWords() {
        assertThat(pattern).contains("%safeMsg").contains("%safeEx")
                .doesNotContainPattern("%(msg|m|message|ex|exception|throwable|xEx|rEx)\\b");
    }

    @Test
    void controlCharactersAreEscapedSoOneRecordIsOneLine() {
        String line = format("a\nb\r\nc\u001b[31md\u0000e\u2028f\u202eg\th\u007f", null);
        assertThat(line).endsWith(System.lineSeparator());
        String body = line.substring(0, line.length() - System.lineSeparator().length());
        assertThat(body).doesNotContain("\n", "\r", "\u001b", "\u0000", "\u2028", "\u202e", "\t", "\u007f")
                .endsWith("a\\nb\\r\\nc\\u001b[31md\\u0000e\\u2028f\\u202eg\\th\\u007f");
    }

    @Test
    void aLongMessageIsCut() {
        String line = format("x".repeat(1_000_000), null);
        assertThat(line.length()).isLessThan(2_200);
        assertThat(line.trim()).endsWith("...[998000 more chars]");
        assertThat(LogText.escape("\n".repeat(10), 5)).isEqualTo("\\n\\n...[8 more chars]");
        assertThat(LogText.escape("plain", 5)).isEqualTo("plain");
        assertThat(LogText.escape(null, 5)).isEqualTo("null");
    }

    @Test
    void aStackTraceKeepsItsShapeButCannotForgeALine() {
        Exception thrown = new IllegalStateException("bad input\n2030-01-01T00:00:00.000Z ERROR [main] x - FORGED",
                new IllegalArgumentException("cause\rFORGED TOO"));
        List<String> lines = Arrays.asList(format("failed", thrown).split("\r\n|\r|\n"));
        assertThat(lines.get(0)).endsWith(" - failed");
        assertThat(lines.get(1)).startsWith("java.lang.IllegalStateException: bad input\\n2030-");
        assertThat(lines.subList(2, lines.size())).allSatisfy(l -> assertThat(l).matches("^(\tat |\t\\.\\.\\. |\t\\(|Caused by: ).*"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("Caused by: java.lang.IllegalArgumentException: cause\\rFORGED TOO"));
        assertThat(lines.size()).isLessThan(2 * (SafeThrowableConverter.DEFAULT_FRAMES + 3));
    }

    @Test
    void boltsMultiLineNoHandlerWarningIsLeftToTheEdgeAndEverythingElsePasses() {
        BoltUnmatchedWarningFilter filter = new BoltUnmatchedWarningFilter();
        Logger bolt = context.getLogger("com.slack.api.bolt.App");
        assertThat(filter.decide(null, bolt, Level.WARN, "No BlockActionHandler registered for action_id: {}\n{}", null, null))
                .isEqualTo(FilterReply.DENY);
        assertThat(filter.decide(null, bolt, Level.WARN, "Replaced the handler for {}", null, null))
                .isEqualTo(FilterReply.NEUTRAL);
        assertThat(filter.decide(null, context.getLogger("dev.checklistbot.X"), Level.WARN,
                "No BlockActionHandler registered for action_id: {}", null, null)).isEqualTo(FilterReply.NEUTRAL);
    }
}
