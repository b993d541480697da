package dev.checklistbot.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsTest {
    @Test
    void defaultsApplyWhenNothingIsSet() {
        Settings settings = new Settings(Map.of());
        assertThat(settings.database(null)).isEqualTo("checklist-bot.db");
        assertThat(settings.checklistsDir(null)).isEqualTo(Path.of("checklists"));
        assertThat(settings.commandName(null)).isEqualTo("/backup-checklist");
        assertThat(settings.summaryChannel(null)).isNull();
        assertThat(settings.port(null)).isEqualTo(3000);
        assertThat(settings.slackApiUrl(null)).isEqualTo("https://slack.com/api/");
    }

    @Test
    void aFlagWinsOverTheEnvironment() {
        Settings settings = new Settings(Map.of("PORT", "4000", "COMMAND_NAME", "/restore-checklist"));
        assertThat(settings.port(null)).isEqualTo(4000);
        assertThat(settings.port(5000)).isEqualTo(5000);
        assertThat(settings.commandName(null)).isEqualTo("/restore-checklist");
        assertThat(settings.commandName("/other")).isEqualTo("/other");
    }

    @Test
    void malformedValuesNameTheVariable() {
        assertThatThrownBy(() -> new Settings(Map.of("PORT", "http")).port(null))
                .hasMessage("PORT: must be a number, not 'http'");
        assertThatThrownBy(() -> new Settings(Map.of("PORT", "70000")).port(null))
                .hasMessageStartingWith("PORT: ");
        assertThatThrownBy(() -> new Settings(Map.of("COMMAND_NAME", "backup")).commandName(null))
                .hasMessageStartingWith("COMMAND_NAME: ");
        assertThatThrownBy(() -> new Settings(Map.of("SLACK_API_URL", "http://127.0.0.1:9/api")).slackApiUrl(null))
                .hasMessage("SLACK_API_URL: must end with '/' (like https://slack.com/api/)");
        assertThatThrownBy(() -> new Settings(Map.of("SUMMARY_CHANNEL", "<!channel>")).summaryChannel(null))
                .hasMessageStartingWith("SUMMARY_CHANNEL: ");
    }

    @Test
    void secretsAreCheckedWithoutShowingThem() {
        assertThatThrownBy(() -> new Settings(Map.of()).requiredSecret("SLACK_BOT_TOKEN", null, "xoxb-"))
                .hasMessage("SLACK_BOT_TOKEN: is not set");
        assertThatThrownBy(() -> new Settings(Map.of("SLACK_BOT_TOKEN", "xoxp-secret-value")).requiredSecret("SLACK_BOT_TOKEN", null, "xoxb-"))
                .hasMessageStartingWith("SLACK_BOT_TOKEN: ").message().doesNotContain("secret-value");
        assertThat(new Settings(Map.of("SLACK_APP_TOKEN", "xapp-1")).optionalSecret("SLACK_APP_TOKEN", null, "xapp-")).isEqualTo("xapp-1");
        assertThat(new Settings(Map.of()).optionalSecret("SLACK_APP_TOKEN", null, "xapp-")).isNull();
    }

    @Test
    void adminsAreSlackAndDiscordUserIdsSeparatedByCommas() {
        assertThat(new Settings(Map.of()).admins()).isEmpty();
        assertThat(new Settings(Map.of("ADMINS", " U0123ABCD , W0456EF,Discord:41771983423143937, ")).admins())
                .containsExactlyInAnyOrder("U0123ABCD", "W0456EF", "discord:41771983423143937");
    }

    @Test
    void aMalformedAdminStopsStartUpNamingTheVariableAndTheItem() {
        for (String bad : new String[] {"alice", "<@U0123ABCD>", "discord:abc", "U0123ABCD;U0456", "u0123abcd"}) {
            assertThatThrownBy(() -> new Settings(Map.of("ADMINS", "U0999ZZZ," + bad)).admins()).as(bad)
                    .isInstanceOf(ConfigException.class).hasMessageStartingWith("ADMINS: '")
                    .hasMessageContaining("is not a user id");
        }
        assertThatThrownBy(() -> new Settings(Map.of("ADMINS", "U" + "A".repeat(200))).admins())
                .hasMessageContaining("…");
    }

    @Test
    void nudge_after_is_a_duration_or_unset() {
        assertThat(new Settings(Map.of()).nudgeAfter(null)).isNull();
        assertThat(new Settings(Map.of("NUDGE_AFTER", "1h30m")).nudgeAfter(null)).isEqualTo(java.time.Duration.ofMinutes(90));
        assertThat(new Settings(Map.of("NUDGE_AFTER", "1h")).nudgeAfter("20m")).isEqualTo(java.time.Duration.ofMinutes(20));
        assertThatThrownBy(() -> new Settings(Map.of("NUDGE_AFTER", "soon")).nudgeAfter(null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("NUDGE_AFTER");
    }
}
