package dev.checklistbot.cli;

import dev.checklistbot.web.ReportConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportSettingsTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @Test
    void theReportIsOffWithoutReportUrl() {
        assertThat(new Settings(Map.of()).report()).isNull();
        assertThat(new Settings(Map.of("REPORT_SECRET", SECRET)).report()).isNull();
    }

    @Test
    void withReportUrlAndASecretItIsOnForThirtyDaysByDefault() {
        ReportConfig config = new Settings(Map.of("REPORT_URL", "https://bot.example.com/", "REPORT_SECRET", SECRET)).report();
        assertThat(config.baseUrl()).isEqualTo("https://bot.example.com/");
        assertThat(config.linkLifetime()).isEqualTo(Duration.ofDays(30));
        assertThat(config.toString()).doesNotContain(SECRET);
        assertThat(new Settings(Map.of("REPORT_URL", "https://bot.example.com", "REPORT_SECRET", SECRET,
                "REPORT_LINK_DAYS", "7")).report().linkLifetime()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void aMissingOrShortSecretOrABadUrlStopsStartUpNamingTheVariableNeverTheValue() {
        assertThatThrownBy(() -> new Settings(Map.of("REPORT_URL", "https://bot.example.com")).report())
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("REPORT_SECRET: is not set");
        assertThatThrownBy(() -> new Settings(Map.of("REPORT_URL", "https://bot.example.com", "REPORT_SECRET",
                "short-secret-value")).report())
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("REPORT_SECRET: is too short")
                .message().doesNotContain("short-secret-value");
        assertThatThrownBy(() -> new Settings(Map.of("REPORT_URL", "ftp://bot", "REPORT_SECRET", SECRET)).report())
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("REPORT_URL:");
        assertThatThrownBy(() -> new Settings(Map.of("REPORT_URL", "https://bot.example.com/?a=1", "REPORT_SECRET",
                SECRET)).report()).isInstanceOf(ConfigException.class).hasMessageStartingWith("REPORT_URL:");
        assertThatThrownBy(() -> new Settings(Map.of("REPORT_URL", "https://bot.example.com", "REPORT_SECRET", SECRET,
                "REPORT_LINK_DAYS", "0")).report()).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("REPORT_LINK_DAYS:");
    }

    @Test
    void serveRefusesToStartWithTheReportOnAndNoSecret() {
        ServeCommand serve = new ServeCommand(new Settings(Map.of("SLACK_BOT_TOKEN", "xoxb-0000-fake-token-for-tests",
                "SLACK_SIGNING_SECRET", "8f742231b10e8888abcd99yyyzzz85a5", "REPORT_URL", "https://bot.example.com")));
        new CommandLine(serve).parseArgs();
        assertThatThrownBy(serve::start).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("REPORT_SECRET: is not set");
    }
}
