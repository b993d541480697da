package dev.checklistbot.discord;

import dev.checklistbot.chat.ChatClient;
import dev.checklistbot.chat.ChatCommandHandler;
import dev.checklistbot.chat.StepActions;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.events.session.ShutdownEvent;
import net.dv8tion.jda.api.exceptions.InvalidTokenException;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.requests.CloseCode;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.ConcurrentSessionController;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Wires the Discord bot: JDA with only the intents it needs (messages in servers, their reactions, and the
 * privileged message content, to read thread replies), the listener, the slash command (in one server at once, or
 * globally), and the chat client the outbox delivers through. A setting that stops it names itself in a
 * {@link DiscordStartException}: a refused token, an API that does not answer, a privileged intent the application
 * lacks, a server the bot is not in.
 */
public final class DiscordBot {
    private static final Logger log = LoggerFactory.getLogger(DiscordBot.class);
    static final EnumSet<GatewayIntent> INTENTS = EnumSet.of(GatewayIntent.GUILD_MESSAGES,
            GatewayIntent.GUILD_MESSAGE_REACTIONS, GatewayIntent.MESSAGE_CONTENT);
    /** What the bot needs in a channel: see it, post, embed links, read history, react, open and post in threads. */
    static final EnumSet<Permission> PERMISSIONS = EnumSet.of(Permission.VIEW_CHANNEL, Permission.MESSAGE_SEND,
            Permission.MESSAGE_EMBED_LINKS, Permission.MESSAGE_HISTORY, Permission.MESSAGE_ADD_REACTION,
            Permission.CREATE_PUBLIC_THREADS, Permission.MESSAGE_SEND_IN_THREADS);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final int WORKERS = 8;

    private DiscordBot() {
    }

    /** The running bot. */
    public interface Running extends AutoCloseable {
        /** The client the outbox delivers Discord's messages through. */
        ChatClient client();

        @Override
        void close();
    }

    /** The part the outbox needs before the bot connects: its client (deliveries wait until JDA is up). */
    public static final class Connection {
        private final AtomicReference<JDA> jda = new AtomicReference<>();
        private final DiscordChatClient client = new DiscordChatClient(jda::get);

        public ChatClient client() {
            return client;
        }

        /** Where people's display names come from (members and users, through JDA). */
        public dev.checklistbot.chat.NameSource names() {
            return new DiscordNames(jda::get);
        }
    }

    /** Connects to Discord and serves it; returns once the gateway is ready and the command registered. */
    public static Running start(DiscordBotConfig config, Connection connection, List<String> checklistIds,
                                ChatCommandHandler handler, StepActions actions) {
        ExecutorService work = workers();
        ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(daemon("discord-retry"));
        DiscordCommand command = new DiscordCommand(config.commandName(), checklistIds);
        DiscordListener listener = new DiscordListener(command, handler, actions, connection.client, work, retries);
        AtomicReference<CloseCode> closed = new AtomicReference<>();
        JDABuilder builder = JDABuilder.createLight(config.token(), INTENTS)
                .setRestConfig(new RestConfig().setBaseUrl(config.apiUrl()))
                // JSON without compression: what a self-hosted gateway (DISCORD_GATEWAY_URL) can be expected to speak
                .setCompression(Compression.NONE)
                .setEnableShutdownHook(false)
                .addEventListeners(listener, new ListenerAdapter() {
                    @Override
                    public void onShutdown(ShutdownEvent event) {
                        closed.set(event.getCloseCode());
                    }
                });
        if (config.gatewayUrl() != null) {
            builder.setSessionController(new FixedGateway(config.gatewayUrl()));
        }
        JDA jda = null;
        try {
            jda = login(builder, config);
            awaitReady(jda, closed);
            registerCommand(jda, command, config);
        } catch (RuntimeException e) {
            stop(jda, work, retries);
            throw e;
        }
        connection.jda.set(jda);
        log.info("connected to Discord as {} ({} servers); invite it with {}", jda.getSelfUser().getName(),
                jda.getGuilds().size(), inviteUrl(jda.getSelfUser().getApplicationId()));
        JDA running = jda;
        return new Running() {
            private boolean stopped;

            @Override
            public ChatClient client() {
                return connection.client;
            }

            @Override
            public synchronized void close() {
                if (!stopped) {
                    stopped = true;
                    connection.jda.set(null);
                    stop(running, work, retries);
                }
            }
        };
    }

    /** The URL that adds the bot to a server with the scopes and permissions it needs. */
    static String inviteUrl(String applicationId) {
        return "https://discord.com/oauth2/authorize?client_id=" + applicationId
                + "&scope=bot%20applications.commands&permissions=" + Permission.getRaw(PERMISSIONS);
    }

    private static JDA login(JDABuilder builder, DiscordBotConfig config) {
        try {
            return builder.build();
        } catch (InvalidTokenException e) {
            throw new DiscordStartException("DISCORD_BOT_TOKEN", "Discord refused it");
        } catch (RuntimeException e) {
            throw new DiscordStartException("DISCORD_API_URL", "Discord's API at " + config.apiUrl()
                    + " did not answer the login (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static void awaitReady(JDA jda, AtomicReference<CloseCode> closed) {
        try {
            CompletableFuture.runAsync(() -> {
                try {
                    jda.awaitReady();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }).get(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new DiscordStartException("DISCORD_GATEWAY_URL", "Discord's gateway did not get ready within "
                    + READY_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DiscordStartException("DISCORD_GATEWAY_URL", "interrupted while connecting");
        } catch (ExecutionException e) {
            // JDA gave up; its shutdown event, which carries the gateway's close code, may still be on its way, but
            // the reason JDA gives the waiter already says whether the intents were refused.
            CloseCode code = closed.get();
            String reason = e.getCause() == null ? "" : String.valueOf(e.getCause().getMessage());
            if (code == CloseCode.DISALLOWED_INTENTS || reason.contains("intent you aren't allowed")) {
                throw new DiscordStartException("DISCORD_BOT_TOKEN", "the bot's application lacks the privileged"
                        + " Message Content intent: enable it under Bot > Privileged Gateway Intents");
            }
            if (code == CloseCode.AUTHENTICATION_FAILED) {
                throw new DiscordStartException("DISCORD_BOT_TOKEN", "Discord's gateway refused it");
            }
            throw new DiscordStartException("DISCORD_GATEWAY_URL", "Discord's gateway closed the connection"
                    + (code == null ? "" : " (" + code.name() + ")"));
        }
    }

    private static void registerCommand(JDA jda, DiscordCommand command, DiscordBotConfig config) {
        if (config.guildId() != null) {
            Guild guild = jda.getGuildById(config.guildId());
            if (guild == null) {
                throw new DiscordStartException("DISCORD_GUILD_ID", "the bot is not in server " + config.guildId());
            }
            guild.updateCommands().addCommands(command.definition()).complete();
        } else {
            jda.updateCommands().addCommands(command.definition()).complete();
        }
    }

    private static void stop(JDA jda, ExecutorService work, ScheduledExecutorService retries) {
        retries.shutdownNow();
        work.shutdown();
        try {
            work.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (jda != null) {
            jda.shutdown();
            try {
                if (!jda.awaitShutdown(Duration.ofSeconds(5))) {
                    jda.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                jda.shutdownNow();
            }
        }
    }

    /** The bot's own threads for the database work of Discord's events, off JDA's event thread; bounded. */
    private static ExecutorService workers() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(WORKERS, WORKERS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(10_000), daemon("discord-work"), (task, executor) ->
                log.warn("too many Discord events waiting; one was dropped"));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** A gateway at a fixed URL (DISCORD_GATEWAY_URL): a self-hosted one, or a test's on loopback. */
    private static final class FixedGateway extends ConcurrentSessionController {
        private final String url;

        FixedGateway(String url) {
            this.url = url;
        }

        @Override
        public String getGateway() {
            return url;
        }
    }
}
