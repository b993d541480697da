package dev.checklistbot.cli;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServeCommandTest {
    private static final String TOKEN = "xoxb-1111-2222-secret-bot-token-value";
    private static final String SECRET = "super-secret-signing-secret-value";

    @TempDir
    Path dir;

    private static ServeCommand serve(Map<String, String> env, String... args) {
        ServeCommand command = new ServeCommand(new Settings(env));
        new CommandLine(command).parseArgs(args);
        return command;
    }

    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("SLACK_BOT_TOKEN", TOKEN);
        env.put("SLACK_SIGNING_SECRET", SECRET);
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] == null) {
                env.remove(pairs[i]);
            } else {
                env.put(pairs[i], pairs[i + 1]);
            }
        }
        return env;
    }

    @Test
    void aMissingOrMalformedSettingIsOneLineNamingTheVariableAndNeverTheSecret() {
        assertThatThrownBy(() -> serve(env("SLACK_BOT_TOKEN", null)).slackConfig())
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("SLACK_BOT_TOKEN: is not set")
                .hasMessageContaining("DISCORD_BOT_TOKEN");
        assertThatThrownBy(() -> serve(env("SLACK_BOT_TOKEN", "xoxp-user-token-not-a-bot-token")).slackConfig())
                .hasMessageStartingWith("SLACK_BOT_TOKEN:").hasMessageNotContaining("user-token");
        assertThatThrownBy(() -> serve(env("SLACK_SIGNING_SECRET", null)).slackConfig())
                .hasMessage("SLACK_SIGNING_SECRET: is not set");
        assertThatThrownBy(() -> serve(env("SLACK_API_URL", "http://127.0.0.1:1/api")).slackConfig())
                .hasMessageStartingWith("SLACK_API_URL:").hasMessageContaining("end with '/'");
        assertThatThrownBy(() -> serve(env("PORT", "http")).options()).hasMessageStartingWith("PORT:");
        assertThatThrownBy(() -> serve(env("ADMINS", "U1ABC,@bob")).options()).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("ADMINS: '@bob' is not a user id");
        assertThatThrownBy(() -> serve(env("SLACK_APP_TOKEN", "xoxb-wrong-kind-of-token")).slackConfig())
                .hasMessageStartingWith("SLACK_APP_TOKEN:").hasMessageNotContaining("wrong-kind");
    }

    @Test
    void deliveryRunsOnMoreWorkersOnSqliteThanOnPostgresqlWhereEachProcessWritesOneTransactionAtATime() {
        assertThat(serve(env("CHECKLIST_BOT_DB", "jdbc:postgresql://127.0.0.1:5432/bot")).options().deliveryWorkers())
                .isEqualTo(ServeCommand.DELIVERY_WORKERS_POSTGRESQL);
        assertThat(serve(env("CHECKLIST_BOT_DB", " JDBC:PostgreSQL://127.0.0.1/bot")).options().deliveryWorkers())
                .as("read as the store opens it").isEqualTo(ServeCommand.DELIVERY_WORKERS_POSTGRESQL);
        assertThat(serve(env("CHECKLIST_BOT_DB", "bot.db")).options().deliveryWorkers())
                .isEqualTo(ServeCommand.DELIVERY_WORKERS);
        assertThat(ServeCommand.DELIVERY_WORKERS).isGreaterThan(ServeCommand.DELIVERY_WORKERS_POSTGRESQL);
    }

    @Test
    void socketModeNeedsNoSigningSecretAndFlagsWinOverTheEnvironment() {
        ServeCommand command = serve(env("SLACK_SIGNING_SECRET", null, "SLACK_APP_TOKEN", "xapp-1-A0-socket-token",
                "PORT", "4000"), "--port", "0", "--bind", "127.0.0.1", "--command-name", "/ops");
        var config = command.slackConfig();
        assertThat(config.socketMode()).isTrue();
        assertThat(command.options().port()).isZero();
        assertThat(config.commandName()).isEqualTo("/ops");
        assertThat(config.toString()).doesNotContain(TOKEN, "xapp-1-A0-socket-token");
    }

    @Test
    void discordSettingsAreCheckedOneLineEachAndDiscordAloneNeedsNoSlackSetting() {
        Map<String, String> discordOnly = env("SLACK_BOT_TOKEN", null, "SLACK_SIGNING_SECRET", null,
                "DISCORD_BOT_TOKEN", "discord-bot-token-for-tests.abc.def");
        ServeCommand command = serve(discordOnly);
        assertThat(command.slackConfig()).isNull();
        assertThat(command.discordConfig().apiUrl()).isEqualTo("https://discord.com/api/v10/");
        assertThat(command.discordConfig().toString()).doesNotContain("discord-bot-token-for-tests");
        Map<String, String> summary = new HashMap<>(discordOnly);
        summary.put("DISCORD_SUMMARY_CHANNEL", "41771983423143937");
        assertThat(serve(summary).discordConfig().summaryChannel()).isEqualTo("discord:41771983423143937");
        for (String[] bad : new String[][] {{"DISCORD_API_URL", "ftp://x/"}, {"DISCORD_API_URL", "http://127.0.0.1:1/api"},
                {"DISCORD_GATEWAY_URL", "http://127.0.0.1:1/"}, {"DISCORD_GUILD_ID", "my-server"},
                {"DISCORD_SUMMARY_CHANNEL", "#ops"}}) {
            Map<String, String> env = new HashMap<>(discordOnly);
            env.put(bad[0], bad[1]);
            assertThatThrownBy(() -> serve(env).discordConfig()).as(bad[0]).isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith(bad[0] + ":").hasMessageNotContaining("discord-bot-token");
        }
    }

    @Test
    void anInvalidChecklistStopsStartUpListingEveryError() throws Exception {
        Path checklists = Files.createDirectories(dir.resolve("checklists"));
        Files.writeString(checklists.resolve("a.yaml"), "id: Bad Id\ntitle: x\nsteps: []\n", StandardCharsets.UTF_8);
        ServeCommand command = serve(env("CHECKLISTS_DIR", checklists.toString(), "CHECKLIST_BOT_DB",
                dir.resolve("db.sqlite").toString()), "--port", "0", "--bind", "127.0.0.1");
        assertThatThrownBy(command::start).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("CHECKLISTS_DIR:").hasMessageContaining("a.yaml");
    }

    @Test
    void startsOnLoopbackAnswersHealthAndStopsCleanly() throws Exception {
        HttpServer fakeSlack = fakeWebApi("{\"ok\":true,\"team_id\":\"T0\",\"user_id\":\"UBOT0001\",\"bot_id\":\"B0\","
                + "\"url\":\"https://x.slack.com/\",\"team\":\"x\",\"user\":\"bot\"}");
        try {
            ServeCommand command = serve(env("SLACK_API_URL", "http://127.0.0.1:" + fakeSlack.getAddress().getPort() + "/api/",
                    "CHECKLIST_BOT_DB", dir.resolve("bot.db").toString()), "--port", "0", "--bind", "127.0.0.1");
            try (ServeCommand.Server server = command.start()) {
                HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.serving().port() + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(server.serving().address().getAddress().isLoopbackAddress()).isTrue();
            }
            assertThat(dir.resolve("bot.db")).exists();
        } finally {
            fakeSlack.stop(0);
        }
    }

    @Test
    void aBotTokenSlackRefusesStopsStartUpWithOneLine() throws Exception {
        HttpServer fakeSlack = fakeWebApi("{\"ok\":false,\"error\":\"invalid_auth\"}");
        try {
            ServeCommand command = serve(env("SLACK_API_URL", "http://127.0.0.1:" + fakeSlack.getAddress().getPort() + "/api/",
                    "CHECKLIST_BOT_DB", dir.resolve("bot.db").toString()), "--port", "0", "--bind", "127.0.0.1");
            assertThatThrownBy(command::start).isInstanceOf(ConfigException.class)
                    .hasMessage("SLACK_BOT_TOKEN: Slack refused it (invalid_auth)");
        } finally {
            fakeSlack.stop(0);
        }
    }

    /** A Web API on 127.0.0.1 that answers every method with {@code json}. */
    private static HttpServer fakeWebApi(String json) throws java.io.IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/", exchange -> {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }
}
