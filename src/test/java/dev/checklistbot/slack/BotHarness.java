package dev.checklistbot.slack;

import dev.checklistbot.testing.Await;
import dev.checklistbot.checklist.ChecklistCatalog;
import dev.checklistbot.checklist.ChecklistLoader;
import dev.checklistbot.cli.Serving;
import dev.checklistbot.discord.DiscordBotConfig;
import dev.checklistbot.discord.FakeDiscord;
import dev.checklistbot.run.Run;
import dev.checklistbot.store.PostedMessage;
import dev.checklistbot.store.JdbcRunStore;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * The whole bot on 127.0.0.1 with a fake Slack Web API and the real SQLite store on a temporary database file: start,
 * stop, restart on the same file.
 */
final class BotHarness implements AutoCloseable {
    static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    static final String BOT_TOKEN = "xoxb-0000000000-fake-bot-token-for-tests";
    static final String SUMMARY_CHANNEL = "CSUMMARY01";
    private static final ChecklistCatalog CATALOG = loadCatalog();

    final FakeSlack slack;
    final SignedSlack client;
    /** The fake Discord the same process serves too, or null when it serves Slack only. */
    final FakeDiscord discord;
    private final Path dbFile;
    private JdbcRunStore store;
    private Serving bot;
    private final ChecklistCatalog catalog;

    BotHarness(Path dir) throws Exception {
        this(dir, false);
    }

    /** With {@code withDiscord}, one process serves Slack and a local fake Discord, on one database. */
    BotHarness(Path dir, boolean withDiscord) throws Exception {
        this(dir, withDiscord, CATALOG);
    }

    /** With other checklists than the shipped ones (a test's own, e.g. a step that requires evidence). */
    BotHarness(Path dir, boolean withDiscord, ChecklistCatalog catalog) throws Exception {
        this.catalog = catalog;
        slack = new FakeSlack();
        discord = withDiscord ? FakeDiscord.start() : null;
        dbFile = dir.resolve("checklist-bot.db");
        start();
        client = new SignedSlack(SECRET, bot.port());
    }

    private void start() throws Exception {
        store = JdbcRunStore.open(dbFile.toString());
        SlackBotConfig config = new SlackBotConfig(BOT_TOKEN, SECRET, null, slack.apiUrl(), "/backup-checklist",
                SUMMARY_CHANNEL);
        DiscordBotConfig discordConfig = discord == null ? null : new DiscordBotConfig(FakeDiscord.TOKEN,
                discord.restUrl(), discord.gatewayUrl(), FakeDiscord.GUILD_ID, "/backup-checklist",
                "discord:" + FakeDiscord.SUMMARY_CHANNEL_ID);
        bot = Serving.start(config, discordConfig, new Serving.Options("127.0.0.1", 0, "/backup-checklist", 4), catalog,
                store, Clock.systemUTC());
    }

    /** Closes the bot and the store as a shutdown would, then starts both again on the same database file. */
    void restart() throws Exception {
        stop();
        start();
        client.port(bot.port());
    }

    /** The SQLite file the bot keeps its runs in. */
    Path dbFile() {
        return dbFile;
    }

    JdbcRunStore store() {
        return store;
    }

    int port() {
        return bot.port();
    }

    Optional<Run> activeRun(String channel) {
        return store.read(r -> r.activeRun(channel));
    }

    Run lastRun(String channel) {
        return store.read(r -> r.lastRun(channel)).orElseThrow();
    }

    java.util.List<Run> runs(boolean activeOnly, int limit) {
        return store.read(r -> r.runs(activeOnly, limit));
    }

    java.util.List<dev.checklistbot.run.RunEvent> events(long runId) {
        return store.read(r -> r.events(runId));
    }

    /** The ts of a step's message once it is posted (0: the header). */
    String messageTs(String channel, int step) {
        return Await.value("message of step " + step + " in " + channel, () -> store.read(r -> r.activeRun(channel)
                .or(() -> r.lastRun(channel)))
                .flatMap(run -> store.find(run.id(), step))
                .map(PostedMessage::messageId).orElse(null));
    }

    /** Waits until every outbox message went out. */
    void awaitDelivered() {
        Await.until("outbox delivered", () -> store.undeliveredCount() == 0);
    }

    private void stop() {
        if (bot != null) {
            bot.close();
            bot = null;
        }
        if (store != null) {
            store.close();
            store = null;
        }
    }

    @Override
    public void close() {
        stop();
        slack.close();
        if (discord != null) {
            discord.close();
        }
    }

    private static ChecklistCatalog loadCatalog() {
        ChecklistLoader.Result result = new ChecklistLoader().loadDirectory(Path.of("checklists"));
        if (!result.ok()) {
            throw new IllegalStateException("checklists: " + result.errors());
        }
        return result.catalog();
    }
}
