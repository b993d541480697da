package dev.checklistbot.cli;

import dev.checklistbot.checklist.ChecklistCatalog;
import dev.checklistbot.discord.DiscordBotConfig;
import dev.checklistbot.discord.DiscordStartException;
import dev.checklistbot.slack.SlackBotConfig;
import dev.checklistbot.slack.SlackStartException;
import dev.checklistbot.store.Database;
import dev.checklistbot.store.JdbcRunStore;
import dev.checklistbot.web.ReportConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code checklist-bot serve}: the bot on Slack, on Discord, or on both in one process on one database. Slack in HTTP
 * mode ({@code POST /slack/events}) unless SLACK_APP_TOKEN is set, then Socket Mode; Discord with DISCORD_BOT_TOKEN;
 * {@code GET /health} in every case. Stops cleanly on SIGTERM: stop accepting,
 * finish the answers under way, stop delivering, close the database. Messages not yet delivered stay in the
 * outbox and go out after the next start.
 *
 * With REPORT_URL set it also serves the run report pages ({@code /runs...}, signed links) on the same port.
 *
 * <p>Secrets (SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_APP_TOKEN, DISCORD_BOT_TOKEN, REPORT_SECRET) come from the environment only: a flag would
 * show them to anyone who can list processes.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the bot on Slack (HTTP: POST /slack/events; Socket Mode when SLACK_APP_TOKEN is set) and/or"
                + " Discord (DISCORD_BOT_TOKEN); GET /health in every case.")
public final class ServeCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);
    /**
     * Outbox delivery threads on SQLite. Delivery is I/O bound (each worker waits on one Web API call, about 100-300 ms
     * to the real Slack, then on its record's commit, which SQLite's group commit shares among the workers), so the
     * number of threads, not the CPU, bounds how fast a burst of channels gets its posts: 4 workers against a 150 ms
     * API deliver about 27 messages/s, and the 400 posts of an incident's 200 starts would wait 15 s. Measured against
     * the bench's fake (issue 16, SQLite): 40 channels' check marks to next step p50/p99 1.36/1.92 s with 16 workers,
     * 2.49/3.08 s with 4.
     */
    static final int DELIVERY_WORKERS = 16;
    /**
     * On PostgreSQL a process writes one transaction at a time, one work each ({@code Dialect.maxGroup()}): every
     * delivery's record waits in the same queue as people's commands, and more workers only lengthen it (bench, 40
     * channels at once: p50/p99 5.7/11.3 s with 4 workers, 8.9/24.4 s and check marks refused as busy with 16).
     */
    static final int DELIVERY_WORKERS_POSTGRESQL = 4;

    /** The delivery threads for the database {@code database} (a file or a JDBC URL). */
    static int deliveryWorkers(String database) {
        return Database.namesPostgres(database) ? DELIVERY_WORKERS_POSTGRESQL : DELIVERY_WORKERS;
    }

    @Mixin
    BotOptions bot = new BotOptions();

    @Option(names = "--port", paramLabel = "PORT", description = "HTTP port (env PORT, default 3000; 0 picks a free one)")
    Integer port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "0.0.0.0", description = "address to listen on (default ${DEFAULT-VALUE})")
    String bind;

    @Option(names = "--slack-api-url", paramLabel = "URL", description = "Slack Web API base URL ending with / (env SLACK_API_URL, default https://slack.com/api/)")
    String slackApiUrl;

    private final Settings settings;

    public ServeCommand() {
        this(Settings.fromEnvironment());
    }

    ServeCommand(Settings settings) {
        this.settings = settings;
    }

    /**
     * The Slack settings, checked (a bad one is a {@link ConfigException} naming it, never its value if secret), or
     * null when only Discord is configured.
     */
    SlackBotConfig slackConfig() {
        if (settings.value(Settings.SLACK_BOT_TOKEN, null, null) == null
                && settings.value(Settings.DISCORD_BOT_TOKEN, null, null) != null) {
            return null;
        }
        if (settings.value(Settings.SLACK_BOT_TOKEN, null, null) == null) {
            throw new ConfigException(Settings.SLACK_BOT_TOKEN, "is not set (set it to serve Slack, or"
                    + " DISCORD_BOT_TOKEN to serve Discord, or both)");
        }
        String botToken = settings.requiredSecret(Settings.SLACK_BOT_TOKEN, null, "xoxb-");
        String appToken = settings.optionalSecret(Settings.SLACK_APP_TOKEN, null, "xapp-");
        String signingSecret = appToken != null
                ? settings.optionalSecret(Settings.SLACK_SIGNING_SECRET, null, null)
                : settings.requiredSecret(Settings.SLACK_SIGNING_SECRET, null, null);
        return new SlackBotConfig(botToken, signingSecret, appToken, settings.slackApiUrl(slackApiUrl),
                bot.commandName(settings), bot.summaryChannel(settings));
    }

    /** The Discord settings, checked, or null when DISCORD_BOT_TOKEN is not set. */
    DiscordBotConfig discordConfig() {
        String token = settings.optionalSecret(Settings.DISCORD_BOT_TOKEN, null, null);
        if (token == null) {
            return null;
        }
        return new DiscordBotConfig(token, settings.discordApiUrl(), settings.discordGatewayUrl(),
                settings.discordGuildId(), bot.commandName(settings), settings.discordSummaryChannel());
    }

    /** How the process serves, whatever the platforms. */
    Serving.Options options() {
        return options(bot.database(settings));
    }

    private Serving.Options options(String database) {
        if (bind == null || bind.isBlank()) {
            throw new ConfigException("--bind", "must be an address such as 0.0.0.0 or 127.0.0.1");
        }
        return new Serving.Options(bind, settings.port(port), bot.commandName(settings), deliveryWorkers(database),
                settings.admins(), bot.nudgeAfter(settings), Serving.DEFAULT_TIMER_POLL);
    }

    /** A running server and its database, closed together (the server first). */
    record Server(Serving serving, JdbcRunStore store) implements AutoCloseable {
        @Override
        public void close() {
            try {
                serving.close();
            } finally {
                store.close();
            }
        }
    }

    /** Checks the settings, loads the checklists, opens the database and starts the bot on every platform set. */
    Server start() throws Exception {
        SlackBotConfig slack = slackConfig();
        DiscordBotConfig discord = discordConfig();
        String database = bot.database(settings);
        Serving.Options options = options(database);
        ReportConfig report = settings.report();
        ChecklistCatalog catalog = BotCore.loadChecklists(bot.checklistsDir(settings));
        java.time.Duration outboxKept = bot.retentionOutbox(settings);
        JdbcRunStore store = settings.openStore(database);
        try {
            store.startHousekeeping(outboxKept);
            return new Server(Serving.start(slack, discord, report, options, catalog, store, Clock.systemUTC()), store);
        } catch (SlackStartException e) {
            store.close();
            throw new ConfigException(e.setting(), e.getMessage());
        } catch (DiscordStartException e) {
            store.close();
            throw new ConfigException(e.setting(), e.getMessage());
        } catch (Exception | Error e) {
            store.close();
            throw e;
        }
    }

    @Override
    public Integer call() throws Exception {
        Server server = start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping");
            try {
                server.close();
            } finally {
                log.info("stopped");
                stopped.countDown();
            }
        }, "shutdown"));
        stopped.await();
        return 0;
    }
}
