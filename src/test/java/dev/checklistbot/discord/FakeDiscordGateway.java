package dev.checklistbot.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The fake's gateway: Discord gateway v10 over a loopback WebSocket, JSON, no compression. Sessions outlive their
 * connections: every event dispatched to a session is logged with that session's sequence number, so a RESUME
 * replays what the client missed. All state is guarded by the owning {@link FakeDiscord}'s monitor, the same lock as
 * the REST side, so frames leave in sequence order.
 */
final class FakeDiscordGateway extends WebSocketServer {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final class Session {
        final String id;
        final int intents;
        final int[] shard;
        int seq;
        final List<Frame> log = new ArrayList<>();
        Conn conn;
        boolean resumable = true;

        Session(String id, int intents, int[] shard) {
            this.id = id;
            this.intents = intents;
            this.shard = shard;
        }
    }

    private record Frame(int seq, long dispatchIndex, String json) {
    }

    private static final class Conn {
        final int number;
        final WebSocket ws;
        final String resource;
        final Instant openedAt = Instant.now();
        final List<Integer> ops = new ArrayList<>();
        Session session;
        boolean open = true;
        Integer closeCode;

        Conn(int number, WebSocket ws, String resource) {
            this.number = number;
            this.ws = ws;
            this.resource = resource;
        }
    }

    private final FakeDiscord fake;
    private final Object lock;
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile Exception startError;
    private int heartbeatInterval = 41_250;
    private boolean privilegedIntentsEnabled = true;
    private final List<FakeDiscord.Dispatched> dispatched = new ArrayList<>();
    private final Map<Long, Integer> deliveries = new HashMap<>();
    private final Map<String, Session> sessions = new LinkedHashMap<>();
    private final List<Conn> connections = new ArrayList<>();
    private final List<JsonNode> received = new ArrayList<>();
    private int lastIntents = -1;
    private final List<Runnable> deferred = new ArrayList<>();

    FakeDiscordGateway(FakeDiscord fake) {
        super(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.fake = fake;
        this.lock = fake;
        setReuseAddr(true);
        setConnectionLostTimeout(0); // heartbeats are the protocol's liveness check
        setDaemon(true);
    }

    void startAndWait() throws IOException {
        start();
        try {
            if (!started.await(10, TimeUnit.SECONDS)) {
                throw new IOException("fake gateway did not start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        if (startError != null) {
            throw new IOException("fake gateway failed to start", startError);
        }
    }

    int port() {
        return getPort();
    }

    void shutdown() {
        try {
            stop(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void setHeartbeatInterval(int millis) {
        synchronized (lock) {
            heartbeatInterval = millis;
        }
    }

    void setPrivilegedIntentsEnabled(boolean enabled) {
        synchronized (lock) {
            privilegedIntentsEnabled = enabled;
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // WebSocketServer callbacks
    // -------------------------------------------------------------------------------------------------------------

    @Override
    public void onStart() {
        started.countDown();
    }

    @Override
    public void onOpen(WebSocket ws, ClientHandshake handshake) {
        synchronized (lock) {
            Conn conn = new Conn(connections.size() + 1, ws, handshake.getResourceDescriptor());
            connections.add(conn);
            ws.setAttachment(conn);
            ObjectNode hello = NODES.objectNode();
            hello.put("heartbeat_interval", heartbeatInterval);
            hello.putArray("_trace").add("[\"fake-gateway-prd-1\",{\"micros\":0.0}]");
            send(conn, op(10, hello));
        }
    }

    @Override
    public void onClose(WebSocket ws, int code, String reason, boolean remote) {
        synchronized (lock) {
            Conn conn = ws.getAttachment();
            if (conn == null) {
                return;
            }
            conn.open = false;
            if (conn.closeCode == null) {
                conn.closeCode = code;
            }
            if (conn.session != null && conn.session.conn == conn) {
                conn.session.conn = null;
            }
        }
    }

    @Override
    public void onMessage(WebSocket ws, String message) {
        try {
            onMessageLocked(ws, message);
        } finally {
            runDeferred();
        }
    }

    private void onMessageLocked(WebSocket ws, String message) {
        synchronized (lock) {
            Conn conn = ws.getAttachment();
            JsonNode payload;
            try {
                payload = FakeDiscord.JSON.readTree(message);
            } catch (IOException e) {
                closeLater(conn, 4002, "Error while decoding payload.");
                return;
            }
            received.add(payload);
            int op = payload.path("op").asInt(-1);
            conn.ops.add(op);
            JsonNode d = payload.path("d");
            switch (op) {
                case 1 -> send(conn, op(11, null)); // heartbeat -> ack
                case 2 -> identify(conn, d);
                case 3, 4 -> {
                    // presence / voice state update: accepted, nothing to answer
                }
                case 6 -> resume(conn, d);
                case 8 -> requestMembers(conn, d);
                default -> closeLater(conn, 4001, "Unknown opcode.");
            }
        }
    }

    /**
     * Closes a connection once the lock is released: Java-WebSocket holds the connection's monitor while it calls
     * {@link #onClose}, which takes the lock, so closing under the lock could deadlock.
     */
    private void closeLater(Conn conn, int code, String reason) {
        conn.closeCode = code;
        deferred.add(() -> conn.ws.close(code, reason));
    }

    private void runDeferred() {
        List<Runnable> todo;
        synchronized (lock) {
            todo = List.copyOf(deferred);
            deferred.clear();
        }
        todo.forEach(Runnable::run);
    }

    @Override
    public void onMessage(WebSocket ws, java.nio.ByteBuffer message) {
        ws.close(4002, "Error while decoding payload."); // ETF or compressed payloads: not spoken here
    }

    @Override
    public void onError(WebSocket ws, Exception ex) {
        if (ws == null) {
            startError = ex;
            started.countDown();
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // Protocol
    // -------------------------------------------------------------------------------------------------------------

    private static ObjectNode op(int op, JsonNode d) {
        ObjectNode o = NODES.objectNode();
        o.put("op", op);
        o.set("d", d == null ? NODES.nullNode() : d);
        o.putNull("s");
        o.putNull("t");
        return o;
    }

    private void send(Conn conn, JsonNode payload) {
        if (conn.open && conn.ws.isOpen()) {
            try {
                conn.ws.send(FakeDiscord.JSON.writeValueAsString(payload));
            } catch (IOException | RuntimeException e) {
                // the connection went away meanwhile: a session's log still has the event for a RESUME
            }
        }
    }

    private void identify(Conn conn, JsonNode d) {
        if (conn.session != null) {
            closeLater(conn, 4005, "Already authenticated.");
            return;
        }
        if (!FakeDiscord.TOKEN.equals(d.path("token").asText())) {
            closeLater(conn, 4004, "Authentication failed.");
            return;
        }
        int intents = d.path("intents").asInt(0);
        lastIntents = intents;
        if ((intents & FakeDiscord.PRIVILEGED_INTENTS) != 0 && !privilegedIntentsEnabled) {
            closeLater(conn, 4014, "Disallowed intent(s).");
            return;
        }
        int[] shard = null;
        if (d.path("shard").isArray() && d.path("shard").size() == 2) {
            shard = new int[] {d.path("shard").get(0).asInt(), d.path("shard").get(1).asInt()};
            if (shard[1] < 1 || shard[0] < 0 || shard[0] >= shard[1]) {
                closeLater(conn, 4010, "Invalid shard.");
                return;
            }
        }
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        Session s = new Session(HexFormat.of().formatHex(id), intents, shard);
        sessions.put(s.id, s);
        s.conn = conn;
        conn.session = s;

        boolean hasGuild = inShard(s, FakeDiscord.GUILD_ID);
        ObjectNode ready = NODES.objectNode();
        ready.put("v", 10);
        ready.putObject("user_settings");
        ready.set("user", fake.selfUserJson());
        ready.put("session_type", "normal");
        ready.put("session_id", s.id);
        ready.put("resume_gateway_url", fake.resumeGatewayUrl());
        ready.putArray("relationships");
        ready.putArray("private_channels");
        ready.putArray("presences");
        ArrayNode guilds = ready.putArray("guilds");
        if (hasGuild) {
            guilds.addObject().put("id", FakeDiscord.GUILD_ID).put("unavailable", true);
        }
        ready.putArray("guild_join_requests");
        ready.putArray("geo_ordered_rtc_regions").add("fake-loopback");
        ready.putObject("auth");
        ObjectNode application = ready.putObject("application");
        application.put("id", FakeDiscord.APPLICATION_ID);
        application.put("flags", (1 << 15) | (1 << 19));
        if (shard != null) {
            ready.putArray("shard").add(shard[0]).add(shard[1]);
        }
        ready.putArray("_trace").add("[\"fake-gateway-prd-1\",{\"micros\":0.0}]");
        deliver(s, record("READY", ready), ready);
        if (hasGuild) {
            ObjectNode guild = fake.guildCreateJson();
            deliver(s, record("GUILD_CREATE", guild), guild);
        }
    }

    private void resume(Conn conn, JsonNode d) {
        if (!FakeDiscord.TOKEN.equals(d.path("token").asText())) {
            closeLater(conn, 4004, "Authentication failed.");
            return;
        }
        Session s = sessions.get(d.path("session_id").asText());
        if (s == null || !s.resumable) {
            send(conn, op(9, NODES.booleanNode(false)));
            return;
        }
        if (s.conn != null && s.conn != conn) {
            Conn old = s.conn;
            old.session = null;
            closeLater(old, 4009, "Session timed out.");
        }
        s.conn = conn;
        conn.session = s;
        int after = d.path("seq").asInt(0);
        for (Frame f : s.log) {
            if (f.seq() > after) {
                sendRaw(conn, f);
            }
        }
        ObjectNode resumed = NODES.objectNode();
        resumed.putArray("_trace").add("[\"fake-gateway-prd-1\",{\"micros\":0.0}]");
        ObjectNode frame = NODES.objectNode();
        frame.put("op", 0);
        frame.put("s", ++s.seq); // RESUMED carries a sequence number but is never replayed
        frame.put("t", "RESUMED");
        frame.set("d", resumed); // d must be an object: JDA ignores a dispatch whose d is null
        send(conn, frame);
    }

    private void requestMembers(Conn conn, JsonNode d) {
        if (conn.session == null) {
            closeLater(conn, 4003, "Not authenticated.");
            return;
        }
        ObjectNode chunk = NODES.objectNode();
        chunk.put("guild_id", d.path("guild_id").asText(FakeDiscord.GUILD_ID));
        ArrayNode members = chunk.putArray("members");
        fake.people.values().forEach(p -> members.add(fake.memberJson(p, true)));
        chunk.put("chunk_index", 0);
        chunk.put("chunk_count", 1);
        if (d.has("nonce")) {
            chunk.set("nonce", d.get("nonce"));
        }
        deliver(conn.session, record("GUILD_MEMBERS_CHUNK", chunk), chunk);
    }

    private void sendRaw(Conn conn, Frame f) {
        if (conn.open && conn.ws.isOpen()) {
            try {
                conn.ws.send(f.json());
                deliveries.merge(f.dispatchIndex(), 1, Integer::sum);
            } catch (RuntimeException e) {
                // gone meanwhile: stays in the log
            }
        }
    }

    private FakeDiscord.Dispatched record(String type, JsonNode data) {
        FakeDiscord.Dispatched e = new FakeDiscord.Dispatched(dispatched.size() + 1, type, data.deepCopy(), Instant.now());
        dispatched.add(e);
        return e;
    }

    /** Logs the event in the session with the next sequence number and sends it if the session is connected. */
    private void deliver(Session s, FakeDiscord.Dispatched e, JsonNode data) {
        ObjectNode frame = NODES.objectNode();
        frame.put("op", 0);
        frame.put("s", ++s.seq);
        frame.put("t", e.type());
        frame.set("d", data);
        Frame f;
        try {
            f = new Frame(s.seq, e.index(), FakeDiscord.JSON.writeValueAsString(frame));
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
        s.log.add(f);
        if (s.conn != null) {
            sendRaw(s.conn, f);
        }
    }

    FakeDiscord.Dispatched dispatch(String type, ObjectNode data) {
        synchronized (lock) {
            FakeDiscord.Dispatched e = record(type, data);
            for (Session s : sessions.values()) {
                if ((!s.resumable && s.conn == null) || !accepts(s, type, data)) {
                    continue;
                }
                deliver(s, e, filtered(s, type, data));
            }
            return e;
        }
    }

    private static boolean inShard(Session s, String guildId) {
        if (s.shard == null || guildId == null) {
            return true;
        }
        return (Long.parseLong(guildId) >> 22) % s.shard[1] == s.shard[0];
    }

    /** Whether Discord would send this event to this session: intents, then shard. */
    private static boolean accepts(Session s, String type, JsonNode data) {
        String guildId = data.hasNonNull("guild_id") ? data.get("guild_id").asText() : null;
        int intents = s.intents | FakeDiscord.INTENT_GUILDS;
        int needed = switch (type) {
            case "GUILD_CREATE", "GUILD_UPDATE", "GUILD_DELETE", "GUILD_ROLE_CREATE", "GUILD_ROLE_UPDATE",
                    "GUILD_ROLE_DELETE", "CHANNEL_CREATE", "CHANNEL_UPDATE", "CHANNEL_DELETE", "CHANNEL_PINS_UPDATE",
                    "THREAD_CREATE", "THREAD_UPDATE", "THREAD_DELETE", "THREAD_LIST_SYNC", "THREAD_MEMBER_UPDATE",
                    "STAGE_INSTANCE_CREATE", "STAGE_INSTANCE_UPDATE", "STAGE_INSTANCE_DELETE" ->
                    FakeDiscord.INTENT_GUILDS;
            case "GUILD_MEMBER_ADD", "GUILD_MEMBER_UPDATE", "GUILD_MEMBER_REMOVE", "THREAD_MEMBERS_UPDATE" ->
                    FakeDiscord.INTENT_GUILD_MEMBERS;
            case "PRESENCE_UPDATE" -> FakeDiscord.INTENT_GUILD_PRESENCES;
            case "MESSAGE_CREATE", "MESSAGE_UPDATE", "MESSAGE_DELETE", "MESSAGE_DELETE_BULK" ->
                    guildId != null ? FakeDiscord.INTENT_GUILD_MESSAGES : FakeDiscord.INTENT_DIRECT_MESSAGES;
            case "MESSAGE_REACTION_ADD", "MESSAGE_REACTION_REMOVE", "MESSAGE_REACTION_REMOVE_ALL",
                    "MESSAGE_REACTION_REMOVE_EMOJI" ->
                    guildId != null ? FakeDiscord.INTENT_GUILD_MESSAGE_REACTIONS : 1 << 13;
            default -> 0; // READY, RESUMED, INTERACTION_CREATE, ...: always
        };
        if ((intents & needed) != needed) {
            return false;
        }
        return inShard(s, guildId);
    }

    /** Without MESSAGE_CONTENT, a message not from the bot and not mentioning it arrives with its content blanked. */
    private static JsonNode filtered(Session s, String type, ObjectNode data) {
        if (!type.equals("MESSAGE_CREATE") && !type.equals("MESSAGE_UPDATE")) {
            return data.deepCopy();
        }
        if ((s.intents & FakeDiscord.INTENT_MESSAGE_CONTENT) != 0
                || FakeDiscord.BOT_USER_ID.equals(data.path("author").path("id").asText())
                || FakeDiscord.mentionsUser(data, FakeDiscord.BOT_USER_ID) || !data.hasNonNull("guild_id")) {
            return data.deepCopy();
        }
        ObjectNode copy = data.deepCopy();
        copy.put("content", "");
        copy.putArray("embeds");
        copy.putArray("attachments");
        copy.putArray("components");
        copy.remove("poll");
        return copy;
    }

    // -------------------------------------------------------------------------------------------------------------
    // Test controls
    // -------------------------------------------------------------------------------------------------------------

    /** Drops the open connections (of one session, or all when {@code sessionId} is null). */
    void drop(String sessionId, Runnable whileAway) {
        List<Conn> open;
        synchronized (lock) {
            open = connections.stream().filter(c -> c.open)
                    .filter(c -> sessionId == null || (c.session != null && sessionId.equals(c.session.id))).toList();
            for (Conn c : open) {
                c.open = false;
                c.closeCode = 1006;
                if (c.session != null && c.session.conn == c) {
                    c.session.conn = null;
                }
            }
            // under the lock: a reconnecting client's RESUME waits until this has run
            whileAway.run();
        }
        for (Conn c : open) {
            c.ws.closeConnection(1006, "dropped by the test");
        }
    }

    void closeAll(int code, String reason) {
        List<Conn> open;
        synchronized (lock) {
            open = connections.stream().filter(c -> c.open).toList();
            for (Conn c : open) {
                c.open = false;
                c.closeCode = code;
                if (c.session != null && c.session.conn == c) {
                    c.session.conn = null;
                }
            }
        }
        for (Conn c : open) {
            c.ws.close(code, reason);
        }
    }

    void sendOp(int op, JsonNode d) {
        synchronized (lock) {
            for (Conn c : connections) {
                if (c.open && c.session != null) {
                    send(c, op(op, d));
                }
            }
        }
    }

    void expireSessions(String sessionId) {
        synchronized (lock) {
            sessions.values().stream().filter(s -> sessionId == null || s.id.equals(sessionId))
                    .forEach(s -> s.resumable = false);
        }
    }

    List<FakeDiscord.Dispatched> dispatched() {
        synchronized (lock) {
            return List.copyOf(dispatched);
        }
    }

    int deliveries(FakeDiscord.Dispatched e) {
        synchronized (lock) {
            return deliveries.getOrDefault(e.index(), 0);
        }
    }

    List<FakeDiscord.GatewayConnection> connections() {
        synchronized (lock) {
            return connections.stream().map(c -> new FakeDiscord.GatewayConnection(c.number, c.resource, c.openedAt,
                    List.copyOf(c.ops), c.session == null ? null : c.session.id, c.open && c.ws.isOpen(),
                    c.closeCode)).toList();
        }
    }

    List<JsonNode> received() {
        synchronized (lock) {
            return received.stream().<JsonNode>map(JsonNode::deepCopy).toList();
        }
    }

    int lastIntents() {
        synchronized (lock) {
            return lastIntents;
        }
    }

    boolean hasLiveSession() {
        synchronized (lock) {
            return sessions.values().stream().anyMatch(s -> s.conn != null && s.conn.open && s.conn.ws.isOpen());
        }
    }
}
