package dev.checklistbot.bench;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.SlackRequestParser;
import com.slack.api.model.event.MessageEvent;
import com.slack.api.model.event.ReactionAddedEvent;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.checklistbot.slack.SlackHttpServer;

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

/**
 * The floor of item 2: a bare Bolt app that only verifies and acknowledges reaction_added and message events,
 * behind the same HTTP server approach as {@code serve} (the JDK HttpServer, as many request threads, backlog 128,
 * Bolt's SlackRequestParser and App.run). Runs in its own JVM, like serve. Env: SLACK_SIGNING_SECRET,
 * SLACK_BOT_TOKEN, SLACK_API_URL; arg: port (0 = any). Prints "listening PORT" when ready. With {@code --full DB}: the
 * full-path floor of issue 16 ({@link FullPathFloor}: the durable command of each event, group-committed, and its Web
 * API calls).
 */
public final class BoltFloorServer {
    private BoltFloorServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        SlackConfig slackConfig = new SlackConfig();
        slackConfig.setMethodsEndpointUrlPrefix(System.getenv("SLACK_API_URL"));
        slackConfig.setStatsEnabled(false);
        App app = new App(AppConfig.builder()
                .slack(Slack.getInstance(slackConfig))
                .singleTeamBotToken(System.getenv("SLACK_BOT_TOKEN"))
                .signingSecret(System.getenv("SLACK_SIGNING_SECRET"))
                .allEventsApiAutoAckEnabled(true)
                .build());
        int full = java.util.Arrays.asList(args).indexOf("--full");
        if (full < 0) {
            app.event(ReactionAddedEvent.class, (payload, ctx) -> ctx.ack());
            app.event(MessageEvent.class, (payload, ctx) -> ctx.ack());
        } else {
            // The full-path floor: the durable command and the four Web API calls (FullPathFloor), acked after the commit.
            FullPathFloor floor = new FullPathFloor(java.nio.file.Path.of(args[full + 1]),
                    Slack.getInstance(slackConfig).methods(System.getenv("SLACK_BOT_TOKEN")));
            app.event(ReactionAddedEvent.class, (payload, ctx) -> {
                ReactionAddedEvent e = payload.getEvent();
                floor.handle(e.getItem().getChannel(), e.getUser(), e.getItem().getTs());
                return ctx.ack();
            });
            app.event(MessageEvent.class, (payload, ctx) -> {
                MessageEvent e = payload.getEvent();
                if (e.getThreadTs() != null) {
                    floor.handle(e.getChannel(), e.getUser(), e.getThreadTs());
                }
                return ctx.ack();
            });
        }
        app.start();
        SlackRequestParser parser = new SlackRequestParser(app.config());
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 128);
        server.setExecutor(new ThreadPoolExecutor(SlackHttpServer.THREADS, SlackHttpServer.THREADS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(1_000)));
        server.createContext("/slack/events", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Map<String, List<String>> headers = new HashMap<>();
                exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
                Request<?> request = parser.parse(SlackRequestParser.HttpRequest.builder()
                        .requestUri("/slack/events").queryString(Map.of()).headers(new RequestHeaders(headers))
                        .requestBody(body).remoteAddress(exchange.getRemoteAddress().getAddress().getHostAddress())
                        .build());
                Response response = app.run(request);
                send(exchange, response.getStatusCode() == null ? 200 : response.getStatusCode(), response.getBody());
            } catch (Exception e) {
                send(exchange, 500, "error");
            }
        });
        server.createContext("/health", exchange -> {
            try (exchange) {
                send(exchange, 200, "ok");
            }
        });
        server.start();
        System.out.println("listening " + server.getAddress().getPort());
        System.out.flush();
        Thread.currentThread().join();
    }

    private static void send(HttpExchange exchange, int status, String body) {
        try {
            byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } catch (Exception ignored) {
            // the client went away
        }
    }
}
