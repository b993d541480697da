package dev.checklistbot.discord;

import dev.checklistbot.testing.Await;
import dev.checklistbot.checklist.ChecklistCatalog;
import dev.checklistbot.checklist.ChecklistLoader;
import dev.checklistbot.cli.Serving;
import dev.checklistbot.run.Run;
import dev.checklistbot.run.RunEvent;
import dev.checklistbot.slack.SlackBotConfig;
import dev.checklistbot.store.JdbcRunStore;
import dev.checklistbot.store.PostedMessage;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The whole bot as {@code serve} wires it, on a local fake Discord that JDA really connects to (and, if asked, a
 * Slack Web API as well), with the real SQLite store on a temporary file: start, stop, restart on the same file.
 */
final class DiscordHarness implements AutoCloseable {
    static final String OPS = FakeDiscord.OPS_CHANNEL_ID;
    static final String CHANNEL = "discord:" + OPS;
    private static final ChecklistCatalog CATALOG = new ChecklistLoader().loadDirectory(Path.of("checklists")).catalog();

    final FakeDiscord discord;
    private final Path dbFile;
    private final SlackBotConfig slack;
    private final ChecklistCatalog catalog;
    private JdbcRunStore store;
    private Serving bot;

    DiscordHarness(Path dir) throws Exception {
        this(dir, null);
    }

    /** With {@code slack}, the same process serves Slack too. */
    DiscordHarness(Path dir, SlackBotConfig slack) throws Exception {
        this(dir, slack, CATALOG);
    }

    /** Serving these checklists instead of the shipped ones. */
    DiscordHarness(Path dir, SlackBotConfig slack, ChecklistCatalog catalog) throws Exception {
        this.catalog = catalog;
        discord = FakeDiscord.start();
        dbFile = dir.resolve("checklist-bot.db");
        this.slack = slack;
        start();
    }

    static DiscordBotConfig config(FakeDiscord discord) {
        return new DiscordBotConfig(FakeDiscord.TOKEN, discord.restUrl(), discord.gatewayUrl(), FakeDiscord.GUILD_ID,
                "/backup-checklist", "discord:" + FakeDiscord.SUMMARY_CHANNEL_ID);
    }

    private void start() throws Exception {
        store = JdbcRunStore.open(dbFile.toString());
        bot = Serving.start(slack, config(discord), new Serving.Options("127.0.0.1", 0, "/backup-checklist", 4),
                catalog, store, Clock.systemUTC());
    }

    /** Closes the bot and the store as a shutdown would, then starts both again on the same database file. */
    void restart() throws Exception {
        stop();
        start();
    }

    int port() {
        return bot.port();
    }

    /** The SQLite file the bot keeps its runs in. */
    Path dbFile() {
        return dbFile;
    }

    JdbcRunStore store() {
        return store;
    }

    Optional<Run> activeRun(String channel) {
        return store.read(r -> r.activeRun(channel));
    }

    Run lastRun(String channel) {
        return store.read(r -> r.lastRun(channel)).orElseThrow();
    }

    List<RunEvent> events(long runId) {
        return store.read(r -> r.events(runId));
    }

    /** The Discord id of a step's message (0: the header) of the channel's current run, once posted. */
    String messageId(String channel, int step) {
        return Await.value("message of step " + step + " in " + channel, () -> store.read(r -> r.activeRun(channel)
                        .or(() -> r.lastRun(channel)))
                .flatMap(run -> store.find(run.id(), step))
                .map(PostedMessage::messageId).orElse(null));
    }

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
        discord.close();
    }
}
