package dev.checklistbot.slack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Slack app manifest for this bot: its slash command, the events it listens to, interactivity, and only
 * the scopes it needs:
 * <ul>
 *   <li>{@code commands}: the slash command;</li>
 *   <li>{@code chat:write}: step messages, updates, thread notices, answers to one person;</li>
 *   <li>{@code chat:write.public}: summaries go to SUMMARY_CHANNEL, which the bot may not have joined
 *       (public channels only; invite the bot to a private one);</li>
 *   <li>{@code reactions:read}: reaction_added / reaction_removed;</li>
 *   <li>{@code channels:history}, {@code groups:history}: thread replies in public and private channels
 *       (message.channels, message.groups). No direct messages, so no {@code im:history}.</li>
 *   <li>{@code users:read}: people's display names (users.info) for exports and the report.</li>
 * </ul>
 */
public final class SlackManifest {
    public static final List<String> BOT_SCOPES = List.of("commands", "chat:write", "chat:write.public",
            "reactions:read", "channels:history", "groups:history", "users:read");
    public static final List<String> BOT_EVENTS = List.of("reaction_added", "reaction_removed", "message.channels",
            "message.groups");
    public static final String PLACEHOLDER_URL = "https://checklist-bot.example.com";

    private SlackManifest() {
    }

    /**
     * @param appName     the app's name in Slack
     * @param commandName the slash command, e.g. /backup-checklist
     * @param baseUrl     where Slack reaches the bot (HTTP mode), without /slack/events
     * @param socketMode  Socket Mode instead of request URLs
     */
    public static String yaml(String appName, String commandName, String baseUrl, boolean socketMode) {
        String requestUrl = stripSlash(baseUrl) + SlackHttpServer.EVENTS_PATH;
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("display_information", map(
                "name", appName,
                "description", "Runs operational checklists (BizTalk backup and restore) in a channel",
                "background_color", "#2c2d30"));
        Map<String, Object> command = map(
                "command", commandName,
                "description", "Run an operational checklist in this channel",
                "usage_hint", "[start ID | status | done N | skip N reason | undo | help]",
                "should_escape", true);
        if (!socketMode) {
            command.put("url", requestUrl);
        }
        manifest.put("features", map(
                "bot_user", map("display_name", appName, "always_online", true),
                "slash_commands", List.of(command)));
        manifest.put("oauth_config", map("scopes", map("bot", BOT_SCOPES)));
        Map<String, Object> events = map("bot_events", BOT_EVENTS);
        Map<String, Object> interactivity = map("is_enabled", true);
        if (!socketMode) {
            events.put("request_url", requestUrl);
            interactivity.put("request_url", requestUrl);
        }
        manifest.put("settings", map(
                "event_subscriptions", events,
                "interactivity", interactivity,
                "org_deploy_enabled", false,
                "socket_mode_enabled", socketMode,
                "token_rotation_enabled", false));
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));
        try {
            return "# Slack app manifest for checklist-bot: create the app at https://api.slack.com/apps (From a manifest)\n"
                    + yaml.writeValueAsString(manifest);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
