package dev.checklistbot.cli;

import dev.checklistbot.chat.ChannelPacer;
import dev.checklistbot.chat.ChatClient;
import dev.checklistbot.chat.ChatEngine;
import dev.checklistbot.chat.PlatformClients;
import dev.checklistbot.chat.ReportLinkedClient;
import dev.checklistbot.chat.StepActions;
import dev.checklistbot.chat.StepMessages;
import dev.checklistbot.checklist.Checklist;
import dev.checklistbot.checklist.ChecklistCatalog;
import dev.checklistbot.discord.DiscordBot;
import dev.checklistbot.discord.DiscordBotConfig;
import dev.checklistbot.audit.ChainAuditVerifier;
import dev.checklistbot.run.Platform;
import dev.checklistbot.run.RunSettings;
import dev.checklistbot.slack.SlackBot;
import dev.checklistbot.slack.SlackBotConfig;
import dev.checklistbot.slack.SlackHttpServer;
import dev.checklistbot.store.JdbcRunStore;
import dev.checklistbot.web.ReportAccess;
import dev.checklistbot.web.ReportConfig;
import dev.checklistbot.web.ReportHandler;
import dev.checklistbot.web.ReportLinks;
import dev.checklistbot.web.ReportSite;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code serve} runs, wired once for every platform: the engine on the store, the outbox delivering each
 * message through its platform's client, Slack (HTTP or Socket Mode) and Discord as configured, and the HTTP server
 * ({@code GET /health} whichever platforms run; {@code POST /slack/events} in Slack's HTTP mode). {@link #close()}
 * stops it in order: stop taking requests and events, finish what is under way, stop delivering. What is not
 * delivered stays in the outbox for the next start. The store stays open: its owner closes it.
 */
public final class Serving implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Serving.class);

    /**
     * How the process serves, whatever the platforms.
     *
     * @param bindAddress     where the HTTP server listens (0.0.0.0 in production, 127.0.0.1 in tests)
     * @param port            PORT; 0 picks a free one
     * @param commandName     COMMAND_NAME ("/backup-checklist")
     * @param deliveryWorkers outbox delivery threads
     * @param admins          ADMINS: qualified user ids allowed every command
     * @param nudgeAfter      NUDGE_AFTER: the expected time of steps that have none, or null
     * @param timerPoll       how often the nudges and schedules are looked at
     */
    public record Options(String bindAddress, int port, String commandName, int deliveryWorkers,
                          java.util.Set<String> admins, Duration nudgeAfter, Duration timerPoll) {
        public Options {
            if (deliveryWorkers < 1) {
                throw new IllegalArgumentException("at least one delivery worker");
            }
            admins = admins == null ? java.util.Set.of() : java.util.Set.copyOf(admins);
            java.util.Objects.requireNonNull(timerPoll, "timerPoll");
        }

        public Options(String bindAddress, int port, String commandName, int deliveryWorkers) {
            this(bindAddress, port, commandName, deliveryWorkers, java.util.Set.of(), null, DEFAULT_TIMER_POLL);
        }

        public Options(String bindAddress, int port, String commandName, int deliveryWorkers,
                       java.util.Set<String> admins) {
            this(bindAddress, port, commandName, deliveryWorkers, admins, null, DEFAULT_TIMER_POLL);
        }

        public Options(String bindAddress, int port, String commandName, int deliveryWorkers, Duration nudgeAfter,
                       Duration timerPoll) {
            this(bindAddress, port, commandName, deliveryWorkers, java.util.Set.of(), nudgeAfter, timerPoll);
        }
    }

    /** How often {@code serve} looks for due nudges and scheduled starts. */
    public static final Duration DEFAULT_TIMER_POLL = Duration.ofSeconds(1);

    private final List<AutoCloseable> running;
    private final SlackHttpServer http;

    private Serving(List<AutoCloseable> running, SlackHttpServer http) {
        this.running = running;
        this.http = http;
    }

    /** Starts everything configured (a null config: that platform is off; at least one must be on); no report pages. */
    public static Serving start(SlackBotConfig slack, DiscordBotConfig discord, Options options,
                                ChecklistCatalog catalog, JdbcRunStore store, Clock clock) throws Exception {
        return start(slack, discord, null, options, catalog, store, clock);
    }

    /**
     * Starts everything configured; with {@code report}, the HTTP server also serves the run report pages
     * ({@code /runs...}) and every summary carries its run's signed link.
     */
    public static Serving start(SlackBotConfig slack, DiscordBotConfig discord, ReportConfig report, Options options,
                                ChecklistCatalog catalog, JdbcRunStore store, Clock clock) throws Exception {
        if (slack == null && discord == null) {
            throw new IllegalArgumentException("no chat platform to serve");
        }
        RunSettings settings = RunSettings.defaults().withCommandName(options.commandName()).withAdmins(options.admins())
                .withSummaryChannel(slack == null ? null : slack.summaryChannel())
                .withSummaryChannel(discord == null ? null : discord.summaryChannel())
                .withNudgeAfter(options.nudgeAfter());
        ReportAccess reportAccess = report == null ? null : new ReportAccess(report.secret());
        ReportLinks reportLinks = report == null ? null
                : new ReportLinks(report.baseUrl(), reportAccess, report.linkLifetime(), clock);
        PlatformClients clients = new PlatformClients();
        SlackBot.Connection slackConnection = slack == null ? null : SlackBot.connect(slack);
        DiscordBot.Connection discordConnection = discord == null ? null : new DiscordBot.Connection();
        if (slackConnection != null) {
            clients.with(Platform.SLACK, linked(slackConnection.client(), reportLinks));
        }
        if (discordConnection != null) {
            clients.with(Platform.DISCORD, linked(discordConnection.client(), reportLinks));
        }
        // Slack's pace is ours to keep; JDA keeps Discord's rate limits itself.
        ChannelPacer pacer = ChannelPacer.perChannel(SlackBot.POST_INTERVAL, SlackBot.POST_BURST)
                .onlyFor(channel -> Platform.of(channel) == Platform.SLACK);
        // display names for exports and the report, learned in the background from the ids commands carry
        java.util.Map<Platform, dev.checklistbot.chat.NameSource> nameSources = new java.util.EnumMap<>(Platform.class);
        if (slackConnection != null) {
            nameSources.put(Platform.SLACK, slackConnection.names());
        }
        if (discordConnection != null) {
            nameSources.put(Platform.DISCORD, discordConnection.names());
        }
        dev.checklistbot.chat.NameLookups names = new dev.checklistbot.chat.NameLookups(store, nameSources, clock);
        ChatEngine engine = new ChatEngine(store, catalog, settings, clients, clock, options.deliveryWorkers(), pacer,
                names::noticed);
        StepActions actions = new StepActions(engine.handler(), new StepMessages(store, store, store),
                options.commandName());

        List<AutoCloseable> running = new ArrayList<>();
        running.add(engine); // closed last: stops delivering
        running.add(0, names);
        SlackHttpServer http = null;
        try {
            SlackBot.Running slackBot = null;
            if (slack != null) {
                slackBot = SlackBot.start(slack, slackConnection, engine.handler(), actions);
                running.add(0, slackBot);
            }
            if (discord != null) {
                List<String> ids = catalog.all().stream().map(Checklist::id).toList();
                running.add(0, DiscordBot.start(discord, discordConnection, ids, engine.handler(), actions));
            }
            http = new SlackHttpServer(options.bindAddress(), options.port(),
                    slackBot == null ? null : slackBot.httpApp(), store::reachable);
            if (report != null) {
                http.withPages(ReportSite.RUNS_PATH, new ReportHandler(new ReportSite(store, reportAccess,
                        new ChainAuditVerifier(store, store.auditChain()), clock, store)));
            }
            running.add(0, http);
            engine.dispatcher().start();
            warnUnservedSchedules(catalog, clients);
            engine.scheduler().start(options.timerPoll(), channel -> clients.serves(Platform.of(channel)));
            http.start();
        } catch (Exception | Error e) {
            closeAll(running);
            throw e;
        }
        InetSocketAddress address = http.address();
        log.info("listening on {}:{} (/health{}{}); serving {}; delivering as {}", address.getAddress().getHostAddress(),
                address.getPort(), slack != null && !slack.socketMode() ? ", POST " + SlackHttpServer.EVENTS_PATH : "",
                report == null ? "" : ", " + ReportSite.RUNS_PATH + " (report links to " + report.baseUrl() + ")",
                slack != null && discord != null ? "Slack and Discord" : slack != null ? "Slack" : "Discord",
                engine.dispatcher().owner());
        return new Serving(running, http);
    }

    /** The client itself, or one whose summaries carry the run's report link when the report is on. */
    private static ChatClient linked(ChatClient client, ReportLinks links) {
        return links == null ? client : new ReportLinkedClient(client, links::run);
    }

    /** A schedule whose channel is on a platform this process does not serve never starts: say so at start-up. */
    private static void warnUnservedSchedules(ChecklistCatalog catalog, PlatformClients clients) {
        for (Checklist checklist : catalog.all()) {
            if (checklist.schedule() != null && !clients.serves(Platform.of(checklist.schedule().channel()))) {
                Platform platform = Platform.of(checklist.schedule().channel());
                log.warn("checklist {} is scheduled in {} channel {}, but {} is not served here ({} is not set):"
                                + " it will not start by itself", checklist.id(), platform.key(),
                        checklist.schedule().channel(), platform.key(),
                        platform == Platform.DISCORD ? "DISCORD_BOT_TOKEN" : "SLACK_BOT_TOKEN");
            }
        }
    }

    /** Where the HTTP server listens. */
    public InetSocketAddress address() {
        return http.address();
    }

    public int port() {
        return address().getPort();
    }

    @Override
    public synchronized void close() {
        closeAll(running);
        running.clear();
    }

    private static void closeAll(List<AutoCloseable> running) {
        for (AutoCloseable part : running) {
            try {
                part.close();
            } catch (Exception e) {
                log.warn("stopping {}: {}", part.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
