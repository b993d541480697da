package dev.checklistbot.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.auth.AuthTestResponse;
import com.slack.api.socket_mode.SocketModeClient;
import dev.checklistbot.chat.ChatClient;
import dev.checklistbot.chat.ChatCommandHandler;
import dev.checklistbot.chat.PersonalReplies;
import dev.checklistbot.chat.StepActions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;

/**
 * The Slack side of the bot: the Web API client the outbox delivers through ({@link #connect}, which checks the
 * token), and the Bolt app with its listeners, over Socket Mode or behind the HTTP server ({@link #start}). The
 * engine, the HTTP server and the outbox are wired once, for every platform, in {@code cli}.
 */
public final class SlackBot {
    private static final Logger log = LoggerFactory.getLogger(SlackBot.class);

    /** Slack posts about one message per second per channel, allowing short bursts (a step's notice and the next step). */
    public static final Duration POST_INTERVAL = Duration.ofSeconds(1);
    public static final int POST_BURST = 3;

    private SlackBot() {
    }

    /** Slack's Web API for this bot, its token checked. */
    public static final class Connection {
        private final Slack slack;
        private final SlackChatClient client;
        private final SlackNames names;

        private Connection(Slack slack, SlackWebApi api) {
            this.slack = slack;
            this.client = new SlackChatClient(api, new SlackBlocks());
            this.names = new SlackNames(api);
        }

        /** Where people's display names come from (users.info). */
        public dev.checklistbot.chat.NameSource names() {
            return names;
        }

        /** The client the outbox delivers Slack's messages through. */
        public ChatClient client() {
            return client;
        }
    }

    /** The running Bolt app. */
    public interface Running extends AutoCloseable {
        /** The app to serve at {@code POST /slack/events} in HTTP mode; null in Socket Mode. */
        App httpApp();

        @Override
        void close();
    }

    /** Asks Slack whether the bot token is good, so that a bad one stops start-up with a line that names it. */
    public static Connection connect(SlackBotConfig config) {
        SlackConfig slackConfig = new SlackConfig();
        slackConfig.setMethodsEndpointUrlPrefix(config.apiUrl());
        slackConfig.setStatsEnabled(false);
        Slack slack = Slack.getInstance(slackConfig);
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
        return new Connection(slack, new SlackWebApi(slack, config.botToken()));
    }

    /** Builds the Bolt app and its listeners; in Socket Mode, connects. */
    public static Running start(SlackBotConfig config, Connection connection, ChatCommandHandler handler,
                                StepActions actions) throws Exception {
        PersonalReplies replies = new PersonalReplies(connection.client);
        AppConfig.AppConfigBuilder appConfig = AppConfig.builder()
                .slack(connection.slack)
                .singleTeamBotToken(config.botToken())
                .allEventsApiAutoAckEnabled(true)
                .unmatchedRequestHandler(UnmatchedRequests::unmatched);
        if (config.signingSecret() != null) {
            appConfig.signingSecret(config.signingSecret());
        }
        App app = new App(appConfig.build());
        SlackListeners.register(app, config.commandName(), handler, actions, replies);
        SocketModeApp socketMode = null;
        try {
            if (config.socketMode()) {
                socketMode = new SocketModeApp(config.appToken(), app, SocketModeClient.Backend.JavaWebSocket);
                socketMode.startAsync();
                log.info("connected to Slack over Socket Mode");
            } else {
                app.start();
            }
        } catch (Exception e) {
            stop(socketMode, app, replies);
            throw e;
        }
        SocketModeApp sm = socketMode;
        return new Running() {
            private boolean closed;

            @Override
            public App httpApp() {
                return sm == null ? app : null;
            }

            @Override
            public synchronized void close() {
                if (!closed) {
                    closed = true;
                    stop(sm, app, replies);
                }
            }
        };
    }

    private static void stop(SocketModeApp socketMode, App app, PersonalReplies replies) {
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
    }
}
