package dev.checklistbot.discord;

import java.util.Objects;

/**
 * What the Discord bot needs to run. {@link #toString()} never shows the token.
 *
 * @param token          DISCORD_BOT_TOKEN
 * @param apiUrl         DISCORD_API_URL, ending with "/"
 * @param gatewayUrl     DISCORD_GATEWAY_URL, or null for Discord's own
 * @param guildId        DISCORD_GUILD_ID: register the command in that server only (at once), or null: globally
 * @param commandName    COMMAND_NAME ("/backup-checklist")
 * @param summaryChannel DISCORD_SUMMARY_CHANNEL as a qualified id ("discord:123"), or null
 */
public record DiscordBotConfig(String token, String apiUrl, String gatewayUrl, String guildId, String commandName,
                               String summaryChannel) {
    public static final String DEFAULT_API_URL = "https://discord.com/api/v10/";

    public DiscordBotConfig {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(apiUrl, "apiUrl");
        Objects.requireNonNull(commandName, "commandName");
        if (!apiUrl.endsWith("/")) {
            throw new IllegalArgumentException("the Discord API URL must end with /");
        }
    }

    @Override
    public String toString() {
        return "DiscordBotConfig[apiUrl=" + apiUrl + ", gateway=" + (gatewayUrl == null ? "Discord's" : gatewayUrl)
                + ", guild=" + guildId + ", command=" + commandName + ", summaryChannel=" + summaryChannel + "]";
    }
}
