package dev.checklistbot.cli;

import dev.checklistbot.checklist.ChecklistCatalog;
import dev.checklistbot.slack.SlackBot;
import dev.checklistbot.slack.SlackBotConfig;
import dev.checklistbot.slack.SlackStartException;
import dev.checklistbot.store.JdbcRunStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code checklist-bot serve}: the Slack bot. HTTP mode ({@code POST /slack/events}, {@code GET /health}) unless
 * SLACK_APP_TOKEN is set, then Socket Mode (with /health still served). Stops cleanly on SIGTERM: stop accepting,
 * finish the answers under way, stop delivering, close the database. Messages not yet delivered stay in the
 * outbox and go out after the next start.
 *
 * <p>Secrets (SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_APP_TOKEN) come from the environment only: a flag would
 * show them to anyone who can list processes.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the Slack bot (HTTP: POST /slack/events and GET /health; Socket Mode when SLACK_APP_TOKEN is set).")
public final class ServeCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);
    static final int DELIVERY_WORKERS = 4;

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

    /** The Slack settings, checked: a bad one is a {@link ConfigException} naming it (never its value if secret). */
    SlackBotConfig config() {
        String botToken = settings.requiredSecret(Settings.SLACK_BOT_TOKEN, null, "xoxb-");
        String appToken = settings.optionalSecret(Settings.SLACK_APP_TOKEN, null, "xapp-");
        String signingSecret = appToken != null
                ? settings.optionalSecret(Settings.SLACK_SIGNING_SECRET, null, null)
                : settings.requiredSecret(Settings.SLACK_SIGNING_SECRET, null, null);
        if (bind == null || bind.isBlank()) {
            throw new ConfigException("--bind", "must be an address such as 0.0.0.0 or 127.0.0.1");
        }
        return new SlackBotConfig(botToken, signingSecret, appToken, settings.slackApiUrl(slackApiUrl), bind,
                settings.port(port), bot.commandName(settings), bot.summaryChannel(settings),
                DELIVERY_WORKERS);
    }

    /** A running server and its database, closed together (the server first). */
    record Server(SlackBot.Running bot, JdbcRunStore store) implements AutoCloseable {
        @Override
        public void close() {
            try {
                bot.close();
            } finally {
                store.close();
            }
        }
    }

    /** Checks the settings, loads the checklists, opens the database and starts the bot. */
    Server start() throws Exception {
        SlackBotConfig config = config();
        ChecklistCatalog catalog = BotCore.loadChecklists(bot.checklistsDir(settings));
        JdbcRunStore store = JdbcRunStore.open(bot.database(settings));
        try {
            return new Server(SlackBot.start(config, catalog, store, Clock.systemUTC()), store);
        } catch (SlackStartException e) {
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
