package dev.checklistbot.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ManifestCommandTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static JsonNode manifest(Map<String, String> env, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = new CommandLine(new ManifestCommand(new Settings(env), new PrintStream(out, true, StandardCharsets.UTF_8)))
                .execute(args);
        assertThat(code).isZero();
        return YAML.readTree(out.toString(StandardCharsets.UTF_8));
    }

    private static List<String> texts(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asText()));
        return list;
    }

    @Test
    void printsValidYamlWithTheCommandEventsScopesAndRequestUrls() throws Exception {
        JsonNode m = manifest(Map.of(), "--url", "https://bot.example.org/");

        JsonNode command = m.at("/features/slash_commands/0");
        assertThat(command.get("command").asText()).isEqualTo("/backup-checklist");
        assertThat(command.get("url").asText()).isEqualTo("https://bot.example.org/slack/events");
        assertThat(command.get("should_escape").asBoolean()).isTrue();
        assertThat(texts(m.at("/settings/event_subscriptions/bot_events")))
                .containsExactly("reaction_added", "reaction_removed", "message.channels", "message.groups");
        assertThat(m.at("/settings/event_subscriptions/request_url").asText()).isEqualTo("https://bot.example.org/slack/events");
        assertThat(m.at("/settings/interactivity/is_enabled").asBoolean()).isTrue();
        assertThat(m.at("/settings/interactivity/request_url").asText()).isEqualTo("https://bot.example.org/slack/events");
        assertThat(m.at("/settings/socket_mode_enabled").asBoolean()).isFalse();
        assertThat(texts(m.at("/oauth_config/scopes/bot"))).containsExactlyInAnyOrder("commands", "chat:write",
                "chat:write.public", "reactions:read", "channels:history", "groups:history", "users:read");
    }

    @Test
    void takesTheCommandNameFromTheEnvironmentAndSocketModeFromAFlag() throws Exception {
        JsonNode m = manifest(Map.of("COMMAND_NAME", "/restore-checklist"), "--socket-mode");

        assertThat(m.at("/features/slash_commands/0/command").asText()).isEqualTo("/restore-checklist");
        assertThat(m.at("/features/slash_commands/0/url").isMissingNode()).isTrue();
        assertThat(m.at("/settings/event_subscriptions/request_url").isMissingNode()).isTrue();
        assertThat(m.at("/settings/socket_mode_enabled").asBoolean()).isTrue();
    }

    @Test
    void aFlagWinsOverTheEnvironment() throws Exception {
        JsonNode m = manifest(Map.of("COMMAND_NAME", "/restore-checklist"), "--command-name", "/ops");
        assertThat(m.at("/features/slash_commands/0/command").asText()).isEqualTo("/ops");
    }
}
