package dev.checklistbot.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import net.dv8tion.jda.api.utils.ConcurrentSessionController;
import net.dv8tion.jda.api.utils.SessionController;
import net.dv8tion.jda.api.utils.SessionControllerAdapter;

import javax.annotation.Nonnull;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for Discord, on 127.0.0.1 and ephemeral ports, that JDA 6.5 really connects to: the REST API at
 * {@link #restUrl()} and the gateway (a WebSocket server speaking gateway v10, JSON, no compression) at
 * {@link #gatewayUrl()}.
 *
 * <p>It holds one guild ({@link #GUILD_ID}) with a category, three text channels, one active thread, three people and
 * the bot. It records every REST call and every gateway payload in order, answers with the JSON Discord sends, keeps
 * the messages the bot posts (and their edits, reactions and threads), and plays people: slash commands, button
 * clicks, modal submissions, reactions, messages in channels and threads, Discord replies. It can fail chosen calls
 * (429 with {@code retry_after}, 500, 502), drop the gateway connection (JDA resumes on {@link #resumeGatewayUrl()}),
 * expire sessions and replay events.
 *
 * <p>Discord's own behaviour that a product could trip on is reproduced on purpose: the bot receives MESSAGE_CREATE /
 * MESSAGE_UPDATE for its own messages; events are filtered by the session's intents and message content is blanked
 * without MESSAGE_CONTENT; an interaction must be acknowledged within {@link #setAckDeadline 3 s} and only once; a
 * message can start only one thread; {@code enforce_nonce} returns the first message instead of a duplicate; mentions
 * are resolved from the content and {@code allowed_mentions} ({@link Message#mentionsEveryone()} etc.).
 *
 * <p>Thread-safe: every method may be called from any thread.
 */
public final class FakeDiscord implements AutoCloseable {

    // ---------------------------------------------------------------------------------------------------------------
    // The world: ids of the fixed guild, its channels, roles and people
    // ---------------------------------------------------------------------------------------------------------------

    /** The bot token the fake accepts (JDA sends it as {@code Bot <token>}). */
    public static final String TOKEN = "fake-discord-bot-token.checklist-bot.loopback-only";
    /** The application id (distinct from the bot's user id here, so code that confuses the two fails). */
    public static final String APPLICATION_ID = "1300000000000000001";
    public static final String BOT_USER_ID = "1300000000000000002";
    public static final String BOT_USERNAME = "checklist-bot";
    public static final String GUILD_ID = "1300000000000000100";
    public static final String CATEGORY_ID = "1300000000000000200";
    /** #ops: where runs happen. */
    public static final String OPS_CHANNEL_ID = "1300000000000000201";
    /** #general. */
    public static final String GENERAL_CHANNEL_ID = "1300000000000000202";
    /** #summaries. */
    public static final String SUMMARY_CHANNEL_ID = "1300000000000000203";
    /** An active public thread in #ops that GUILD_CREATE lists. */
    public static final String EXISTING_THREAD_ID = "1300000000000000301";
    /** The @everyone role has the guild's id. */
    public static final String EVERYONE_ROLE_ID = GUILD_ID;
    public static final String OPS_ROLE_ID = "1300000000000000401";
    /** The bot's managed role. */
    public static final String BOT_ROLE_ID = "1300000000000000402";
    /** Alice owns the guild and has the Ops role. */
    public static final String ALICE = "1300000000000001001";
    /** Bob has the Ops role. */
    public static final String BOB = "1300000000000001002";
    /** Carol has no role. */
    public static final String CAROL = "1300000000000001003";
    /** A custom emoji of the guild, {@code <:restore:1300000000000000501>}. */
    public static final String RESTORE_EMOJI_ID = "1300000000000000501";

    /** Gateway intents (bits), for {@link #identifiedIntents()} and tests. */
    public static final int INTENT_GUILDS = 1;
    public static final int INTENT_GUILD_MEMBERS = 1 << 1;
    public static final int INTENT_GUILD_PRESENCES = 1 << 8;
    public static final int INTENT_GUILD_MESSAGES = 1 << 9;
    public static final int INTENT_GUILD_MESSAGE_REACTIONS = 1 << 10;
    public static final int INTENT_DIRECT_MESSAGES = 1 << 12;
    public static final int INTENT_MESSAGE_CONTENT = 1 << 15;
    static final int PRIVILEGED_INTENTS = INTENT_GUILD_MEMBERS | INTENT_GUILD_PRESENCES | INTENT_MESSAGE_CONTENT;

    /** Message flags. */
    public static final int FLAG_EPHEMERAL = 1 << 6;
    public static final int FLAG_LOADING = 1 << 7;

    /** Interaction types. */
    public static final int INTERACTION_COMMAND = 2;
    public static final int INTERACTION_COMPONENT = 3;
    public static final int INTERACTION_MODAL_SUBMIT = 5;

    /** Interaction callback types. */
    public static final int CALLBACK_CHANNEL_MESSAGE = 4;
    public static final int CALLBACK_DEFERRED_CHANNEL_MESSAGE = 5;
    public static final int CALLBACK_DEFERRED_UPDATE_MESSAGE = 6;
    public static final int CALLBACK_UPDATE_MESSAGE = 7;
    public static final int CALLBACK_MODAL = 9;

    // permission bits
    static final long P_ADD_REACTIONS = 1L << 6;
    static final long P_VIEW_CHANNEL = 1L << 10;
    static final long P_SEND_MESSAGES = 1L << 11;
    static final long P_MANAGE_MESSAGES = 1L << 13;
    static final long P_EMBED_LINKS = 1L << 14;
    static final long P_ATTACH_FILES = 1L << 15;
    static final long P_READ_MESSAGE_HISTORY = 1L << 16;
    static final long P_MENTION_EVERYONE = 1L << 17;
    static final long P_USE_EXTERNAL_EMOJIS = 1L << 18;
    static final long P_USE_APPLICATION_COMMANDS = 1L << 31;
    static final long P_MANAGE_THREADS = 1L << 34;
    static final long P_CREATE_PUBLIC_THREADS = 1L << 35;
    static final long P_SEND_MESSAGES_IN_THREADS = 1L << 38;
    static final long EVERYONE_PERMISSIONS = P_VIEW_CHANNEL | P_SEND_MESSAGES | P_EMBED_LINKS | P_ATTACH_FILES
            | P_READ_MESSAGE_HISTORY | P_ADD_REACTIONS | P_USE_EXTERNAL_EMOJIS | P_USE_APPLICATION_COMMANDS
            | P_CREATE_PUBLIC_THREADS | P_SEND_MESSAGES_IN_THREADS;
    static final long BOT_PERMISSIONS = EVERYONE_PERMISSIONS | P_MANAGE_MESSAGES | P_MANAGE_THREADS;
    static final long ADMINISTRATOR = 1L << 3;

    static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern USER_MENTION = Pattern.compile("<@!?(\\d+)>");
    private static final Pattern ROLE_MENTION = Pattern.compile("<@&(\\d+)>");

    // ---------------------------------------------------------------------------------------------------------------
    // Records the tests read
    // ---------------------------------------------------------------------------------------------------------------

    /** A REST request as it arrived: route is the matched template (e.g. {@code channels/{channel}/messages}). */
    public record Request(long index, Instant at, long nanos, String method, String path, String route,
                          Map<String, String> query, JsonNode body, String rawBody, Map<String, String> headers) {
        public boolean matches(String method, String template) {
            return this.method.equalsIgnoreCase(method) && routeMatches(template, path);
        }

        /** A path segment by position (0-based), e.g. segment(1) of {@code channels/123/messages} is {@code 123}. */
        public String segment(int i) {
            String[] parts = path.split("/");
            return i < parts.length ? parts[i] : null;
        }
    }

    /** A REST call and the fake's answer. {@code injected} when the answer came from {@link #failNext} or {@link #rateLimitNext}. */
    public record Call(Request request, int status, JsonNode response, boolean injected) {
        public String method() {
            return request.method();
        }

        public String path() {
            return request.path();
        }

        public JsonNode body() {
            return request.body();
        }

        public Map<String, String> query() {
            return request.query();
        }

        public Instant at() {
            return request.at();
        }

        public boolean ok() {
            return status >= 200 && status < 300;
        }

        public boolean matches(String method, String template) {
            return request.matches(method, template);
        }

        @Override
        public String toString() {
            return request.method() + " " + request.path()
                    + (request.query().isEmpty() ? "" : "?" + request.query()) + " -> " + status
                    + (injected ? " (injected)" : "");
        }
    }

    /** Where a message came from. */
    public enum Source {
        /** {@code POST channels/{id}/messages} by the bot. */
        CHANNEL,
        /** An interaction's response (callback type 4 or 5, later edited through {@code @original}). */
        INTERACTION_RESPONSE,
        /** {@code POST webhooks/{app}/{token}}: an interaction follow-up. */
        FOLLOWUP,
        /** A person, played by the test. */
        PERSON
    }

    /** One edit of a message: the body that was sent, when, and through which route. */
    public record Edit(String messageId, JsonNode body, Instant at, String route) {
    }

    /** A message as it stands now (content, embeds, components are the latest), with its edits. */
    public record Message(String id, String channelId, String authorId, Source source, String interactionId,
                          String content, JsonNode embeds, JsonNode components, JsonNode allowedMentions, int flags,
                          String referencedMessageId, boolean mentionsEveryone, List<String> mentionedUsers,
                          List<String> mentionedRoles, Instant createdAt, JsonNode json, List<Edit> edits,
                          boolean deleted, String threadId, Set<String> botReactions) {
        public boolean ephemeral() {
            return (flags & FLAG_EPHEMERAL) != 0;
        }

        public boolean loading() {
            return (flags & FLAG_LOADING) != 0;
        }

        /** Content plus every embed's text, for "does the person see X" assertions. */
        public String text() {
            StringBuilder sb = new StringBuilder(content == null ? "" : content);
            if (embeds != null) {
                for (JsonNode e : embeds) {
                    for (String f : List.of("title", "description")) {
                        if (e.hasNonNull(f)) {
                            sb.append('\n').append(e.get(f).asText());
                        }
                    }
                    for (JsonNode field : e.path("fields")) {
                        sb.append('\n').append(field.path("name").asText()).append('\n').append(field.path("value").asText());
                    }
                    if (e.has("footer")) {
                        sb.append('\n').append(e.path("footer").path("text").asText());
                    }
                }
            }
            return sb.toString();
        }

        /** The custom_ids of every button / select in the message, in order. */
        public List<String> customIds() {
            List<String> ids = new ArrayList<>();
            collectCustomIds(components, ids);
            return ids;
        }
    }

    /** An interaction the fake dispatched, with the time of dispatch (to measure the ack latency). */
    public record Interaction(String id, String token, int type, String channelId, String userId, String messageId,
                              Instant dispatchedAt, long dispatchedNanos, JsonNode payload) {
    }

    /** An interaction callback as received: type, data, and how long after the dispatch it arrived. */
    public record Callback(String interactionId, int type, JsonNode data, Duration latency, int status, Instant at,
                           Map<String, String> query) {
    }

    /** A typed option of a slash command: {@code type} is Discord's option type (3 string, 4 integer, 5 boolean, 6 user). */
    public record Option(String name, int type, Object value) {
        public static Option string(String name, String value) {
            return new Option(name, 3, value);
        }

        public static Option integer(String name, long value) {
            return new Option(name, 4, value);
        }

        public static Option bool(String name, boolean value) {
            return new Option(name, 5, value);
        }

        public static Option user(String name, String userId) {
            return new Option(name, 6, userId);
        }
    }

    /** An event the fake dispatched on the gateway (each live session gets it with its own sequence number). */
    public record Dispatched(long index, String type, JsonNode data, Instant at) {
    }

    /** One gateway connection: the path and query JDA connected with, what it sent (op codes in order), its session. */
    public record GatewayConnection(int number, String resource, Instant openedAt, List<Integer> opsReceived,
                                    String sessionId, boolean open, Integer closeCode) {
    }

    // ---------------------------------------------------------------------------------------------------------------
    // State (guarded by this)
    // ---------------------------------------------------------------------------------------------------------------

    record Person(String id, String username, String globalName, boolean bot, List<String> roles, Instant joinedAt) {
    }

    static final class ChannelModel {
        final String id;
        final int type; // 0 text, 4 category, 11 public thread
        final String name;
        final String parentId;
        final String ownerId;
        final int position;
        final Instant createdAt = Instant.now();
        String lastMessageId;
        int messageCount;
        final Set<String> threadMembers = new LinkedHashSet<>();

        ChannelModel(String id, int type, String name, String parentId, String ownerId, int position) {
            this.id = id;
            this.type = type;
            this.name = name;
            this.parentId = parentId;
            this.ownerId = ownerId;
            this.position = position;
        }

        boolean isThread() {
            return type == 11 || type == 12;
        }
    }

    private static final class StoredMessage {
        final String id;
        final String channelId;
        final String authorId;
        final Source source;
        final String interactionId;
        final Instant createdAt = Instant.now();
        final String nonce;
        ObjectNode json;
        JsonNode allowedMentions;
        final List<Edit> edits = new ArrayList<>();
        boolean deleted;
        String threadId;
        final Set<String> botReactions = new LinkedHashSet<>();

        StoredMessage(String id, String channelId, String authorId, Source source, String interactionId, String nonce) {
            this.id = id;
            this.channelId = channelId;
            this.authorId = authorId;
            this.source = source;
            this.interactionId = interactionId;
            this.nonce = nonce;
        }
    }

    private static final class InteractionState {
        final Interaction interaction;
        Callback callback;
        String originalMessageId;
        final List<String> followups = new ArrayList<>();

        InteractionState(Interaction interaction) {
            this.interaction = interaction;
        }
    }

    /** An enforced limit: {@code limit} calls per {@code window} per route and major parameter (channel, guild...). */
    private record Limit(String method, String template, int limit, Duration window) {
    }

    private static final class Bucket {
        long windowStartNanos;
        int used;
    }

    private record Injection(Predicate<Request> which, int status, double retryAfter, boolean global, int[] left) {
    }

    private record Response(int status, JsonNode body, Map<String, String> headers) {
        static Response json(int status, JsonNode body) {
            return new Response(status, body, Map.of());
        }

        static Response noContent() {
            return new Response(204, null, Map.of());
        }
    }

    private record RouteHandler(String method, String template, Handler handler) {
    }

    @FunctionalInterface
    private interface Handler {
        Response handle(Request request, List<String> params) throws IOException;
    }

    private final HttpServer http;
    private final ExecutorService httpExecutor = Executors.newFixedThreadPool(6, r -> {
        Thread t = new Thread(r, "fake-discord-rest");
        t.setDaemon(true);
        return t;
    });
    private final FakeDiscordGateway gateway;
    private final List<RouteHandler> routes = new ArrayList<>();

    private final List<Call> calls = new ArrayList<>();
    private final List<Injection> injections = new ArrayList<>();
    private final List<Limit> limits = new ArrayList<>();
    private final Map<String, Bucket> buckets = new LinkedHashMap<>();
    final Map<String, Person> people = new LinkedHashMap<>();
    final Map<String, ChannelModel> channels = new LinkedHashMap<>();
    private final Map<String, StoredMessage> messages = new LinkedHashMap<>();
    private final Map<String, List<ObjectNode>> commands = new LinkedHashMap<>();
    private final Map<String, InteractionState> interactions = new LinkedHashMap<>();
    private final Map<String, InteractionState> interactionsByToken = new LinkedHashMap<>();
    private long requestCounter;
    private Duration ackDeadline = Duration.ofSeconds(3);
    private boolean echoBotMessages = true;
    private final Instant guildJoinedAt = Instant.now().minus(Duration.ofDays(30));

    private FakeDiscord() throws IOException {
        Instant joined = Instant.now().minus(Duration.ofDays(400));
        addPerson(new Person(ALICE, "alice", "Alice", false, List.of(OPS_ROLE_ID), joined));
        addPerson(new Person(BOB, "bob", "Bob", false, List.of(OPS_ROLE_ID), joined));
        addPerson(new Person(CAROL, "carol", "Carol", false, List.of(), joined));
        addPerson(new Person(BOT_USER_ID, BOT_USERNAME, null, true, List.of(BOT_ROLE_ID), guildJoinedAt));
        addChannel(new ChannelModel(CATEGORY_ID, 4, "Operations", null, null, 0));
        addChannel(new ChannelModel(OPS_CHANNEL_ID, 0, "ops", CATEGORY_ID, null, 1));
        addChannel(new ChannelModel(GENERAL_CHANNEL_ID, 0, "general", CATEGORY_ID, null, 2));
        addChannel(new ChannelModel(SUMMARY_CHANNEL_ID, 0, "summaries", CATEGORY_ID, null, 3));
        ChannelModel existing = new ChannelModel(EXISTING_THREAD_ID, 11, "Last week's restore drill", OPS_CHANNEL_ID, ALICE, 0);
        existing.threadMembers.add(ALICE);
        existing.threadMembers.add(BOT_USER_ID);
        addChannel(existing);

        registerRoutes();
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", this::handle);
        http.setExecutor(httpExecutor);
        http.start();
        gateway = new FakeDiscordGateway(this);
        gateway.startAndWait();
    }

    /** Starts the REST server and the gateway on 127.0.0.1, ephemeral ports. */
    public static FakeDiscord start() throws IOException {
        return new FakeDiscord();
    }

    private void addPerson(Person p) {
        people.put(p.id(), p);
    }

    private void addChannel(ChannelModel c) {
        channels.put(c.id, c);
    }

    /** {@code http://127.0.0.1:P/api/v10/}: give it to {@code new RestConfig().setBaseUrl(...)}. */
    public String restUrl() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/api/v10/";
    }

    /** {@code ws://127.0.0.1:Q/}: what {@link SessionController#getGateway()} must return. */
    public String gatewayUrl() {
        return "ws://127.0.0.1:" + gateway.port() + "/";
    }

    /** The {@code resume_gateway_url} READY gives: another path on the same loopback server, so tests can tell. */
    public String resumeGatewayUrl() {
        return "ws://127.0.0.1:" + gateway.port() + "/resume/";
    }

    /** A session controller that sends JDA to this fake's gateway (identify delay as JDA's own). */
    public SessionController sessionController() {
        String url = gatewayUrl();
        return new ConcurrentSessionController() {
            @Nonnull
            @Override
            public String getGateway() {
                return url;
            }
        };
    }

    /**
     * A session controller for tests that connect several JDA instances or re-identify: it starts every connection at
     * once, without the 5 s between IDENTIFYs that JDA's own controllers keep for Discord (the fake does not need it).
     */
    public SessionController sessionControllerWithoutIdentifyDelay() {
        String url = gatewayUrl();
        return new SessionControllerAdapter() {
            @Nonnull
            @Override
            public String getGateway() {
                return url;
            }

            @Override
            public void appendSession(@Nonnull SessionConnectNode node) {
                Thread t = new Thread(() -> {
                    try {
                        node.run(false);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "fake-discord-connect");
                t.setDaemon(true);
                t.start();
            }

            @Override
            public void removeSession(@Nonnull SessionConnectNode node) {
                // nothing queued
            }
        };
    }

    @Override
    public void close() {
        gateway.shutdown();
        http.stop(0);
        httpExecutor.shutdownNow();
        try {
            httpExecutor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Settings
    // ---------------------------------------------------------------------------------------------------------------

    /** How long after its dispatch an interaction may be acknowledged (Discord: 3 s; later: 404 Unknown interaction). */
    public synchronized void setAckDeadline(Duration deadline) {
        this.ackDeadline = deadline;
    }

    /** Whether the bot gets MESSAGE_CREATE / MESSAGE_UPDATE for its own messages, as on Discord (default true). */
    public synchronized void setEchoBotMessages(boolean echo) {
        this.echoBotMessages = echo;
    }

    /** Whether the application may use privileged intents (default true); if not, IDENTIFY with one closes with 4014. */
    public void setPrivilegedIntentsEnabled(boolean enabled) {
        gateway.setPrivilegedIntentsEnabled(enabled);
    }

    /** The heartbeat interval HELLO announces (default 41,250 ms as Discord); set before JDA connects. */
    public void setHeartbeatInterval(int millis) {
        gateway.setHeartbeatInterval(millis);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // REST: recorded calls and failure injection
    // ---------------------------------------------------------------------------------------------------------------

    /** Every REST call so far, in arrival order (failed and unknown ones too). */
    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The calls with this method whose path matches the template ({@code {x}} matches one segment). */
    public synchronized List<Call> calls(String method, String template) {
        return calls.stream().filter(c -> c.matches(method, template)).toList();
    }

    /** A predicate for {@link #failNext} / {@link #rateLimitNext}: method and route template. */
    public static Predicate<Request> route(String method, String template) {
        return r -> r.matches(method, template);
    }

    /** The next {@code n} calls matching {@code which} get {@code status} (e.g. 500, 502) with a Discord-style body. */
    public synchronized void failNext(int n, Predicate<Request> which, int status) {
        injections.add(new Injection(which, status, 0, false, new int[] {n}));
    }

    /** The next {@code n} calls matching get 429 with {@code retry_after} (seconds) in body and {@code Retry-After}. */
    public synchronized void rateLimitNext(int n, Predicate<Request> which, double retryAfterSeconds) {
        injections.add(new Injection(which, 429, retryAfterSeconds, false, new int[] {n}));
    }

    /** As {@link #rateLimitNext} but a global rate limit ({@code X-RateLimit-Global: true}, scope global). */
    public synchronized void rateLimitNextGlobally(int n, Predicate<Request> which, double retryAfterSeconds) {
        injections.add(new Injection(which, 429, retryAfterSeconds, true, new int[] {n}));
    }

    /**
     * Enforces a real rate limit from now on: at most {@code limit} calls matching method and template per
     * {@code window}, counted per major parameter (the first id in the path, e.g. the channel), with
     * X-RateLimit-Remaining / Reset-After counting down as Discord's do, and 429 (retry_after) past the limit. Without
     * it every answer says 4 of 5 remain, so JDA never waits.
     */
    public synchronized void enforceRateLimit(String method, String template, int limit, Duration window) {
        limits.add(new Limit(method, template, limit, window));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Messages, threads, commands: what the bot did
    // ---------------------------------------------------------------------------------------------------------------

    /** The messages the bot (or its interactions) put in this channel, in order, ephemeral ones and deleted included. */
    public synchronized List<Message> messagesIn(String channelId) {
        return messages.values().stream()
                .filter(m -> m.channelId.equals(channelId) && m.source != Source.PERSON)
                .map(this::snapshot).toList();
    }

    /** Every message in this channel (people's too), in order. */
    public synchronized List<Message> channelHistory(String channelId) {
        return messages.values().stream().filter(m -> m.channelId.equals(channelId)).map(this::snapshot).toList();
    }

    /** A message by id, or null. */
    public synchronized Message message(String id) {
        StoredMessage m = messages.get(id);
        return m == null ? null : snapshot(m);
    }

    /** The edits of a message, in order (through {@code PATCH channels/..} or the interaction webhook). */
    public synchronized List<Edit> edits(String messageId) {
        StoredMessage m = messages.get(messageId);
        return m == null ? List.of() : List.copyOf(m.edits);
    }

    /** The thread started from this message, or null. */
    public synchronized String threadOf(String messageId) {
        StoredMessage m = messages.get(messageId);
        return m == null ? null : m.threadId;
    }

    /** The name of a channel or thread, or null. */
    public synchronized String channelName(String channelId) {
        ChannelModel c = channels.get(channelId);
        return c == null ? null : c.name;
    }

    /** The threads whose parent is this channel, in creation order. */
    public synchronized List<String> threadsIn(String parentId) {
        return channels.values().stream().filter(c -> c.isThread() && parentId.equals(c.parentId)).map(c -> c.id).toList();
    }

    /** The commands registered for a scope: {@code null} for global, else the guild id (after a bulk overwrite). */
    public synchronized List<JsonNode> commands(String guildIdOrNull) {
        return List.copyOf(commands.getOrDefault(guildIdOrNull == null ? "global" : guildIdOrNull, List.of()));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Interactions: playing people
    // ---------------------------------------------------------------------------------------------------------------

    /** A person runs {@code /command subcommand options...} in a channel (INTERACTION_CREATE type 2). */
    public Interaction slashCommand(String userId, String channelId, String command, String subcommand, Option... options) {
        ObjectNode data = obj();
        synchronized (this) {
            String commandId = commands.values().stream().flatMap(List::stream)
                    .filter(c -> c.path("name").asText().equals(command)).map(c -> c.path("id").asText())
                    .findFirst().orElseGet(Snowflakes::next);
            data.put("id", commandId);
            data.put("name", command);
            data.put("type", 1);
            data.put("guild_id", GUILD_ID);
            ArrayNode opts = arr();
            ObjectNode users = obj();
            ObjectNode members = obj();
            for (Option o : options) {
                ObjectNode on = opts.addObject();
                on.put("name", o.name());
                on.put("type", o.type());
                if (o.value() instanceof Long l) {
                    on.put("value", l);
                } else if (o.value() instanceof Integer i) {
                    on.put("value", i);
                } else if (o.value() instanceof Boolean b) {
                    on.put("value", b);
                } else {
                    on.put("value", String.valueOf(o.value()));
                }
                if (o.type() == 6) {
                    String uid = String.valueOf(o.value());
                    Person p = people.get(uid);
                    if (p != null) {
                        users.set(uid, userJson(p));
                        ObjectNode m = memberJson(p, false);
                        m.put("permissions", Long.toString(permissionsOf(p)));
                        members.set(uid, m);
                    }
                }
            }
            if (subcommand != null) {
                ArrayNode wrapped = arr();
                ObjectNode sub = wrapped.addObject();
                sub.put("name", subcommand);
                sub.put("type", 1);
                sub.set("options", opts);
                data.set("options", wrapped);
            } else {
                data.set("options", opts);
            }
            if (!users.isEmpty()) {
                ObjectNode resolved = data.putObject("resolved");
                resolved.set("users", users);
                resolved.set("members", members);
            }
        }
        return dispatchInteraction(INTERACTION_COMMAND, userId, channelId, null, data);
    }

    /** A person clicks a button on a message the fake knows (INTERACTION_CREATE type 3, component_type 2). */
    public Interaction buttonClick(String userId, String messageId, String customId) {
        String channelId;
        synchronized (this) {
            StoredMessage m = Objects.requireNonNull(messages.get(messageId), "unknown message " + messageId);
            channelId = m.channelId;
        }
        ObjectNode data = obj();
        data.put("custom_id", customId);
        data.put("component_type", 2);
        return dispatchInteraction(INTERACTION_COMPONENT, userId, channelId, messageId, data);
    }

    /**
     * A person picks someone in a user select menu on a message the fake knows (INTERACTION_CREATE type 3,
     * component_type 5), with the picked user resolved as Discord sends it.
     */
    public Interaction userSelect(String userId, String messageId, String customId, String pickedUserId) {
        String channelId;
        ObjectNode data = obj();
        synchronized (this) {
            StoredMessage m = Objects.requireNonNull(messages.get(messageId), "unknown message " + messageId);
            channelId = m.channelId;
            data.put("custom_id", customId);
            data.put("component_type", 5);
            data.putArray("values").add(pickedUserId);
            Person p = people.get(pickedUserId);
            if (p != null) {
                ObjectNode resolved = data.putObject("resolved");
                resolved.putObject("users").set(pickedUserId, userJson(p));
                ObjectNode member = memberJson(p, false);
                member.put("permissions", Long.toString(permissionsOf(p)));
                resolved.putObject("members").set(pickedUserId, member);
            }
        }
        return dispatchInteraction(INTERACTION_COMPONENT, userId, channelId, messageId, data);
    }

    /**
     * A person submits a modal (INTERACTION_CREATE type 5): each value becomes a Label (type 18) holding a text input
     * (type 4) whose custom_id is the map key; components get numeric ids as Discord gives them.
     */
    public Interaction modalSubmit(String userId, String channelId, String modalCustomId, Map<String, String> values) {
        return modalSubmit(userId, channelId, null, modalCustomId, values);
    }

    /** As {@link #modalSubmit(String, String, String, Map)}, for a modal opened from a component on {@code messageId}. */
    public Interaction modalSubmit(String userId, String channelId, String messageId, String modalCustomId,
                                   Map<String, String> values) {
        ObjectNode data = obj();
        data.put("custom_id", modalCustomId);
        ArrayNode comps = data.putArray("components");
        int id = 1;
        for (Map.Entry<String, String> e : values.entrySet()) {
            ObjectNode label = comps.addObject();
            label.put("type", 18);
            label.put("id", id++);
            ObjectNode input = label.putObject("component");
            input.put("type", 4);
            input.put("id", id++);
            input.put("custom_id", e.getKey());
            input.put("value", e.getValue());
        }
        return dispatchInteraction(INTERACTION_MODAL_SUBMIT, userId, channelId, messageId, data);
    }

    /** The callback of an interaction, or null if none arrived yet. */
    public synchronized Callback callback(Interaction interaction) {
        InteractionState s = interactions.get(interaction.id());
        return s == null ? null : s.callback;
    }

    /** Every interaction callback received (accepted or refused), in order. */
    public synchronized List<Callback> callbacks() {
        List<Callback> out = new ArrayList<>();
        for (Call c : calls) {
            if (c.matches("POST", "interactions/{id}/{token}/callback")) {
                InteractionState s = interactions.get(c.request().segment(1));
                out.add(new Callback(c.request().segment(1), c.body() == null ? -1 : c.body().path("type").asInt(-1),
                        c.body() == null ? null : c.body().get("data"),
                        s == null ? null : Duration.ofNanos(c.request().nanos() - s.interaction.dispatchedNanos()),
                        c.status(), c.at(), c.query()));
            }
        }
        return out;
    }

    /** Time from the dispatch of the interaction to its (first accepted) callback arriving, or null. */
    public synchronized Duration ackLatency(Interaction interaction) {
        Callback c = callback(interaction);
        return c == null ? null : c.latency();
    }

    /** The interaction's original response message (callback 4/5, or the component's message for 6/7), or null. */
    public synchronized Message originalResponse(Interaction interaction) {
        InteractionState s = interactions.get(interaction.id());
        return s == null || s.originalMessageId == null ? null : snapshot(messages.get(s.originalMessageId));
    }

    /** The interaction's follow-up messages, in order. */
    public synchronized List<Message> followups(Interaction interaction) {
        InteractionState s = interactions.get(interaction.id());
        return s == null ? List.of() : s.followups.stream().map(id -> snapshot(messages.get(id))).toList();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // People's messages and reactions
    // ---------------------------------------------------------------------------------------------------------------

    /** A person posts in a channel or thread (MESSAGE_CREATE with content); returns the message id. */
    public String userMessage(String userId, String channelId, String content) {
        return personMessage(userId, channelId, content, null);
    }

    /** A person answers a message with Discord's reply (type 19, message_reference + referenced_message). */
    public String userReply(String userId, String channelId, String content, String referencedMessageId) {
        return personMessage(userId, channelId, content, referencedMessageId);
    }

    private String personMessage(String userId, String channelId, String content, String referencedId) {
        synchronized (this) {
            Person p = person(userId);
            ChannelModel ch = Objects.requireNonNull(channels.get(channelId), "unknown channel " + channelId);
            String id = Snowflakes.next();
            StoredMessage m = new StoredMessage(id, channelId, userId, Source.PERSON, null, null);
            ObjectNode json = baseMessage(id, channelId, userJson(p), referencedId == null ? 0 : 19, 0);
            json.put("content", content);
            if (referencedId != null) {
                ObjectNode ref = json.putObject("message_reference");
                ref.put("type", 0);
                ref.put("message_id", referencedId);
                ref.put("channel_id", channelId);
                ref.put("guild_id", GUILD_ID);
                StoredMessage target = messages.get(referencedId);
                json.set("referenced_message", target == null ? NODES.nullNode() : target.json.deepCopy());
            }
            applyMentions(json, content, null, referencedId);
            m.json = json;
            messages.put(id, m);
            ch.lastMessageId = id;
            if (ch.isThread()) {
                ch.messageCount++;
                ch.threadMembers.add(userId);
            }
            dispatch("MESSAGE_CREATE", gatewayMessage(json, p));
            return id;
        }
    }

    /** A person adds a reaction (MESSAGE_REACTION_ADD with member, as Discord sends in a guild). */
    public Dispatched reactionAdd(String userId, String messageId, String emoji) {
        synchronized (this) {
            StoredMessage m = Objects.requireNonNull(messages.get(messageId), "unknown message " + messageId);
            Person p = person(userId);
            ObjectNode d = obj();
            d.put("type", 0);
            d.put("user_id", userId);
            d.put("channel_id", m.channelId);
            d.put("message_id", messageId);
            d.put("guild_id", GUILD_ID);
            d.set("member", memberJson(p, true));
            d.set("emoji", emojiJson(emoji));
            d.put("message_author_id", m.authorId);
            d.put("burst", false);
            d.putArray("burst_colors");
            return dispatch("MESSAGE_REACTION_ADD", d);
        }
    }

    /** A person removes a reaction (MESSAGE_REACTION_REMOVE: no member, as Discord sends it). */
    public Dispatched reactionRemove(String userId, String messageId, String emoji) {
        synchronized (this) {
            StoredMessage m = Objects.requireNonNull(messages.get(messageId), "unknown message " + messageId);
            ObjectNode d = obj();
            d.put("type", 0);
            d.put("user_id", userId);
            d.put("channel_id", m.channelId);
            d.put("message_id", messageId);
            d.put("guild_id", GUILD_ID);
            d.set("emoji", emojiJson(emoji));
            d.put("burst", false);
            return dispatch("MESSAGE_REACTION_REMOVE", d);
        }
    }

    /** A person starts a thread from a message (THREAD_CREATE); the bot's own attempt afterwards gets 400 160004. */
    public String userStartsThread(String userId, String messageId, String name) {
        synchronized (this) {
            StoredMessage m = Objects.requireNonNull(messages.get(messageId), "unknown message " + messageId);
            if (m.threadId != null) {
                throw new IllegalStateException("message " + messageId + " already has thread " + m.threadId);
            }
            return startThread(m, name, userId).id;
        }
    }

    /** Adds a text channel to the guild (CHANNEL_CREATE to connected sessions); returns its id. */
    public String createTextChannel(String name) {
        synchronized (this) {
            ChannelModel c = new ChannelModel(Snowflakes.next(), 0, name, CATEGORY_ID, null, channels.size());
            addChannel(c);
            ObjectNode json = channelJson(c);
            json.put("guild_id", GUILD_ID);
            dispatch("CHANNEL_CREATE", json);
            return c.id;
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Gateway control
    // ---------------------------------------------------------------------------------------------------------------

    /** Dispatches an event to every live session (filtered by intents and shard); returns its record. */
    public Dispatched dispatch(String type, ObjectNode data) {
        synchronized (this) {
            return gateway.dispatch(type, data);
        }
    }

    /** Sends an already-dispatched event again, as a new dispatch (new sequence number): a duplicate delivery. */
    public Dispatched replay(Dispatched event) {
        return dispatch(event.type(), (ObjectNode) event.data().deepCopy());
    }

    /** Every dispatched event so far (READY and GUILD_CREATE included), in order. */
    public List<Dispatched> dispatched() {
        return gateway.dispatched();
    }

    /** The dispatched events of one type. */
    public List<Dispatched> dispatched(String type) {
        return gateway.dispatched().stream().filter(d -> d.type().equals(type)).toList();
    }

    /** How many frames carried this event to JDA (replays after RESUME count again). */
    public int deliveries(Dispatched event) {
        return gateway.deliveries(event);
    }

    /** Cuts every gateway connection without a close frame (a network drop): JDA RESUMEs. */
    public void dropGateway() {
        gateway.drop(null, () -> { });
    }

    /**
     * Cuts every gateway connection and runs {@code whileDisconnected} (e.g. a person's message) before any client can
     * connect again: what it dispatches is certain to reach JDA only through the RESUME replay.
     */
    public void dropGateway(Runnable whileDisconnected) {
        gateway.drop(null, whileDisconnected);
    }

    /** As {@link #dropGateway(Runnable)}, for the connection of one session only (see {@link GatewayConnection#sessionId()}). */
    public void dropGateway(String sessionId, Runnable whileDisconnected) {
        gateway.drop(Objects.requireNonNull(sessionId), whileDisconnected);
    }

    /** Closes every gateway connection with this close code (4000 → JDA resumes; 4004 → JDA gives up). */
    public void closeGateway(int code, String reason) {
        gateway.closeAll(code, reason);
    }

    /** Sends op 7 RECONNECT: JDA closes and RESUMEs. */
    public void requestReconnect() {
        gateway.sendOp(7, NODES.nullNode());
    }

    /** Forgets every session: the next RESUME gets op 9 (d=false) and JDA IDENTIFYs again (events in between lost). */
    public void expireSessions() {
        gateway.expireSessions(null);
    }

    /** Forgets one session: its next RESUME gets op 9 (d=false). */
    public void expireSession(String sessionId) {
        gateway.expireSessions(Objects.requireNonNull(sessionId));
    }

    /** Sends op 9 INVALID_SESSION with {@code d = resumable} on every connection. */
    public void invalidateSessions(boolean resumable) {
        gateway.sendOp(9, NODES.booleanNode(resumable));
    }

    /** The gateway connections so far, in order. */
    public List<GatewayConnection> gatewayConnections() {
        return gateway.connections();
    }

    /** Every payload JDA sent on the gateway (IDENTIFY, RESUME, heartbeats...), in order. */
    public List<JsonNode> gatewayReceived() {
        return gateway.received();
    }

    /** The intents of the last IDENTIFY, or -1. */
    public int identifiedIntents() {
        return gateway.lastIntents();
    }

    /** Whether some session has a live connection that got READY or RESUMED. */
    public boolean hasLiveSession() {
        return gateway.hasLiveSession();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Interaction dispatch
    // ---------------------------------------------------------------------------------------------------------------

    private Interaction dispatchInteraction(int type, String userId, String channelId, String messageId, ObjectNode data) {
        synchronized (this) {
            Person p = person(userId);
            ChannelModel ch = Objects.requireNonNull(channels.get(channelId), "unknown channel " + channelId);
            String id = Snowflakes.next();
            // Discord's tokens are long URL-safe strings, unique per interaction, valid 15 minutes
            String token = "aW50ZXJhY3Rpb246" + id + "Ok" + Long.toHexString(Double.doubleToLongBits(Math.random()))
                    + "RmFrZURpc2NvcmRJbnRlcmFjdGlvblRva2VuUGFkZGluZw";
            ObjectNode d = obj();
            d.put("id", id);
            d.put("application_id", APPLICATION_ID);
            d.put("type", type);
            d.set("data", data);
            ObjectNode guild = d.putObject("guild");
            guild.put("id", GUILD_ID);
            guild.put("locale", "en-US");
            guild.putArray("features");
            d.put("guild_id", GUILD_ID);
            d.put("guild_locale", "en-US");
            ObjectNode chJson = channelJson(ch);
            chJson.put("guild_id", GUILD_ID);
            chJson.put("permissions", Long.toString(permissionsOf(p)));
            d.set("channel", chJson);
            d.put("channel_id", channelId);
            ObjectNode member = memberJson(p, true);
            member.put("permissions", Long.toString(permissionsOf(p)));
            d.set("member", member);
            d.put("token", token);
            d.put("version", 1);
            d.put("app_permissions", Long.toString(BOT_PERMISSIONS));
            d.put("locale", "en-US");
            d.putArray("entitlements");
            d.putObject("authorizing_integration_owners").put("0", GUILD_ID);
            d.put("context", 0);
            d.put("attachment_size_limit", 10 * 1024 * 1024);
            if (messageId != null) {
                StoredMessage m = Objects.requireNonNull(messages.get(messageId), "unknown message " + messageId);
                d.set("message", m.json.deepCopy());
            }
            // the dispatch time is taken just before the frame leaves, as Discord's 3 s run from then
            Interaction stamped = new Interaction(id, token, type, channelId, userId, messageId, Instant.now(),
                    System.nanoTime(), d);
            InteractionState state = new InteractionState(stamped);
            interactions.put(id, state);
            interactionsByToken.put(token, state);
            gateway.dispatch("INTERACTION_CREATE", d);
            return stamped;
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // JSON shapes (as Discord sends them)
    // ---------------------------------------------------------------------------------------------------------------

    static ObjectNode obj() {
        return NODES.objectNode();
    }

    static ArrayNode arr() {
        return NODES.arrayNode();
    }

    Person person(String id) {
        return Objects.requireNonNull(people.get(id), "unknown user " + id);
    }

    ObjectNode userJson(Person p) {
        ObjectNode u = obj();
        u.put("id", p.id());
        u.put("username", p.username());
        if (p.globalName() == null) {
            u.putNull("global_name");
        } else {
            u.put("global_name", p.globalName());
        }
        u.put("discriminator", "0");
        u.putNull("avatar");
        u.put("public_flags", 0);
        u.put("flags", 0);
        if (p.bot()) {
            u.put("bot", true);
        }
        u.putNull("banner");
        u.putNull("accent_color");
        u.putNull("avatar_decoration_data");
        u.putNull("primary_guild");
        return u;
    }

    ObjectNode selfUserJson() {
        ObjectNode u = userJson(people.get(BOT_USER_ID));
        u.put("verified", true);
        u.put("mfa_enabled", false);
        u.putNull("email");
        u.put("locale", "en-US");
        u.put("premium_type", 0);
        return u;
    }

    /** A guild member; {@code withUser} false for the shapes where Discord leaves the user out (message.member). */
    ObjectNode memberJson(Person p, boolean withUser) {
        ObjectNode m = obj();
        if (withUser) {
            m.set("user", userJson(p));
        }
        m.putNull("nick");
        m.putNull("avatar");
        m.putNull("banner");
        ArrayNode roles = m.putArray("roles");
        p.roles().forEach(roles::add);
        m.put("joined_at", Snowflakes.timestamp(p.joinedAt()));
        m.putNull("premium_since");
        m.put("deaf", false);
        m.put("mute", false);
        m.put("pending", false);
        m.put("flags", 0);
        m.putNull("communication_disabled_until");
        return m;
    }

    long permissionsOf(Person p) {
        if (p.id().equals(ALICE)) {
            return EVERYONE_PERMISSIONS | ADMINISTRATOR | P_MANAGE_MESSAGES | P_MANAGE_THREADS | P_MENTION_EVERYONE;
        }
        return p.bot() ? BOT_PERMISSIONS : EVERYONE_PERMISSIONS;
    }

    private ObjectNode role(String id, String name, int position, long permissions, boolean managed, int color) {
        ObjectNode r = obj();
        r.put("id", id);
        r.put("name", name);
        r.putNull("description");
        r.put("color", color);
        ObjectNode colors = r.putObject("colors");
        colors.put("primary_color", color);
        colors.putNull("secondary_color");
        colors.putNull("tertiary_color");
        r.put("hoist", false);
        r.putNull("icon");
        r.putNull("unicode_emoji");
        r.put("position", position);
        r.put("permissions", Long.toString(permissions));
        r.put("managed", managed);
        r.put("mentionable", false);
        r.put("flags", 0);
        if (managed) {
            r.putObject("tags").put("bot_id", BOT_USER_ID);
        }
        return r;
    }

    ObjectNode channelJson(ChannelModel c) {
        ObjectNode j = obj();
        j.put("id", c.id);
        j.put("type", c.type);
        j.put("name", c.name);
        j.put("flags", 0);
        if (c.isThread()) {
            j.put("guild_id", GUILD_ID);
            j.put("parent_id", c.parentId);
            j.put("owner_id", c.ownerId);
            putNullable(j, "last_message_id", c.lastMessageId);
            j.put("rate_limit_per_user", 0);
            j.put("message_count", c.messageCount);
            j.put("total_message_sent", c.messageCount);
            j.put("member_count", Math.min(50, c.threadMembers.size()));
            j.putArray("member_ids_preview");
            ObjectNode meta = j.putObject("thread_metadata");
            meta.put("archived", false);
            meta.put("archive_timestamp", Snowflakes.timestamp(c.createdAt));
            meta.put("auto_archive_duration", 1440);
            meta.put("locked", false);
            meta.put("create_timestamp", Snowflakes.timestamp(c.createdAt));
            return j;
        }
        j.put("position", c.position);
        j.putArray("permission_overwrites");
        if (c.type == 0) {
            putNullable(j, "parent_id", c.parentId);
            j.putNull("topic");
            j.put("nsfw", false);
            putNullable(j, "last_message_id", c.lastMessageId);
            j.put("rate_limit_per_user", 0);
            j.put("default_thread_rate_limit_per_user", 0);
            j.put("default_auto_archive_duration", 1440);
            j.putNull("last_pin_timestamp");
        }
        return j;
    }

    /** The thread member object for the bot (THREAD_CREATE of a thread it is in). */
    private ObjectNode threadMemberJson(ChannelModel thread, String userId) {
        ObjectNode tm = obj();
        tm.put("id", thread.id);
        tm.put("user_id", userId);
        tm.put("join_timestamp", Snowflakes.timestamp(Instant.now()));
        tm.put("flags", 1);
        tm.put("muted", false);
        tm.putNull("mute_config");
        return tm;
    }

    /** The full GUILD_CREATE payload, built from the current state (members including the bot). */
    synchronized ObjectNode guildCreateJson() {
        ObjectNode g = obj();
        g.put("id", GUILD_ID);
        g.put("name", "Checklist Ops");
        g.putNull("icon");
        g.putNull("splash");
        g.putNull("discovery_splash");
        g.putNull("banner");
        g.putNull("description");
        g.put("owner_id", ALICE);
        g.putNull("afk_channel_id");
        g.put("afk_timeout", 300);
        g.put("verification_level", 1);
        g.put("default_message_notifications", 1);
        g.put("explicit_content_filter", 0);
        g.putArray("features");
        g.put("mfa_level", 0);
        g.putNull("application_id");
        g.put("system_channel_id", GENERAL_CHANNEL_ID);
        g.put("system_channel_flags", 0);
        g.putNull("rules_channel_id");
        g.putNull("public_updates_channel_id");
        g.putNull("safety_alerts_channel_id");
        g.putNull("vanity_url_code");
        g.put("premium_tier", 0);
        g.put("premium_subscription_count", 0);
        g.put("preferred_locale", "en-US");
        g.put("nsfw_level", 0);
        g.put("premium_progress_bar_enabled", false);
        g.put("max_members", 500000);
        g.put("max_video_channel_users", 25);
        g.put("joined_at", Snowflakes.timestamp(guildJoinedAt));
        g.put("large", false);
        g.put("unavailable", false);
        g.put("lazy", true);
        g.put("member_count", people.size());
        ArrayNode roles = g.putArray("roles");
        roles.add(role(EVERYONE_ROLE_ID, "@everyone", 0, EVERYONE_PERMISSIONS, false, 0));
        roles.add(role(OPS_ROLE_ID, "Ops", 1, EVERYONE_PERMISSIONS | P_MANAGE_THREADS, false, 0x3498db));
        roles.add(role(BOT_ROLE_ID, BOT_USERNAME, 2, BOT_PERMISSIONS, true, 0));
        ArrayNode members = g.putArray("members");
        people.values().forEach(p -> members.add(memberJson(p, true)));
        ArrayNode chans = g.putArray("channels");
        ArrayNode threads = g.putArray("threads");
        for (ChannelModel c : channels.values()) {
            if (c.isThread()) {
                ObjectNode t = channelJson(c);
                if (c.threadMembers.contains(BOT_USER_ID)) {
                    t.set("member", threadMemberJson(c, BOT_USER_ID));
                }
                threads.add(t);
            } else {
                chans.add(channelJson(c));
            }
        }
        g.putArray("voice_states");
        g.putArray("presences");
        ObjectNode emoji = g.putArray("emojis").addObject();
        emoji.put("id", RESTORE_EMOJI_ID);
        emoji.put("name", "restore");
        emoji.putArray("roles");
        emoji.put("require_colons", true);
        emoji.put("managed", false);
        emoji.put("animated", false);
        emoji.put("available", true);
        g.putArray("stickers");
        g.putArray("guild_scheduled_events");
        g.putArray("stage_instances");
        g.putArray("soundboard_sounds");
        g.putArray("embedded_activities");
        g.putNull("incidents_data");
        return g;
    }

    ObjectNode applicationJson() {
        ObjectNode a = obj();
        a.put("id", APPLICATION_ID);
        a.put("name", BOT_USERNAME);
        a.putNull("icon");
        a.put("description", "Runs operational checklists.");
        a.put("bot_public", false);
        a.put("bot_require_code_grant", false);
        a.put("verify_key", "0".repeat(64));
        a.put("flags", (1 << 15) | (1 << 19)); // GATEWAY_GUILD_MEMBERS_LIMITED | GATEWAY_MESSAGE_CONTENT_LIMITED
        a.set("bot", selfUserJson());
        a.set("owner", userJson(people.get(ALICE)));
        a.putNull("team");
        a.putArray("tags");
        a.putArray("redirect_uris");
        a.put("hook", true);
        a.put("integration_public", false);
        a.put("integration_require_code_grant", false);
        a.putNull("terms_of_service_url");
        a.putNull("privacy_policy_url");
        a.putNull("custom_install_url");
        a.putNull("install_params");
        a.put("approximate_guild_count", 1);
        return a;
    }

    private static ObjectNode emojiJson(String emoji) {
        ObjectNode e = obj();
        Matcher custom = Pattern.compile("^<?a?:?([A-Za-z0-9_]+):(\\d+)>?$").matcher(emoji);
        if (custom.matches()) {
            e.put("id", custom.group(2));
            e.put("name", custom.group(1));
        } else {
            e.putNull("id");
            e.put("name", emoji);
        }
        return e;
    }

    private ObjectNode baseMessage(String id, String channelId, ObjectNode author, int type, int flags) {
        ObjectNode j = obj();
        j.put("id", id);
        j.put("type", type);
        j.put("channel_id", channelId);
        j.set("author", author);
        j.put("content", "");
        j.put("timestamp", Snowflakes.timestamp(Instant.now()));
        j.putNull("edited_timestamp");
        j.put("tts", false);
        j.put("mention_everyone", false);
        j.putArray("mentions");
        j.putArray("mention_roles");
        j.putArray("attachments");
        j.putArray("embeds");
        j.putArray("components");
        j.put("pinned", false);
        j.put("flags", flags);
        return j;
    }

    /** The MESSAGE_CREATE / MESSAGE_UPDATE shape: the message plus guild_id and member (without user). */
    private ObjectNode gatewayMessage(ObjectNode message, Person author) {
        ObjectNode d = message.deepCopy();
        d.put("guild_id", GUILD_ID);
        if (author != null) {
            d.set("member", memberJson(author, false));
        }
        return d;
    }

    /**
     * Resolves mentions as Discord does: from the content, limited by allowed_mentions (absent: everything parses,
     * and a reply pings the replied-to author).
     */
    private void applyMentions(ObjectNode json, String content, JsonNode allowed, String referencedId) {
        Set<String> parse = new HashSet<>();
        Set<String> allowedUsers = new HashSet<>();
        Set<String> allowedRoles = new HashSet<>();
        boolean repliedUser = true;
        if (allowed == null || allowed.isNull()) {
            parse.addAll(List.of("users", "roles", "everyone"));
        } else {
            allowed.path("parse").forEach(n -> parse.add(n.asText()));
            allowed.path("users").forEach(n -> allowedUsers.add(n.asText()));
            allowed.path("roles").forEach(n -> allowedRoles.add(n.asText()));
            repliedUser = allowed.path("replied_user").asBoolean(false);
        }
        String text = content == null ? "" : content;
        boolean everyone = parse.contains("everyone") && (text.contains("@everyone") || text.contains("@here"));
        Set<String> users = new LinkedHashSet<>();
        Matcher um = USER_MENTION.matcher(text);
        while (um.find()) {
            String uid = um.group(1);
            if (people.containsKey(uid) && (parse.contains("users") || allowedUsers.contains(uid))) {
                users.add(uid);
            }
        }
        if (referencedId != null && repliedUser) {
            StoredMessage ref = messages.get(referencedId);
            if (ref != null && people.containsKey(ref.authorId)) {
                users.add(ref.authorId);
            }
        }
        Set<String> roles = new LinkedHashSet<>();
        Matcher rm = ROLE_MENTION.matcher(text);
        while (rm.find()) {
            if (parse.contains("roles") || allowedRoles.contains(rm.group(1))) {
                roles.add(rm.group(1));
            }
        }
        json.put("mention_everyone", everyone);
        ArrayNode mentions = json.putArray("mentions");
        for (String uid : users) {
            ObjectNode u = userJson(people.get(uid));
            u.set("member", memberJson(people.get(uid), false));
            mentions.add(u);
        }
        ArrayNode mr = json.putArray("mention_roles");
        roles.forEach(mr::add);
    }

    private Message snapshot(StoredMessage m) {
        ObjectNode j = m.json;
        List<String> users = new ArrayList<>();
        j.path("mentions").forEach(u -> users.add(u.path("id").asText()));
        List<String> roles = new ArrayList<>();
        j.path("mention_roles").forEach(r -> roles.add(r.asText()));
        String ref = j.path("message_reference").path("message_id").asText(null);
        return new Message(m.id, m.channelId, m.authorId, m.source, m.interactionId, j.path("content").asText(""),
                j.path("embeds").deepCopy(), j.path("components").deepCopy(),
                m.allowedMentions == null ? null : m.allowedMentions.deepCopy(), j.path("flags").asInt(0), ref,
                j.path("mention_everyone").asBoolean(false), List.copyOf(users), List.copyOf(roles), m.createdAt,
                j.deepCopy(), List.copyOf(m.edits), m.deleted, m.threadId, Set.copyOf(m.botReactions));
    }

    private static void collectCustomIds(JsonNode components, List<String> out) {
        if (components == null) {
            return;
        }
        for (JsonNode c : components) {
            if (c.hasNonNull("custom_id")) {
                out.add(c.get("custom_id").asText());
            }
            collectCustomIds(c.get("components"), out);
            if (c.has("accessory")) {
                collectCustomIds(NODES.arrayNode().add(c.get("accessory")), out);
            }
            if (c.has("component")) {
                collectCustomIds(NODES.arrayNode().add(c.get("component")), out);
            }
        }
    }

    private static void putNullable(ObjectNode j, String field, String value) {
        if (value == null) {
            j.putNull(field);
        } else {
            j.put(field, value);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // REST server
    // ---------------------------------------------------------------------------------------------------------------

    private static final String API_PREFIX = "/api/v10/";
    private static final Set<String> HEADERS_OF_INTEREST = Set.of("authorization", "user-agent", "content-type",
            "x-audit-log-reason", "x-ratelimit-precision");

    static boolean routeMatches(String template, String path) {
        String[] t = template.split("/");
        String[] p = path.split("/");
        if (t.length != p.length) {
            return false;
        }
        for (int i = 0; i < t.length; i++) {
            if (!(t[i].startsWith("{") && t[i].endsWith("}")) && !t[i].equals(p[i])) {
                return false;
            }
        }
        return true;
    }

    private void handle(HttpExchange ex) {
        try {
            long nanos = System.nanoTime();
            Instant at = Instant.now();
            String rawPath = ex.getRequestURI().getRawPath();
            String path = rawPath.startsWith(API_PREFIX) ? rawPath.substring(API_PREFIX.length()) : rawPath;
            path = decodeSegments(path);
            Map<String, String> query = parseQuery(ex.getRequestURI().getRawQuery());
            byte[] bytes = ex.getRequestBody().readAllBytes();
            String raw = new String(bytes, StandardCharsets.UTF_8);
            Map<String, String> headers = new LinkedHashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> {
                String key = k.toLowerCase(Locale.ROOT);
                if (HEADERS_OF_INTEREST.contains(key) && !v.isEmpty()) {
                    headers.put(key, v.get(0));
                }
            });
            JsonNode body = parseBody(raw, headers.getOrDefault("content-type", ""));
            String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
            RouteHandler matched = null;
            List<String> params = List.of();
            if (rawPath.startsWith(API_PREFIX)) {
                for (RouteHandler r : routes) {
                    if (r.method.equals(method) && routeMatches(r.template, path)) {
                        matched = r;
                        params = params(r.template, path);
                        break;
                    }
                }
            }
            Request request;
            Response response;
            // one lock over the answer and its record: a test that sees the effect also sees the call
            synchronized (this) {
                request = new Request(++requestCounter, at, nanos, method, path, matched == null ? null : matched.template,
                        query, body, raw, Map.copyOf(headers));
                boolean injected = false;
                Injection injection = takeInjection(request);
                Response limited = injection == null ? enforceLimits(request) : null;
                if (injection != null) {
                    injected = true;
                    response = injected(injection);
                } else if (limited != null && limited.status() == 429) {
                    injected = true;
                    response = limited;
                } else if (!rawPath.startsWith(API_PREFIX) || matched == null) {
                    response = error(404, 0, "404: Not Found");
                } else if (!path.startsWith("interactions/") && !path.startsWith("webhooks/")
                        && !("Bot " + TOKEN).equals(headers.get("authorization"))) {
                    response = error(401, 0, "401: Unauthorized");
                } else {
                    try {
                        response = matched.handler.handle(request, params);
                    } catch (RuntimeException e) {
                        response = error(500, 0, "fake discord: " + e);
                    }
                }
                if (limited != null && limited.status() != 429) {
                    Map<String, String> h = new LinkedHashMap<>(limited.headers());
                    h.putAll(response.headers());
                    response = new Response(response.status(), response.body(), h);
                }
                calls.add(new Call(request, response.status(), response.body(), injected));
            }
            write(ex, request, response);
        } catch (IOException | RuntimeException e) {
            try {
                ex.sendResponseHeaders(500, -1);
            } catch (IOException | RuntimeException ignored) {
                // headers already sent: the client sees a broken response
            }
        } finally {
            ex.close();
        }
    }

    private static String decodeSegments(String path) {
        String[] parts = path.split("/", -1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                sb.append('/');
            }
            sb.append(URLDecoder.decode(parts[i].replace("+", "%2B"), StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    private static List<String> params(String template, String path) {
        String[] t = template.split("/");
        String[] p = path.split("/");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < t.length; i++) {
            if (t[i].startsWith("{")) {
                out.add(p[i]);
            }
        }
        return out;
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            q.put(k, v);
        }
        return q;
    }

    /** JSON bodies, and the payload_json part of a multipart body (JDA sends multipart when there are files). */
    private static JsonNode parseBody(String raw, String contentType) {
        if (raw.isEmpty()) {
            return null;
        }
        try {
            if (contentType.startsWith("multipart/form-data")) {
                int i = raw.indexOf("name=\"payload_json\"");
                if (i < 0) {
                    return null;
                }
                int start = raw.indexOf("\r\n\r\n", i) + 4;
                int end = raw.indexOf("\r\n--", start);
                return JSON.readTree(raw.substring(start, end));
            }
            return JSON.readTree(raw);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private synchronized Injection takeInjection(Request request) {
        for (Iterator<Injection> it = injections.iterator(); it.hasNext(); ) {
            Injection i = it.next();
            if (i.which().test(request)) {
                if (--i.left()[0] <= 0) {
                    it.remove();
                }
                return i;
            }
        }
        return null;
    }

    /** Counts the call in its enforced bucket: null if no limit applies, 429 past the limit, else the headers to add. */
    private Response enforceLimits(Request request) {
        for (Limit l : limits) {
            if (!request.matches(l.method(), l.template())) {
                continue;
            }
            String major = request.path().replaceAll("^[a-z-]+/(\\d+).*$", "$1");
            Bucket b = buckets.computeIfAbsent(l.method() + " " + l.template() + " " + major, k -> new Bucket());
            long now = request.nanos();
            long windowNanos = l.window().toNanos();
            if (b.used == 0 || now - b.windowStartNanos >= windowNanos) {
                b.windowStartNanos = now;
                b.used = 0;
            }
            double resetAfter = Math.max(0, windowNanos - (now - b.windowStartNanos)) / 1e9;
            if (b.used >= l.limit()) {
                ObjectNode body = obj();
                body.put("message", "You are being rate limited.");
                body.put("retry_after", resetAfter);
                body.put("global", false);
                body.put("code", 0);
                Map<String, String> h = new LinkedHashMap<>();
                h.put("Retry-After", Long.toString((long) Math.ceil(resetAfter)));
                h.put("X-RateLimit-Limit", Integer.toString(l.limit()));
                h.put("X-RateLimit-Remaining", "0");
                h.put("X-RateLimit-Reset-After", String.format(Locale.ROOT, "%.3f", resetAfter));
                h.put("X-RateLimit-Reset", String.format(Locale.ROOT, "%.3f", System.currentTimeMillis() / 1000.0 + resetAfter));
                h.put("X-RateLimit-Scope", "user");
                return new Response(429, body, h);
            }
            b.used++;
            Map<String, String> h = new LinkedHashMap<>();
            h.put("X-RateLimit-Limit", Integer.toString(l.limit()));
            h.put("X-RateLimit-Remaining", Integer.toString(l.limit() - b.used));
            h.put("X-RateLimit-Reset-After", String.format(Locale.ROOT, "%.3f", resetAfter));
            h.put("X-RateLimit-Reset", String.format(Locale.ROOT, "%.3f", System.currentTimeMillis() / 1000.0 + resetAfter));
            return new Response(200, null, h);
        }
        return null;
    }

    private static Response injected(Injection i) {
        if (i.status() == 429) {
            ObjectNode b = obj();
            b.put("message", "You are being rate limited.");
            b.put("retry_after", i.retryAfter());
            b.put("global", i.global());
            if (!i.global()) {
                b.put("code", 0);
            }
            Map<String, String> h = new LinkedHashMap<>();
            h.put("Retry-After", Long.toString((long) Math.ceil(i.retryAfter())));
            h.put("X-RateLimit-Remaining", "0");
            h.put("X-RateLimit-Reset-After", String.format(Locale.ROOT, "%.3f", i.retryAfter()));
            h.put("X-RateLimit-Scope", i.global() ? "global" : "user");
            if (i.global()) {
                h.put("X-RateLimit-Global", "true");
            }
            return new Response(429, b, h);
        }
        String message = switch (i.status()) {
            case 500 -> "500: Internal Server Error";
            case 502 -> "502: Bad Gateway";
            case 503 -> "503: Service Unavailable";
            case 403 -> "Missing Permissions";
            case 404 -> "Unknown Message";
            default -> i.status() + ": injected by the test";
        };
        int code = switch (i.status()) {
            case 403 -> 50013;
            case 404 -> 10008;
            default -> 0;
        };
        return error(i.status(), code, message);
    }

    private static Response error(int status, int code, String message) {
        ObjectNode b = obj();
        b.put("message", message);
        b.put("code", code);
        return Response.json(status, b);
    }

    private static Response invalidForm(String field, String errorCode, String message) {
        ObjectNode b = obj();
        b.put("message", "Invalid Form Body");
        b.put("code", 50035);
        ObjectNode node = b.putObject("errors");
        for (String part : field.split("\\.")) {
            node = node.putObject(part);
        }
        ObjectNode err = node.putArray("_errors").addObject();
        err.put("code", errorCode);
        err.put("message", message);
        return Response.json(400, b);
    }

    private void write(HttpExchange ex, Request request, Response response) throws IOException {
        var h = ex.getResponseHeaders();
        String bucket = Integer.toHexString(Objects.hash(request.method(), request.route() == null ? request.path() : request.route()));
        h.set("Via", "1.1 google");
        h.set("X-RateLimit-Bucket", "fake" + bucket);
        h.set("X-RateLimit-Limit", "5");
        h.set("X-RateLimit-Remaining", "4");
        double now = System.currentTimeMillis() / 1000.0;
        h.set("X-RateLimit-Reset", String.format(Locale.ROOT, "%.3f", now + 1.0));
        h.set("X-RateLimit-Reset-After", "1.000");
        response.headers().forEach(h::set);
        if (response.body() == null) {
            ex.sendResponseHeaders(response.status(), -1);
            return;
        }
        byte[] out = JSON.writeValueAsBytes(response.body());
        h.set("Content-Type", "application/json");
        ex.sendResponseHeaders(response.status(), out.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(out);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // REST routes
    // ---------------------------------------------------------------------------------------------------------------

    private void on(String method, String template, Handler handler) {
        routes.add(new RouteHandler(method, template, handler));
    }

    private void registerRoutes() {
        on("GET", "users/@me", (r, p) -> Response.json(200, selfUserJson()));
        on("GET", "oauth2/applications/@me", (r, p) -> Response.json(200, applicationJson()));
        on("GET", "applications/@me", (r, p) -> Response.json(200, applicationJson()));
        on("GET", "users/{user}", (r, p) -> getUser(p.get(0)));
        on("GET", "guilds/{guild}/members/{user}", (r, p) -> getMember(p.get(0), p.get(1)));
        on("GET", "gateway", (r, p) -> Response.json(200, obj().put("url", gatewayUrl())));
        on("GET", "gateway/bot", (r, p) -> {
            ObjectNode b = obj().put("url", gatewayUrl()).put("shards", 1);
            b.putObject("session_start_limit").put("total", 1000).put("remaining", 999)
                    .put("reset_after", 86_400_000).put("max_concurrency", 1);
            return Response.json(200, b);
        });
        on("GET", "applications/{app}/commands", (r, p) -> listCommands(p.get(0), "global"));
        on("PUT", "applications/{app}/commands", (r, p) -> overwriteCommands(r, p.get(0), null));
        on("POST", "applications/{app}/commands", (r, p) -> createCommand(r, p.get(0), null));
        on("GET", "applications/{app}/guilds/{guild}/commands", (r, p) -> listCommands(p.get(0), p.get(1)));
        on("PUT", "applications/{app}/guilds/{guild}/commands", (r, p) -> overwriteCommands(r, p.get(0), p.get(1)));
        on("POST", "applications/{app}/guilds/{guild}/commands", (r, p) -> createCommand(r, p.get(0), p.get(1)));
        on("GET", "channels/{channel}", (r, p) -> getChannel(p.get(0)));
        on("POST", "channels/{channel}/messages", (r, p) -> createMessage(r, p.get(0)));
        on("GET", "channels/{channel}/messages/{message}", (r, p) -> getMessage(p.get(0), p.get(1)));
        on("PATCH", "channels/{channel}/messages/{message}", (r, p) -> editMessage(r, p.get(0), p.get(1), "channel"));
        on("DELETE", "channels/{channel}/messages/{message}", (r, p) -> deleteMessage(p.get(0), p.get(1)));
        on("POST", "channels/{channel}/messages/{message}/threads", (r, p) -> threadFromMessage(r, p.get(0), p.get(1)));
        on("PUT", "channels/{channel}/messages/{message}/reactions/{emoji}/{user}", (r, p) -> react(p, true));
        on("DELETE", "channels/{channel}/messages/{message}/reactions/{emoji}/{user}", (r, p) -> react(p, false));
        on("PUT", "channels/{channel}/thread-members/@me", (r, p) -> joinThread(p.get(0)));
        on("POST", "channels/{channel}/typing", (r, p) -> Response.noContent());
        on("POST", "interactions/{interaction}/{token}/callback", this::interactionCallback);
        on("POST", "webhooks/{app}/{token}", (r, p) -> followup(r, p.get(0), p.get(1)));
        on("GET", "webhooks/{app}/{token}/messages/{message}", (r, p) -> webhookGet(p.get(0), p.get(1), p.get(2)));
        on("PATCH", "webhooks/{app}/{token}/messages/{message}", (r, p) -> webhookEdit(r, p.get(0), p.get(1), p.get(2)));
        on("DELETE", "webhooks/{app}/{token}/messages/{message}", (r, p) -> webhookDelete(p.get(0), p.get(1), p.get(2)));
    }

    /** GET users/{user}: what JDA's retrieveUserById asks (Unknown User, 10013, for anyone else). */
    private synchronized Response getUser(String userId) {
        Person p = people.get(userId);
        return p == null ? error(404, 10013, "Unknown User") : Response.json(200, userJson(p));
    }

    /** GET guilds/{guild}/members/{user}: what JDA's retrieveMemberById asks (Unknown Member, 10007, else). */
    private synchronized Response getMember(String guildId, String userId) {
        if (!GUILD_ID.equals(guildId)) {
            return error(404, 10004, "Unknown Guild");
        }
        Person p = people.get(userId);
        return p == null ? error(404, 10007, "Unknown Member") : Response.json(200, memberJson(p, true));
    }

    private static Response unknownApplication(String app) {
        return APPLICATION_ID.equals(app) ? null : error(404, 10002, "Unknown Application");
    }

    private synchronized Response listCommands(String app, String scope) {
        Response bad = unknownApplication(app);
        if (bad != null) {
            return bad;
        }
        ArrayNode out = arr();
        commands.getOrDefault(scope, List.of()).forEach(out::add);
        return Response.json(200, out);
    }

    private synchronized Response overwriteCommands(Request r, String app, String guildId) {
        Response bad = unknownApplication(app);
        if (bad != null) {
            return bad;
        }
        if (guildId != null && !GUILD_ID.equals(guildId)) {
            return error(403, 50001, "Missing Access");
        }
        if (r.body() == null || !r.body().isArray()) {
            return invalidForm("_root", "BASE_TYPE_ARRAY", "Must be an array.");
        }
        String scope = guildId == null ? "global" : guildId;
        List<ObjectNode> previous = commands.getOrDefault(scope, List.of());
        List<ObjectNode> next = new ArrayList<>();
        ArrayNode out = arr();
        for (JsonNode c : r.body()) {
            ObjectNode cmd = completeCommand((ObjectNode) c.deepCopy(), guildId, previous);
            next.add(cmd);
            out.add(cmd);
        }
        commands.put(scope, next);
        return Response.json(200, out);
    }

    private synchronized Response createCommand(Request r, String app, String guildId) {
        Response bad = unknownApplication(app);
        if (bad != null) {
            return bad;
        }
        String scope = guildId == null ? "global" : guildId;
        List<ObjectNode> list = new ArrayList<>(commands.getOrDefault(scope, List.of()));
        ObjectNode cmd = completeCommand((ObjectNode) r.body().deepCopy(), guildId, list);
        list.removeIf(c -> c.path("name").asText().equals(cmd.path("name").asText()));
        list.add(cmd);
        commands.put(scope, list);
        return Response.json(201, cmd);
    }

    /** Adds what Discord adds to a command it stores: id (kept for the same name and type), version, application_id. */
    private ObjectNode completeCommand(ObjectNode cmd, String guildId, List<ObjectNode> previous) {
        int type = cmd.path("type").asInt(1);
        String name = cmd.path("name").asText();
        String id = previous.stream()
                .filter(c -> c.path("name").asText().equals(name) && c.path("type").asInt(1) == type)
                .map(c -> c.path("id").asText()).findFirst().orElseGet(Snowflakes::next);
        cmd.put("id", id);
        cmd.put("application_id", APPLICATION_ID);
        cmd.put("version", Snowflakes.next());
        cmd.put("type", type);
        if (guildId != null) {
            cmd.put("guild_id", guildId);
        }
        if (!cmd.has("default_member_permissions")) {
            cmd.putNull("default_member_permissions");
        }
        if (!cmd.has("description")) {
            cmd.put("description", "");
        }
        if (!cmd.has("nsfw")) {
            cmd.put("nsfw", false);
        }
        if (!cmd.has("integration_types")) {
            cmd.putArray("integration_types").add(0);
        }
        if (!cmd.has("contexts")) {
            cmd.putNull("contexts");
        }
        return cmd;
    }

    private synchronized Response getChannel(String channelId) {
        ChannelModel c = channels.get(channelId);
        if (c == null) {
            return error(404, 10003, "Unknown Channel");
        }
        ObjectNode j = channelJson(c);
        j.put("guild_id", GUILD_ID);
        if (c.isThread() && c.threadMembers.contains(BOT_USER_ID)) {
            j.set("member", threadMemberJson(c, BOT_USER_ID));
        }
        return Response.json(200, j);
    }

    private synchronized Response getMessage(String channelId, String messageId) {
        if (!channels.containsKey(channelId)) {
            return error(404, 10003, "Unknown Channel");
        }
        StoredMessage m = messages.get(messageId);
        if (m == null || m.deleted || !m.channelId.equals(channelId) || (m.json.path("flags").asInt() & FLAG_EPHEMERAL) != 0) {
            return error(404, 10008, "Unknown Message");
        }
        return Response.json(200, m.json.deepCopy());
    }

    /** Discord's checks on a message body (content, embeds, components), or null when it is acceptable. */
    private static Response validateMessage(JsonNode body, boolean requireSomething) {
        String content = body.path("content").asText("");
        if (content.codePointCount(0, content.length()) > 2000) {
            return invalidForm("content", "BASE_TYPE_MAX_LENGTH", "Must be 2000 or fewer in length.");
        }
        JsonNode embeds = body.path("embeds");
        if (embeds.size() > 10) {
            return invalidForm("embeds", "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length.");
        }
        int total = 0;
        for (int i = 0; i < embeds.size(); i++) {
            JsonNode e = embeds.get(i);
            int title = e.path("title").asText("").length();
            int description = e.path("description").asText("").length();
            if (title > 256) {
                return invalidForm("embeds." + i + ".title", "BASE_TYPE_MAX_LENGTH", "Must be 256 or fewer in length.");
            }
            if (description > 4096) {
                return invalidForm("embeds." + i + ".description", "BASE_TYPE_MAX_LENGTH",
                        "Must be 4096 or fewer in length.");
            }
            if (e.path("fields").size() > 25) {
                return invalidForm("embeds." + i + ".fields", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.");
            }
            total += title + description + e.path("footer").path("text").asText("").length()
                    + e.path("author").path("name").asText("").length();
            for (JsonNode f : e.path("fields")) {
                if (f.path("value").asText("").length() > 1024) {
                    return invalidForm("embeds." + i + ".fields", "BASE_TYPE_MAX_LENGTH",
                            "Must be 1024 or fewer in length.");
                }
                total += f.path("name").asText("").length() + f.path("value").asText("").length();
            }
        }
        if (total > 6000) {
            return invalidForm("embeds", "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000");
        }
        JsonNode rows = body.path("components");
        if (rows.size() > 5 && (body.path("flags").asInt(0) & (1 << 15)) == 0) {
            return invalidForm("components", "BASE_TYPE_MAX_LENGTH", "Must be 5 or fewer in length.");
        }
        for (JsonNode row : rows) {
            if (row.path("type").asInt() == 1 && row.path("components").size() > 5) {
                return invalidForm("components", "BASE_TYPE_MAX_LENGTH", "Must be 5 or fewer in length.");
            }
            for (JsonNode c : row.path("components")) {
                if (c.path("custom_id").asText("").length() > 100) {
                    return invalidForm("components", "BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length.");
                }
                if (c.path("label").asText("").length() > 80) {
                    return invalidForm("components", "BASE_TYPE_MAX_LENGTH", "Must be 80 or fewer in length.");
                }
            }
        }
        if (requireSomething && content.isEmpty() && embeds.isEmpty() && rows.isEmpty()
                && body.path("sticker_ids").isEmpty() && !body.has("poll")) {
            return error(400, 50006, "Cannot send an empty message");
        }
        return null;
    }

    /** Echoes components with the numeric ids Discord gives components that have none. */
    private static JsonNode withComponentIds(JsonNode components) {
        if (components == null || !components.isArray()) {
            return arr();
        }
        ArrayNode copy = (ArrayNode) components.deepCopy();
        int[] next = {1};
        copy.forEach(c -> numberComponents(c, next));
        return copy;
    }

    private static void numberComponents(JsonNode c, int[] next) {
        if (c instanceof ObjectNode o) {
            if (!o.has("id")) {
                o.put("id", next[0]);
            }
            next[0] = Math.max(next[0], o.path("id").asInt()) + 1;
            o.path("components").forEach(x -> numberComponents(x, next));
            if (o.has("accessory")) {
                numberComponents(o.get("accessory"), next);
            }
        }
    }

    private static JsonNode withEmbedTypes(JsonNode embeds) {
        if (embeds == null || !embeds.isArray()) {
            return arr();
        }
        ArrayNode copy = (ArrayNode) embeds.deepCopy();
        copy.forEach(e -> {
            if (e instanceof ObjectNode o && !o.has("type")) {
                o.put("type", "rich");
            }
        });
        return copy;
    }

    private Response createMessage(Request r, String channelId) {
        synchronized (this) {
            ChannelModel ch = channels.get(channelId);
            if (ch == null || ch.type == 4) {
                return error(404, 10003, "Unknown Channel");
            }
            if (r.body() == null) {
                return error(400, 50109, "The request body contains invalid JSON.");
            }
            Response bad = validateMessage(r.body(), true);
            if (bad != null) {
                return bad;
            }
            String nonce = r.body().path("nonce").asText(null);
            if (nonce != null && r.body().path("enforce_nonce").asBoolean(false)) {
                for (StoredMessage m : messages.values()) {
                    if (nonce.equals(m.nonce) && m.channelId.equals(channelId) && !m.deleted
                            && m.createdAt.isAfter(Instant.now().minus(Duration.ofMinutes(5)))) {
                        return Response.json(200, m.json.deepCopy()); // Discord: the first message, no duplicate
                    }
                }
            }
            String referenced = r.body().path("message_reference").path("message_id").asText(null);
            if (referenced != null && !messages.containsKey(referenced)
                    && r.body().path("message_reference").path("fail_if_not_exists").asBoolean(true)) {
                return invalidForm("message_reference", "MESSAGE_REFERENCE_UNKNOWN_MESSAGE", "Unknown message");
            }
            String id = Snowflakes.next();
            StoredMessage m = new StoredMessage(id, channelId, BOT_USER_ID, Source.CHANNEL, null, nonce);
            ObjectNode json = baseMessage(id, channelId, userJson(people.get(BOT_USER_ID)), referenced == null ? 0 : 19,
                    r.body().path("flags").asInt(0) & ~FLAG_EPHEMERAL);
            applyBody(json, r.body());
            if (nonce != null) {
                json.put("nonce", nonce);
            }
            if (referenced != null) {
                ObjectNode ref = json.putObject("message_reference");
                ref.put("type", 0);
                ref.put("message_id", referenced);
                ref.put("channel_id", channelId);
                ref.put("guild_id", GUILD_ID);
                StoredMessage target = messages.get(referenced);
                json.set("referenced_message", target == null ? NODES.nullNode() : target.json.deepCopy());
            }
            m.allowedMentions = r.body().get("allowed_mentions");
            applyMentions(json, json.path("content").asText(""), m.allowedMentions, referenced);
            m.json = json;
            messages.put(id, m);
            ch.lastMessageId = id;
            if (ch.isThread()) {
                ch.messageCount++;
            }
            if (echoBotMessages) {
                dispatch("MESSAGE_CREATE", gatewayMessage(json, people.get(BOT_USER_ID)));
            }
            return Response.json(200, json.deepCopy());
        }
    }

    /** Sets content, embeds and components from a create or edit body (edits: only the fields present). */
    private static void applyBody(ObjectNode json, JsonNode body) {
        if (body.has("content")) {
            json.put("content", body.path("content").isNull() ? "" : body.path("content").asText());
        }
        if (body.has("embeds")) {
            json.set("embeds", withEmbedTypes(body.get("embeds")));
        }
        if (body.has("components")) {
            json.set("components", withComponentIds(body.get("components")));
        }
        if (body.has("tts")) {
            json.put("tts", body.path("tts").asBoolean());
        }
    }

    private Response editMessage(Request r, String channelId, String messageId, String via) {
        synchronized (this) {
            StoredMessage m = messages.get(messageId);
            if (m == null || m.deleted || !m.channelId.equals(channelId)) {
                return error(404, 10008, "Unknown Message");
            }
            if (!BOT_USER_ID.equals(m.authorId) && m.source == Source.PERSON) {
                return error(403, 50005, "Cannot edit a message authored by another user");
            }
            return applyEdit(r, m, via);
        }
    }

    private Response applyEdit(Request r, StoredMessage m, String via) {
        if (r.body() == null) {
            return error(400, 50109, "The request body contains invalid JSON.");
        }
        Response bad = validateMessage(r.body(), false);
        if (bad != null) {
            return bad;
        }
        applyBody(m.json, r.body());
        if (r.body().has("flags")) {
            int keep = m.json.path("flags").asInt(0) & FLAG_EPHEMERAL;
            m.json.put("flags", (r.body().path("flags").asInt(0) & ~FLAG_EPHEMERAL & ~FLAG_LOADING) | keep);
        } else {
            m.json.put("flags", m.json.path("flags").asInt(0) & ~FLAG_LOADING);
        }
        m.json.put("edited_timestamp", Snowflakes.timestamp(Instant.now()));
        if (r.body().has("allowed_mentions")) {
            m.allowedMentions = r.body().get("allowed_mentions");
        }
        // Discord resolves an edit's mentions with the edit's allowed_mentions (none sent: the defaults)
        applyMentions(m.json, m.json.path("content").asText(""), r.body().get("allowed_mentions"),
                m.json.path("message_reference").path("message_id").asText(null));
        m.edits.add(new Edit(m.id, r.body().deepCopy(), r.at(), via));
        if (echoBotMessages && (m.json.path("flags").asInt() & FLAG_EPHEMERAL) == 0) {
            dispatch("MESSAGE_UPDATE", gatewayMessage(m.json, people.get(m.authorId)));
        }
        return Response.json(200, m.json.deepCopy());
    }

    private Response deleteMessage(String channelId, String messageId) {
        synchronized (this) {
            StoredMessage m = messages.get(messageId);
            if (m == null || m.deleted || !m.channelId.equals(channelId)) {
                return error(404, 10008, "Unknown Message");
            }
            m.deleted = true;
            ObjectNode d = obj().put("id", messageId).put("channel_id", channelId).put("guild_id", GUILD_ID);
            dispatch("MESSAGE_DELETE", d);
            return Response.noContent();
        }
    }

    private Response threadFromMessage(Request r, String channelId, String messageId) {
        synchronized (this) {
            ChannelModel parent = channels.get(channelId);
            if (parent == null || parent.type != 0) {
                return error(404, 10003, "Unknown Channel");
            }
            StoredMessage m = messages.get(messageId);
            if (m == null || m.deleted || !m.channelId.equals(channelId)) {
                return error(404, 10008, "Unknown Message");
            }
            if (m.threadId != null) {
                return error(400, 160004, "A thread has already been created for this message");
            }
            String name = r.body() == null ? "" : r.body().path("name").asText("");
            if (name.isEmpty() || name.length() > 100) {
                return invalidForm("name", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.");
            }
            ChannelModel thread = startThread(m, name, BOT_USER_ID);
            ObjectNode j = channelJson(thread);
            j.set("member", threadMemberJson(thread, BOT_USER_ID));
            return Response.json(201, j);
        }
    }

    /** Creates a thread on a message (thread id = message id, as Discord does) and dispatches THREAD_CREATE. */
    private ChannelModel startThread(StoredMessage m, String name, String ownerId) {
        ChannelModel thread = new ChannelModel(m.id, 11, name, m.channelId, ownerId, 0);
        thread.threadMembers.add(ownerId);
        channels.put(thread.id, thread);
        m.threadId = thread.id;
        m.json.set("thread", channelJson(thread));
        ObjectNode created = channelJson(thread);
        created.put("newly_created", true);
        if (BOT_USER_ID.equals(ownerId)) {
            created.set("member", threadMemberJson(thread, BOT_USER_ID));
        }
        dispatch("THREAD_CREATE", created);
        return thread;
    }

    private Response react(List<String> p, boolean add) {
        synchronized (this) {
            StoredMessage m = messages.get(p.get(1));
            if (m == null || m.deleted || !m.channelId.equals(p.get(0))) {
                return error(404, 10008, "Unknown Message");
            }
            String user = p.get(3);
            if (!"@me".equals(user)) {
                if (add) {
                    return error(405, 0, "405: Method Not Allowed");
                }
                return Response.noContent();
            }
            String emoji = p.get(2);
            if (add) {
                if (!m.botReactions.contains(emoji) && m.botReactions.size() >= 20) {
                    return error(400, 30010, "Maximum number of reactions reached (20)");
                }
                m.botReactions.add(emoji);
            } else {
                m.botReactions.remove(emoji);
            }
            ObjectNode d = obj();
            d.put("user_id", BOT_USER_ID);
            d.put("channel_id", m.channelId);
            d.put("message_id", m.id);
            d.put("guild_id", GUILD_ID);
            d.set("emoji", emojiJson(emoji));
            if (add) {
                d.set("member", memberJson(people.get(BOT_USER_ID), true));
                d.put("message_author_id", m.authorId);
            }
            dispatch(add ? "MESSAGE_REACTION_ADD" : "MESSAGE_REACTION_REMOVE", d);
            return Response.noContent();
        }
    }

    private synchronized Response joinThread(String threadId) {
        ChannelModel c = channels.get(threadId);
        if (c == null || !c.isThread()) {
            return error(404, 10003, "Unknown Channel");
        }
        c.threadMembers.add(BOT_USER_ID);
        return Response.noContent();
    }

    private Response interactionCallback(Request r, List<String> p) {
        synchronized (this) {
            InteractionState s = interactions.get(p.get(0));
            if (s == null || !s.interaction.token().equals(p.get(1))) {
                return error(404, 10062, "Unknown interaction");
            }
            if (s.callback != null) {
                return error(400, 40060, "Interaction has already been acknowledged.");
            }
            Duration latency = Duration.ofNanos(r.nanos() - s.interaction.dispatchedNanos());
            if (latency.compareTo(ackDeadline) > 0) {
                return error(404, 10062, "Unknown interaction");
            }
            JsonNode body = r.body();
            int type = body == null ? -1 : body.path("type").asInt(-1);
            JsonNode data = body == null ? null : body.get("data");
            Interaction it = s.interaction;
            ObjectNode resource = obj().put("type", type);
            switch (type) {
                case CALLBACK_CHANNEL_MESSAGE, CALLBACK_DEFERRED_CHANNEL_MESSAGE -> {
                    JsonNode d = data == null ? obj() : data;
                    if (type == CALLBACK_CHANNEL_MESSAGE) {
                        Response bad = validateMessage(d, true);
                        if (bad != null) {
                            return bad;
                        }
                    }
                    int flags = d.path("flags").asInt(0) & FLAG_EPHEMERAL;
                    if (type == CALLBACK_DEFERRED_CHANNEL_MESSAGE) {
                        flags |= FLAG_LOADING;
                    }
                    StoredMessage m = interactionMessage(it, Source.INTERACTION_RESPONSE, d, flags);
                    s.originalMessageId = m.id;
                    resource.set("message", m.json.deepCopy());
                }
                case CALLBACK_UPDATE_MESSAGE, CALLBACK_DEFERRED_UPDATE_MESSAGE -> {
                    if (it.messageId() == null) {
                        return error(400, 40004, "Interaction has no message to update");
                    }
                    s.originalMessageId = it.messageId();
                    if (type == CALLBACK_UPDATE_MESSAGE) {
                        StoredMessage m = messages.get(it.messageId());
                        Request edit = new Request(r.index(), r.at(), r.nanos(), r.method(), r.path(), r.route(),
                                r.query(), data == null ? obj() : data, r.rawBody(), r.headers());
                        Response res = applyEdit(edit, m, "interaction-update");
                        if (res.status() != 200) {
                            return res;
                        }
                        resource.set("message", m.json.deepCopy());
                    }
                }
                case 8 -> {
                    // autocomplete choices: recorded, nothing to store
                }
                case CALLBACK_MODAL -> {
                    if (it.type() == INTERACTION_MODAL_SUBMIT) {
                        return error(400, 50035, "Invalid Form Body: a modal cannot open a modal");
                    }
                }
                default -> {
                    return invalidForm("type", "BASE_TYPE_CHOICES", "Value must be one of (1, 4, 5, 6, 7, 8, 9, 10, 12).");
                }
            }
            s.callback = new Callback(it.id(), type, data == null ? null : data.deepCopy(), latency, 200, r.at(), r.query());
            if (!"true".equals(r.query().get("with_response"))) {
                return Response.noContent();
            }
            ObjectNode out = obj();
            ObjectNode inter = out.putObject("interaction");
            inter.put("id", it.id());
            inter.put("type", it.type());
            inter.putNull("activity_instance_id");
            if (s.originalMessageId != null && (type == 4 || type == 5)) {
                StoredMessage m = messages.get(s.originalMessageId);
                inter.put("response_message_id", m.id);
                inter.put("response_message_loading", type == 5);
                inter.put("response_message_ephemeral", (m.json.path("flags").asInt() & FLAG_EPHEMERAL) != 0);
            }
            out.set("resource", resource);
            return Response.json(200, out);
        }
    }

    /** A message made by an interaction response or follow-up: webhook-authored, interaction_metadata. */
    private StoredMessage interactionMessage(Interaction it, Source source, JsonNode body, int flags) {
        String id = Snowflakes.next();
        StoredMessage m = new StoredMessage(id, it.channelId(), BOT_USER_ID, source, it.id(), null);
        int type = it.type() == INTERACTION_COMMAND && source == Source.INTERACTION_RESPONSE ? 20 : 0;
        ObjectNode json = baseMessage(id, it.channelId(), userJson(people.get(BOT_USER_ID)), type, flags);
        json.put("webhook_id", APPLICATION_ID);
        json.put("application_id", APPLICATION_ID);
        ObjectNode meta = json.putObject("interaction_metadata");
        meta.put("id", it.id());
        meta.put("type", it.type());
        meta.set("user", userJson(people.get(it.userId())));
        meta.putObject("authorizing_integration_owners").put("0", GUILD_ID);
        if (it.messageId() != null) {
            meta.put("interacted_message_id", it.messageId());
        }
        applyBody(json, body);
        m.allowedMentions = body.get("allowed_mentions");
        applyMentions(json, json.path("content").asText(""), m.allowedMentions, null);
        m.json = json;
        messages.put(id, m);
        ChannelModel ch = channels.get(it.channelId());
        if ((flags & FLAG_EPHEMERAL) == 0) {
            if (ch != null) {
                ch.lastMessageId = id;
            }
            if (echoBotMessages) {
                dispatch("MESSAGE_CREATE", gatewayMessage(json, people.get(BOT_USER_ID)));
            }
        }
        return m;
    }

    private InteractionState byToken(String app, String token) {
        if (!APPLICATION_ID.equals(app)) {
            return null;
        }
        InteractionState s = interactionsByToken.get(token);
        if (s == null || s.interaction.dispatchedAt().isBefore(Instant.now().minus(Duration.ofMinutes(15)))) {
            return null;
        }
        return s;
    }

    private Response followup(Request r, String app, String token) {
        synchronized (this) {
            InteractionState s = byToken(app, token);
            if (s == null || s.callback == null) {
                return error(404, 10015, "Unknown Webhook");
            }
            if (r.body() == null) {
                return error(400, 50109, "The request body contains invalid JSON.");
            }
            Response bad = validateMessage(r.body(), true);
            if (bad != null) {
                return bad;
            }
            StoredMessage m = interactionMessage(s.interaction, Source.FOLLOWUP, r.body(),
                    r.body().path("flags").asInt(0) & FLAG_EPHEMERAL);
            s.followups.add(m.id);
            return Response.json(200, m.json.deepCopy());
        }
    }

    private StoredMessage webhookTarget(InteractionState s, String messageId) {
        String id = "@original".equals(messageId) ? s.originalMessageId : messageId;
        if (id == null) {
            return null;
        }
        if (!id.equals(s.originalMessageId) && !s.followups.contains(id)) {
            return null;
        }
        StoredMessage m = messages.get(id);
        return m == null || m.deleted ? null : m;
    }

    private synchronized Response webhookGet(String app, String token, String messageId) {
        InteractionState s = byToken(app, token);
        if (s == null) {
            return error(404, 10015, "Unknown Webhook");
        }
        StoredMessage m = webhookTarget(s, messageId);
        return m == null ? error(404, 10008, "Unknown Message") : Response.json(200, m.json.deepCopy());
    }

    private Response webhookEdit(Request r, String app, String token, String messageId) {
        synchronized (this) {
            InteractionState s = byToken(app, token);
            if (s == null) {
                return error(404, 10015, "Unknown Webhook");
            }
            StoredMessage m = webhookTarget(s, messageId);
            if (m == null) {
                return error(404, 10008, "Unknown Message");
            }
            return applyEdit(r, m, "webhook");
        }
    }

    private Response webhookDelete(String app, String token, String messageId) {
        synchronized (this) {
            InteractionState s = byToken(app, token);
            if (s == null) {
                return error(404, 10015, "Unknown Webhook");
            }
            StoredMessage m = webhookTarget(s, messageId);
            if (m == null) {
                return error(404, 10008, "Unknown Message");
            }
            m.deleted = true;
            if ((m.json.path("flags").asInt() & FLAG_EPHEMERAL) == 0) {
                dispatch("MESSAGE_DELETE", obj().put("id", m.id).put("channel_id", m.channelId).put("guild_id", GUILD_ID));
            }
            return Response.noContent();
        }
    }

    /** For the gateway: content blanking needs to know whether a message mentions the bot. */
    static boolean mentionsUser(JsonNode message, String userId) {
        for (JsonNode u : message.path("mentions")) {
            if (userId.equals(u.path("id").asText())) {
                return true;
            }
        }
        return false;
    }

    /** Unmodifiable view helper for the gateway. */
    static <T> List<T> copy(List<T> list) {
        return Collections.unmodifiableList(new ArrayList<>(list));
    }
}
