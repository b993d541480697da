package dev.checklistbot.discord;

import dev.checklistbot.chat.ChatCommandHandler;
import dev.checklistbot.chat.StepActions;
import dev.checklistbot.chat.StepMessages;
import dev.checklistbot.checklist.ChecklistCatalog;
import dev.checklistbot.checklist.ChecklistLoader;
import dev.checklistbot.run.RunService;
import dev.checklistbot.run.RunSettings;
import dev.checklistbot.store.JdbcRunStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A setting that keeps the Discord bot from starting stops it with one line naming that setting, never the token. */
class DiscordStartTest {
    @TempDir
    Path dir;
    private FakeDiscord discord;
    private JdbcRunStore store;
    private ChatCommandHandler handler;
    private StepActions actions;

    @BeforeEach
    void setUp() throws Exception {
        discord = FakeDiscord.start();
        store = JdbcRunStore.open(dir.resolve("bot.db").toString());
        ChecklistCatalog catalog = new ChecklistLoader().loadDirectory(Path.of("checklists")).catalog();
        RunService service = new RunService(store, catalog, Clock.systemUTC(), RunSettings.defaults());
        handler = new ChatCommandHandler(service, store, catalog, () -> { }, Clock.systemUTC());
        actions = new StepActions(handler, new StepMessages(store, store, store), "/backup-checklist");
    }

    @AfterEach
    void tearDown() {
        store.close();
        discord.close();
    }

    private void start(DiscordBotConfig config) {
        try (DiscordBot.Running bot = DiscordBot.start(config, new DiscordBot.Connection(), List.of("backup"), handler,
                actions)) {
            throw new AssertionError("started: " + bot);
        }
    }

    @Test
    void aTokenDiscordRefusesNamesTheToken() {
        DiscordBotConfig good = DiscordHarness.config(discord);
        DiscordBotConfig wrong = new DiscordBotConfig("not-the-right-token.for.this-fake", good.apiUrl(),
                good.gatewayUrl(), good.guildId(), good.commandName(), null);
        assertThatThrownBy(() -> start(wrong)).isInstanceOf(DiscordStartException.class)
                .hasMessage("Discord refused it").hasMessageNotContaining("not-the-right-token")
                .extracting(e -> ((DiscordStartException) e).setting()).isEqualTo("DISCORD_BOT_TOKEN");
    }

    @Test
    void anApiThatDoesNotAnswerNamesTheApiUrl() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        DiscordBotConfig good = DiscordHarness.config(discord);
        DiscordBotConfig unreachable = new DiscordBotConfig(good.token(), "http://127.0.0.1:" + closedPort + "/api/v10/",
                good.gatewayUrl(), good.guildId(), good.commandName(), null);
        assertThatThrownBy(() -> start(unreachable)).isInstanceOf(DiscordStartException.class)
                .extracting(e -> ((DiscordStartException) e).setting()).isEqualTo("DISCORD_API_URL");
    }

    @Test
    void aMissingPrivilegedIntentSaysWhichAndWhereToTurnItOn() {
        discord.setPrivilegedIntentsEnabled(false);
        assertThatThrownBy(() -> start(DiscordHarness.config(discord))).isInstanceOf(DiscordStartException.class)
                .hasMessageContaining("Message Content intent")
                .extracting(e -> ((DiscordStartException) e).setting()).isEqualTo("DISCORD_BOT_TOKEN");
    }

    @Test
    void aServerTheBotIsNotInNamesTheGuildId() {
        DiscordBotConfig good = DiscordHarness.config(discord);
        DiscordBotConfig otherGuild = new DiscordBotConfig(good.token(), good.apiUrl(), good.gatewayUrl(),
                "999999999999999999", good.commandName(), null);
        assertThatThrownBy(() -> start(otherGuild)).isInstanceOf(DiscordStartException.class)
                .extracting(e -> ((DiscordStartException) e).setting()).isEqualTo("DISCORD_GUILD_ID");
    }

    @Test
    void theReadmesInviteUrlAsksForExactlyThePermissionsTheBotUses() throws Exception {
        String readme = java.nio.file.Files.readString(Path.of("README.md"));
        assertThat(readme).contains(DiscordBot.inviteUrl("APPLICATION_ID"));
    }
}
