package dev.checklistbot.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import dev.checklistbot.chat.NameSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** users.info against the fake Slack: which name is taken, and what a refusal means. */
class SlackNamesTest {
    private FakeSlack fake;
    private SlackNames names;
    private Slack slack;

    @BeforeEach
    void start() throws IOException {
        fake = new FakeSlack();
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(fake.apiUrl());
        config.setStatsEnabled(false);
        slack = Slack.getInstance(config);
        names = new SlackNames(new SlackWebApi(slack, BotHarness.BOT_TOKEN));
    }

    @AfterEach
    void stop() throws Exception {
        fake.close();
        slack.close();
    }

    @Test
    void theDisplayNameElseTheRealNameElseNothing() throws Exception {
        fake.knowUser("U1", "ada", "Ada Lovelace");
        fake.knowUser("U2", "", "Grace Hopper");
        assertThat(names.displayName("U1")).contains("ada");
        assertThat(names.displayName("U2")).contains("Grace Hopper");
        assertThat(names.displayName("U404")).isEmpty(); // user_not_found
        assertThat(fake.calls("users.info")).extracting(c -> c.param("user")).containsExactly("U1", "U2", "U404");
    }

    @Test
    void aRateLimitSaysHowLongToWaitAndAServerErrorIsAFailure() {
        fake.knowUser("U1", "ada", "Ada Lovelace");
        fake.failNextUsersInfo(429, 7);
        assertThatThrownBy(() -> names.displayName("U1")).isInstanceOfSatisfying(NameSource.RateLimited.class,
                e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7)));
        fake.failNextUsersInfo(500, null);
        assertThatThrownBy(() -> names.displayName("U1")).isInstanceOf(IOException.class).hasMessageContaining("500");
    }
}
