package dev.checklistbot.slack;

import com.slack.api.bolt.App;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.SlackRequestParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Slack's HTTP endpoint on the JDK's own {@link HttpServer}: {@code POST /slack/events} (slash commands, events
 * and interactivity at one URL) and {@code GET /health}.
 *
 * <p>Why not bolt-jetty: only 1.45.4 resolves, on Jetty 9.4 (end of life), its {@code SlackAppServer} binds
 * every interface and its {@code start()} blocks. The JDK server has no dependency to keep patched, binds the
 * address we choose (0.0.0.0 in production, 127.0.0.1 in tests, port 0 for an ephemeral one), starts and stops
 * in milliseconds, and the Slack part stays Bolt's: {@link SlackRequestParser} builds Bolt's request and
 * {@link App#run} verifies the signature and timestamp (401 when bad or stale), dispatches and acknowledges.
 * The server's threads run the listeners, which only do a database transaction, so the ack is fast.
 */
public final class SlackHttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SlackHttpServer.class);
    public static final String EVENTS_PATH = "/slack/events";
    public static final String HEALTH_PATH = "/health";
    private static final int MAX_BODY_BYTES = 1 << 20;
    /**
     * Request threads. Each waits for the commit that holds its command (group commit), so a thread is mostly
     * waiting, not working; with 16, at 64 requests in flight the pool capped the commit groups and the rate
     * (bench/run: 1,042 events/s; 1,378 with 64). Idle threads end after 30 s.
     */
    public static final int THREADS = 64;

    private final HttpServer server;
    private final ThreadPoolExecutor executor;

    /**
     * @param app      the Bolt app, or null when Slack talks to us over Socket Mode (then only /health answers)
     * @param healthy  whether the database answers
     */
    public SlackHttpServer(String bindAddress, int port, App app, BooleanSupplier healthy) throws IOException {
        server = HttpServer.create(new InetSocketAddress(bindAddress, port), 128);
        AtomicInteger n = new AtomicInteger();
        executor = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1_000), r -> {
            Thread t = new Thread(r, "slack-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        executor.allowCoreThreadTimeOut(true);
        server.setExecutor(executor);
        SlackRequestParser parser = app == null ? null : new SlackRequestParser(app.config());
        server.createContext(EVENTS_PATH, exchange -> handle(exchange, () -> events(exchange, app, parser)));
        server.createContext(HEALTH_PATH, exchange -> handle(exchange, () -> health(exchange, healthy)));
        server.createContext("/", exchange -> handle(exchange, () -> send(exchange, 404, "text/plain", "not found")));
    }

    public void start() {
        server.start();
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    private interface Work {
        void run() throws Exception;
    }

    private static void handle(HttpExchange exchange, Work work) {
        try (exchange) {
            try {
                work.run();
            } catch (Exception e) {
                log.error("{} {} failed: {}", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e.toString());
                try {
                    send(exchange, 500, "text/plain", "error");
                } catch (IOException | RuntimeException ignored) {
                    // the response was under way already
                }
            }
        }
    }

    private static void events(HttpExchange exchange, App app, SlackRequestParser parser) throws Exception {
        if (app == null || !exchange.getRequestURI().getPath().equals(EVENTS_PATH)) {
            send(exchange, 404, "text/plain", "not found");
            return;
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().add("Allow", "POST");
            send(exchange, 405, "text/plain", "POST only");
            return;
        }
        String body = readBody(exchange.getRequestBody());
        if (body == null) {
            send(exchange, 413, "text/plain", "too large");
            return;
        }
        Map<String, List<String>> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
        Request<?> request = parser.parse(SlackRequestParser.HttpRequest.builder()
                .requestUri(EVENTS_PATH)
                .queryString(Map.of())
                .headers(new RequestHeaders(headers))
                .requestBody(body)
                .remoteAddress(exchange.getRemoteAddress().getAddress().getHostAddress())
                .build());
        if (request == null) {
            send(exchange, 400, "text/plain", "not a Slack request");
            return;
        }
        Response response = app.run(request);
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((name, values) -> values.forEach(v -> exchange.getResponseHeaders().add(name, v)));
        }
        send(exchange, response.getStatusCode() == null ? 200 : response.getStatusCode(),
                response.getContentType(), response.getBody());
    }

    private static void health(HttpExchange exchange, BooleanSupplier healthy) throws IOException {
        if (!exchange.getRequestURI().getPath().equals(HEALTH_PATH)) {
            send(exchange, 404, "text/plain", "not found");
            return;
        }
        if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().add("Allow", "GET, HEAD");
            send(exchange, 405, "text/plain", "GET only");
            return;
        }
        boolean ok;
        try {
            ok = healthy.getAsBoolean();
        } catch (RuntimeException e) {
            log.warn("health check: the database does not answer: {}", e.toString());
            ok = false;
        }
        send(exchange, ok ? 200 : 503, "text/plain", ok ? "ok" : "database unavailable");
    }

    private static String readBody(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        return bytes.length > MAX_BODY_BYTES ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** Stops accepting, lets requests in progress finish (up to a second), then stops the threads. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
