package dev.checklistbot.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local fake of the Slack Web API on 127.0.0.1 (the bot's SLACK_API_URL): answers auth.test, chat.postMessage,
 * chat.update, chat.postEphemeral (and anything else with ok), counts every call, and remembers each channel's
 * top-level posts in order (header, step 1, step 2, ...), so the load client can react to step messages.
 */
final class FakeSlack implements AutoCloseable {
    static final String BOT_USER = "U0BENCHBOT";
    private static final java.util.Set<String> WANTED = java.util.Set.of("channel", "thread_ts", "ts");
    private static final Pattern JSON_FIELD = Pattern.compile("\"(channel|thread_ts)\"\\s*:\\s*\"([^\"]*)\"");

    private final HttpServer server;
    private final AtomicLong ts = new AtomicLong(1_700_000_000_000_000L);
    final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    final AtomicLong deliveries = new AtomicLong();
    private final Map<String, List<String>> topLevel = new ConcurrentHashMap<>();
    /** When each top-level post arrived (System.nanoTime), parallel to {@link #topLevel}. */
    private final Map<String, List<Long>> topLevelAt = new ConcurrentHashMap<>();
    /** Each top-level post's fallback text, parallel to {@link #topLevel} (only with {@link Limits}). */
    private final Map<String, List<String>> topLevelText = new ConcurrentHashMap<>();
    /** Slack's rate limits, enforced with 429 and Retry-After; null: none (item 2's fake answers everything). */
    private final Limits limits;
    private final Map<String, double[]> channelBuckets = new ConcurrentHashMap<>();
    private final double[] workspaceBucket = {Double.NaN, 0};
    /** Whether {@link #limits} are enforced now (off during a warm-up, which measures nothing). */
    private volatile boolean limitsOn = true;
    final AtomicLong rateLimited = new AtomicLong();
    final Map<String, AtomicLong> rateLimitedBy = new ConcurrentHashMap<>();

    /**
     * Slack's limits on chat.postMessage: per channel a token bucket of {@code channelBurst} posts refilled at one per
     * {@code channelIntervalMs} ("one message per second per channel", "short bursts >1 allowed"), and a workspace-wide
     * bucket of {@code workspaceBurst} posts refilled at {@code workspacePerMinute}. A post over either is answered 429
     * with Retry-After: 1 and is not recorded.
     */
    record Limits(double channelIntervalMs, int channelBurst, double workspacePerMinute, int workspaceBurst) {
        String describe() {
            return String.format("chat.postMessage per channel: a burst of %d, then one per %.0f ms; workspace-wide: a burst"
                    + " of %d, then %.0f per minute; over either: 429, Retry-After 1", channelBurst, channelIntervalMs,
                    workspaceBurst, workspacePerMinute);
        }
    }

    FakeSlack() throws IOException {
        this(null);
    }

    FakeSlack(Limits limits) throws IOException {
        this.limits = limits;
        // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's delayed ACK:
        // about 40 ms per call, which would make the fake, not the bot, the limit of delivery.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.setExecutor(Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "fake-slack");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/api/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/";
    }

    long count(String method) {
        AtomicLong n = calls.get(method);
        return n == null ? 0 : n.get();
    }

    /** The ts of the channel's n-th top-level post (0: the run header, k: step k), or null if not posted yet. */
    String topLevelPost(String channel, int n) {
        List<String> posts = topLevel.get(channel);
        if (posts == null) {
            return null;
        }
        synchronized (posts) {
            return n < posts.size() ? posts.get(n) : null;
        }
    }

    /** When the channel's n-th top-level post arrived (System.nanoTime), or -1 if not posted yet. */
    long topLevelPostAt(String channel, int n) {
        List<Long> at = topLevelAt.get(channel);
        if (at == null) {
            return -1;
        }
        synchronized (at) {
            return n < at.size() ? at.get(n) : -1;
        }
    }

    /** The channel's top-level posts' fallback texts so far, in order (recorded only with {@link Limits}). */
    List<String> topLevelTexts(String channel) {
        List<String> texts = topLevelText.get(channel);
        if (texts == null) {
            return List.of();
        }
        synchronized (texts) {
            return List.copyOf(texts);
        }
    }

    /**
     * Stops enforcing the limits, for a warm-up: it warms the bot's code up, and a warm-up that spent the workspace's
     * budget would leave the measured parts after it throttled by the bench's own figure rather than by the bot.
     */
    void suspendLimits() {
        limitsOn = false;
    }

    /**
     * Enforces the limits again, from full buckets: each measured part starts in a workspace and channels that have
     * posted nothing for a while (an incident's burst of starts comes to a quiet workspace).
     */
    void refillLimits() {
        synchronized (workspaceBucket) {
            channelBuckets.clear();
            workspaceBucket[0] = Double.NaN;
            workspaceBucket[1] = 0;
        }
        limitsOn = true;
    }

    /** Whether a post to {@code channel} now is within the limits; takes its tokens if so. */
    private boolean allowPost(String channel, long nowNanos) {
        if (limits == null || !limitsOn) {
            return true;
        }
        double now = nowNanos / 1e6;
        synchronized (workspaceBucket) {
            double[] ch = channelBuckets.computeIfAbsent(channel, k -> new double[] {now, limits.channelBurst()});
            ch[1] = Math.min(limits.channelBurst(), ch[1] + (now - ch[0]) / limits.channelIntervalMs());
            ch[0] = now;
            if (Double.isNaN(workspaceBucket[0])) {
                workspaceBucket[0] = now;
                workspaceBucket[1] = limits.workspaceBurst();
            }
            workspaceBucket[1] = Math.min(limits.workspaceBurst(),
                    workspaceBucket[1] + (now - workspaceBucket[0]) * limits.workspacePerMinute() / 60_000.0);
            workspaceBucket[0] = now;
            String refused = ch[1] < 1 ? "channel" : workspaceBucket[1] < 1 ? "workspace" : null;
            if (refused != null) {
                rateLimited.incrementAndGet();
                rateLimitedBy.computeIfAbsent(refused, k -> new AtomicLong()).incrementAndGet();
                return false;
            }
            ch[1] -= 1;
            workspaceBucket[1] -= 1;
            return true;
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            long arrived = System.nanoTime();
            String method = exchange.getRequestURI().getPath().substring("/api/".length());
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            calls.computeIfAbsent(method, k -> new AtomicLong()).incrementAndGet();
            Map<String, String> params = params(exchange, body, limits != null);
            if (method.equals("chat.postMessage") && !allowPost(params.getOrDefault("channel", "C0"), arrived)) {
                byte[] bytes = "{\"ok\":false,\"error\":\"ratelimited\"}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
                exchange.getResponseHeaders().set("Retry-After", "1");
                exchange.sendResponseHeaders(429, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
                return;
            }
            String answer;
            switch (method) {
                case "auth.test":
                    answer = "{\"ok\":true,\"url\":\"https://bench.slack.com/\",\"team\":\"bench\",\"user\":\"bot\","
                            + "\"team_id\":\"T0BENCH\",\"user_id\":\"" + BOT_USER + "\",\"bot_id\":\"B0BENCH\"}";
                    break;
                case "chat.postMessage": {
                    String channel = params.getOrDefault("channel", "C0");
                    String id = nextTs();
                    if (params.get("thread_ts") == null || params.get("thread_ts").isEmpty()) {
                        List<String> posts = topLevel.computeIfAbsent(channel, k -> new ArrayList<>());
                        List<Long> at = topLevelAt.computeIfAbsent(channel, k -> new ArrayList<>());
                        List<String> texts = topLevelText.computeIfAbsent(channel, k -> new ArrayList<>());
                        synchronized (posts) {
                            posts.add(id);
                            synchronized (at) {
                                at.add(arrived);
                            }
                            synchronized (texts) {
                                texts.add(params.getOrDefault("text", ""));
                            }
                        }
                    }
                    deliveries.incrementAndGet();
                    answer = "{\"ok\":true,\"channel\":\"" + channel + "\",\"ts\":\"" + id + "\",\"message\":{\"ts\":\""
                            + id + "\",\"text\":\"\"}}";
                    break;
                }
                case "chat.update":
                    deliveries.incrementAndGet();
                    answer = "{\"ok\":true,\"channel\":\"" + params.getOrDefault("channel", "C0") + "\",\"ts\":\""
                            + params.getOrDefault("ts", "1.0") + "\"}";
                    break;
                case "chat.postEphemeral":
                    answer = "{\"ok\":true,\"message_ts\":\"" + nextTs() + "\"}";
                    break;
                default:
                    answer = "{\"ok\":true}";
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private String nextTs() {
        long v = ts.incrementAndGet();
        return (v / 1_000_000) + "." + String.format("%06d", v % 1_000_000);
    }

    private static final java.util.Set<String> WANTED_WITH_TEXT = java.util.Set.of("channel", "thread_ts", "ts", "text");

    private static Map<String, String> params(HttpExchange exchange, String body, boolean withText) {
        java.util.Set<String> wanted = withText ? WANTED_WITH_TEXT : WANTED;
        Map<String, String> params = new HashMap<>();
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type != null && type.contains("json")) {
            Matcher m = JSON_FIELD.matcher(body);
            while (m.find()) {
                params.putIfAbsent(m.group(1), m.group(2));
            }
            return params;
        }
        // Only the few short parameters the fake answers with are decoded: decoding every form body whole
        // (its blocks are kilobytes of percent-encoded JSON) took CPU from the bot on the same two cores.
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && wanted.contains(pair.substring(0, eq))) {
                params.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
