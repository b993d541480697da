package dev.checklistbot.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.auth.AuthTestResponse;
import com.slack.api.socket_mode.SocketModeClient;
import dev.checklistbot.chat.ChatCommandHandler;
import dev.checklistbot.chat.ChannelPacer;
import dev.checklistbot.chat.ChatEngine;
import dev.checklistbot.chat.OutboxDispatcher;
import dev.checklistbot.chat.PersonalReplies;
import dev.checklistbot.chat.StepActions;
import dev.checklistbot.chat.StepMessages;
import dev.checklistbot.checklist.ChecklistCatalog;
import dev.checklistbot.run.RunSettings;
import dev.checklistbot.run.RunStore;
import dev.checklistbot.store.Outbox;
import dev.checklistbot.store.PostedMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;

/**
 * Wires the Slack bot: Web API client, engine, outbox delivery, Bolt app and listeners, and the HTTP server
 * (or Socket Mode). {@link #start} returns a handle whose {@link Running#close()} stops it in order: stop
 * accepting requests, finish the answers under way, stop delivering. The store stays open: its owner closes it.
 */
public final class SlackBot {
    private static final Logger log = LoggerFactory.getLogger(SlackBot.class);

    private SlackBot() {
    }

    /** The running bot. */
    public interface Running extends AutoCloseable {
        /** Where the HTTP server listens (events in HTTP mode, /health in both modes). */
        InetSocketAddress address();

        default int port() {
            return address().getPort();
        }

        @Override
        void close();
    }

    /** Slack posts about one message per second per channel, allowing short bursts (a step's notice and the next step). */
    static final Duration POST_INTERVAL = Duration.ofSeconds(1);
    static final int POST_BURST = 3;

    public static <S extends RunStore & Outbox & PostedMessages> Running start(SlackBotConfig config,
                                                                               ChecklistCatalog catalog, S store,
                                                                               Clock clock) throws Exception {
        SlackConfig slackConfig = new SlackConfig();
        slackConfig.setMethodsEndpointUrlPrefix(config.apiUrl());
        slackConfig.setStatsEnabled(false);
        Slack slack = Slack.getInstance(slackConfig);
        checkBotToken(slack, config);

        SlackChatClient client = new SlackChatClient(new SlackWebApi(slack, config.botToken()), new SlackBlocks());
        RunSettings settings = RunSettings.defaults().withCommandName(config.commandName())
                .withSummaryChannel(config.summaryChannel());
        ChatEngine engine = new ChatEngine(store, catalog, settings, client, clock, config.deliveryWorkers(),
                ChannelPacer.perChannel(POST_INTERVAL, POST_BURST));
        OutboxDispatcher dispatcher = engine.dispatcher();
        ChatCommandHandler handler = engine.handler();
        PersonalReplies replies = new PersonalReplies(client);

        AppConfig.AppConfigBuilder appConfig = AppConfig.builder()
                .slack(slack)
                .singleTeamBotToken(config.botToken())
                .allEventsApiAutoAckEnabled(true)
                .unmatchedRequestHandler(UnmatchedRequests::unmatched);
        if (config.signingSecret() != null) {
            appConfig.signingSecret(config.signingSecret());
        }
        App app = new App(appConfig.build());
        StepActions actions = new StepActions(handler, new StepMessages(store, store, store), config.commandName());
        SlackListeners.register(app, config.commandName(), handler, actions, replies);

        SocketModeApp socketMode = null;
        SlackHttpServer http = null;
        try {
            dispatcher.start();
            if (config.socketMode()) {
                socketMode = new SocketModeApp(config.appToken(), app, SocketModeClient.Backend.JavaWebSocket);
                socketMode.startAsync();
            } else {
                app.start();
            }
            http = new SlackHttpServer(config.bindAddress(), config.port(), config.socketMode() ? null : app,
                    store::reachable);
            http.start();
        } catch (Exception e) {
            stop(http, socketMode, app, replies, dispatcher);
            throw e;
        }
        InetSocketAddress address = http.address();
        log.info("listening on {}:{} ({})", address.getAddress().getHostAddress(), address.getPort(),
                config.socketMode() ? "Socket Mode; /health only" : "POST " + SlackHttpServer.EVENTS_PATH);
        SlackHttpServer server = http;
        SocketModeApp sm = socketMode;
        return new Running() {
            private boolean closed;

            @Override
            public InetSocketAddress address() {
                return address;
            }

            @Override
            public synchronized void close() {
                if (!closed) {
                    closed = true;
                    stop(server, sm, app, replies, dispatcher);
                }
            }
        };
    }

    private static void stop(SlackHttpServer http, SocketModeApp socketMode, App app, PersonalReplies replies,
                             OutboxDispatcher dispatcher) {
        if (http != null) {
            http.close();
        }
        if (socketMode != null) {
            try {
                socketMode.close();
            } catch (Exception e) {
                log.warn("closing Socket Mode: {}", e.toString());
            }
        } else {
            app.stop();
        }
        replies.close();
        dispatcher.close();
    }

    /** Asks Slack whether the bot token is good, so that a bad one stops start-up with a line that names it. */
    private static void checkBotToken(Slack slack, SlackBotConfig config) {
        AuthTestResponse auth;
        try {
            auth = slack.methods(config.botToken()).authTest(r -> r);
        } catch (IOException | SlackApiException e) {
            throw new SlackStartException("SLACK_API_URL", "Slack's Web API at " + config.apiUrl()
                    + " did not answer auth.test (" + e.getClass().getSimpleName() + ")");
        }
        if (!auth.isOk()) {
            throw new SlackStartException("SLACK_BOT_TOKEN", "Slack refused it (" + auth.getError() + ")");
        }
    }
}
