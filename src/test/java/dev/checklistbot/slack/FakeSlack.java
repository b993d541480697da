package dev.checklistbot.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A local stand-in for Slack's Web API on 127.0.0.1: records every call (method, parameters) and answers as
 * Slack does; can be told to answer the next chat.* calls with 429 (Retry-After) or 500.
 */
final class FakeSlack implements AutoCloseable {
    static final String TEAM = "T0FAKE";
    static final String BOT_USER = "UBOT0001";
    static final String BOT_ID = "BBOT0001";

    /** One call: the Web API method, its parameters, and whether the fake failed it on purpose. */
    record Call(String method, Map<String, String> params, int status) {
        String param(String name) {
            return params.get(name);
        }

        boolean ok() {
            return status == 200;
        }

        /** The fallback text and the blocks as one string, for assertions on what people see. */
        String content() {
            String blocks = params.getOrDefault("blocks", "");
            try {
                // the SDK writes < > & inside JSON strings as \\u003c...: decode to see what Slack would see
                blocks = blocks.isEmpty() ? "" : JSON.readTree(blocks).toString();
            } catch (IOException e) {
                // keep it as sent
            }
            return params.getOrDefault("text", "") + "\n" + blocks;
        }
    }

    private record Failure(int status, Integer retryAfter) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final List<Call> calls = new ArrayList<>();
    private final List<Failure> failures = new ArrayList<>();
    private final AtomicLong ts = new AtomicLong();
    /** A one-shot hook: runs with a post's future ts before the fake answers that post (see {@link #beforeAnswering}). */
    private record PostHook(Predicate<Call> which, java.util.function.Consumer<String> action) {
    }

    private PostHook postHook;

    /**
     * The next chat.postMessage that matches {@code which} is held until {@code action} has run with the ts Slack
     * is about to return: what a person in the channel could do with the message before the bot hears Slack's
     * answer.
     */
    synchronized void beforeAnswering(Predicate<Call> which, java.util.function.Consumer<String> action) {
        postHook = new PostHook(which, action);
    }

    /** What apps.connections.open answers (Socket Mode). */
    volatile String socketModeUrl = "ws://127.0.0.1:9/link";

    FakeSlack() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(executor);
        server.createContext("/api/", this::handle);
        server.start();
    }

    /** The base URL to give as SLACK_API_URL. */
    String apiUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/";
    }

    /** The next {@code n} chat.* calls get this HTTP status (429 with Retry-After seconds, or 500). */
    synchronized void failNext(int n, int status, Integer retryAfterSeconds) {
        for (int i = 0; i < n; i++) {
            failures.add(new Failure(status, retryAfterSeconds));
        }
    }

    private final List<Failure> usersInfoFailures = new ArrayList<>();

    /** The next users.info call gets this HTTP status (429 with Retry-After seconds, or 500). */
    synchronized void failNextUsersInfo(int status, Integer retryAfterSeconds) {
        usersInfoFailures.add(new Failure(status, retryAfterSeconds));
    }

    synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    synchronized List<Call> calls(String method) {
        return calls.stream().filter(c -> c.method().equals(method)).toList();
    }

    /** Successful calls of a method to a channel, in the order they arrived. */
    synchronized List<Call> delivered(String method, String channel) {
        return calls.stream().filter(c -> c.ok() && c.method().equals(method) && channel.equals(c.param("channel")))
                .toList();
    }

    synchronized List<Call> chatCalls() {
        return calls.stream().filter(c -> c.method().startsWith("chat.")).toList();
    }

    synchronized long count(Predicate<Call> predicate) {
        return calls.stream().filter(predicate).count();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestURI().getPath().substring("/api/".length());
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            Map<String, String> params = type != null && type.startsWith("application/json") ? json(body) : form(body);
            Failure failure = null;
            synchronized (this) {
                if (method.startsWith("chat.") && !failures.isEmpty()) {
                    failure = failures.remove(0);
                } else if (method.equals("users.info") && !usersInfoFailures.isEmpty()) {
                    failure = usersInfoFailures.remove(0);
                }
                calls.add(new Call(method, params, failure == null ? 200 : failure.status()));
            }
            if (failure != null) {
                if (failure.retryAfter() != null) {
                    exchange.getResponseHeaders().add("Retry-After", String.valueOf(failure.retryAfter()));
                }
                String error = failure.status() == 429 ? "{\"ok\":false,\"error\":\"ratelimited\"}" : "internal error";
                send(exchange, failure.status(), error);
                return;
            }
            PostHook hook = null;
            Call call = new Call(method, params, 200);
            synchronized (this) {
                if (postHook != null && method.equals("chat.postMessage") && postHook.which().test(call)) {
                    hook = postHook;
                    postHook = null;
                }
            }
            String answer = answer(method, params);
            if (hook != null) {
                hook.action().accept(JSON.readTree(answer).path("ts").asText());
            }
            send(exchange, 200, answer);
        }
    }

    private String answer(String method, Map<String, String> params) {
        ObjectNode out = JSON.createObjectNode().put("ok", true);
        switch (method) {
            case "auth.test" -> out.put("url", "https://fake.slack.com/").put("team", "Fake").put("user", "checklist-bot")
                    .put("team_id", TEAM).put("user_id", BOT_USER).put("bot_id", BOT_ID)
                    .put("is_enterprise_install", false);
            case "chat.postMessage" -> {
                String newTs = nextTs();
                out.put("channel", params.get("channel")).put("ts", newTs);
                out.putObject("message").put("type", "message").put("ts", newTs).put("bot_id", BOT_ID)
                        .put("user", BOT_USER).put("text", params.getOrDefault("text", ""));
            }
            case "chat.update" -> out.put("channel", params.get("channel")).put("ts", params.get("ts"))
                    .put("text", params.getOrDefault("text", ""));
            case "chat.postEphemeral" -> out.put("message_ts", nextTs());
            case "apps.connections.open" -> out.put("url", socketModeUrl);
            case "views.open" -> viewsOpen(out, params);
            case "users.info" -> usersInfo(out, params.getOrDefault("user", ""));
            case "bots.info" -> {
                String bot = params.getOrDefault("bot", "B0UNKNOWN");
                out.putObject("bot").put("id", bot).put("deleted", false).put("name", "some bot")
                        .put("app_id", "A0FAKE").put("user_id", BOT_ID.equals(bot) ? BOT_USER : "U0OTHERBOT");
            }
            default -> {
            }
        }
        return out.toString();
    }

    /** The people users.info knows: user id to profile display name (empty: none set) and real name. */
    private final Map<String, String[]> people = new java.util.concurrent.ConcurrentHashMap<>();

    /** Lets users.info know a person, as Slack would describe them. */
    void knowUser(String userId, String displayName, String realName) {
        people.put(userId, new String[]{displayName, realName});
    }

    /** users.info: the person's profile if the fake knows them, else Slack's user_not_found. */
    private void usersInfo(ObjectNode out, String user) {
        String[] person = people.get(user);
        if (person == null) {
            out.put("ok", false).put("error", "user_not_found");
            return;
        }
        ObjectNode node = out.putObject("user").put("id", user).put("team_id", TEAM)
                .put("name", user.toLowerCase(java.util.Locale.ROOT)).put("real_name", person[1]).put("deleted", false);
        node.putObject("profile").put("display_name", person[0]).put("real_name", person[1]);
    }

    /** views.open: Slack answers with the view it opened, now with an id (what its view_submission will carry). */
    private void viewsOpen(ObjectNode out, Map<String, String> params) {
        ObjectNode view = out.putObject("view");
        try {
            JsonNode sent = JSON.readTree(params.getOrDefault("view", "{}"));
            if (sent.isObject()) {
                view.setAll((ObjectNode) sent);
            }
        } catch (IOException e) {
            out.put("ok", false).put("error", "invalid_arguments");
        }
        view.put("id", "V" + nextTs().replace(".", ""));
    }

    /** The views the bot opened (views.open's {@code view}), parsed, in order. */
    synchronized List<JsonNode> viewsOpened() {
        List<JsonNode> views = new ArrayList<>();
        for (Call call : calls("views.open")) {
            try {
                views.add(JSON.readTree(call.param("view")));
            } catch (IOException e) {
                throw new IllegalStateException("views.open sent no JSON view: " + call.param("view"), e);
            }
        }
        return views;
    }

    /** A ts as Slack makes them: the posting time in seconds and microseconds, unique. */
    private String nextTs() {
        long micros = ts.updateAndGet(last -> Math.max(last + 1, System.currentTimeMillis() * 1_000));
        return (micros / 1_000_000) + "." + String.format("%06d", micros % 1_000_000);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> params = new LinkedHashMap<>();
        if (body.isEmpty()) {
            return params;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(key, value);
        }
        return params;
    }

    private static Map<String, String> json(String body) {
        Map<String, String> params = new LinkedHashMap<>();
        try {
            JsonNode node = JSON.readTree(body);
            node.fields().forEachRemaining(e -> params.put(e.getKey(),
                    e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
        } catch (IOException e) {
            params.put("_unparsed", body);
        }
        return params;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
