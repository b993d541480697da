package dev.checklistbot.slack;

import java.util.Objects;

/**
 * What the Slack bot needs to run. {@link #toString()} never shows a secret.
 *
 * @param botToken        SLACK_BOT_TOKEN (xoxb-...)
 * @param signingSecret   SLACK_SIGNING_SECRET (HTTP mode)
 * @param appToken        SLACK_APP_TOKEN (xapp-...): Socket Mode when set, else null
 * @param apiUrl          SLACK_API_URL, ending with "/"
 * @param commandName     COMMAND_NAME ("/backup-checklist")
 * @param summaryChannel  SUMMARY_CHANNEL, or null
 */
public record SlackBotConfig(String botToken, String signingSecret, String appToken, String apiUrl, String commandName,
                             String summaryChannel) {
    public static final String DEFAULT_API_URL = "https://slack.com/api/";
    public static final String DEFAULT_COMMAND = "/backup-checklist";

    public SlackBotConfig {
        Objects.requireNonNull(botToken, "botToken");
        Objects.requireNonNull(apiUrl, "apiUrl");
        Objects.requireNonNull(commandName, "commandName");
        if (appToken == null) {
            Objects.requireNonNull(signingSecret, "signingSecret");
        }
        if (!apiUrl.endsWith("/")) {
            throw new IllegalArgumentException("the Slack API URL must end with /");
        }
    }

    public boolean socketMode() {
        return appToken != null;
    }

    @Override
    public String toString() {
        return "SlackBotConfig[apiUrl=" + apiUrl + ", command=" + commandName + ", summaryChannel=" + summaryChannel
                + ", socketMode=" + socketMode() + "]";
    }
}
