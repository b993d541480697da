package dev.checklistbot.slack;

import com.slack.api.bolt.App;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.SlackRequestParser;
import dev.checklistbot.logging.LogText;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Slack's HTTP endpoint: {@code POST /slack/events} (slash commands, events and interactivity at one URL) and
 * {@code GET /health}, on Jetty 12 (core API, no servlets).
 *
 * <p>Why Jetty 12: the JDK's {@code HttpServer} reads every request on a pool thread with no read or idle timeout,
 * so 64 clients that sent half a request froze it (issue 10). Jetty parses headers on its selector without a
 * thread per connection, cuts connections idle for {@link #IDLE_TIMEOUT}, bounds headers, threads and connections,
 * binds the address we choose, and starts and stops in milliseconds. Jetty 12 is maintained; the
 * {@code bolt-jetty} adapter is not an option (only 1.45.4 resolves, on Jetty 9.4, end of life, binding every
 * interface, its {@code start()} blocking). The Slack part stays Bolt's: {@link SlackRequestParser} builds Bolt's
 * request and {@link App#run} (which checks the signature again) dispatches to the listeners.
 *
 * <p>Every request to the events path goes: the declared length (over {@value #MAX_BODY_BYTES} bytes: 413 at once)
 * → the body read asynchronously and capped at the same size ({@link BoundedBody}: a body that never finishes holds
 * no thread and ends at the idle timeout with 408) → the signature and a two-sided timestamp window
 * ({@link SlackSignatureCheck}; 401, and no byte of the request is logged or parsed) → Bolt. A signed request that
 * Bolt's parser or {@code app.run} cannot handle, or that no listener handles, is acknowledged with 200 and one
 * bounded WARN line: Slack sent it, retrying it would not help. A status a listener chose (a 503 to make Slack
 * retry) passes through unchanged.
 *
 * <p>The health check runs on a thread of its own (it may take seconds: it touches the database), one at a time:
 * the requests that arrive meanwhile wait for its answer without holding a request thread.
 */
public final class SlackHttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SlackHttpServer.class);
    public static final String EVENTS_PATH = "/slack/events";
    public static final String HEALTH_PATH = "/health";
    static final int MAX_BODY_BYTES = 1 << 20;
    /**
     * Requests handled at once, at most. Request threads wait for the commit that holds their command (group commit),
     * so a thread is mostly waiting, not working (bench/run: 1,042 events/s with 16, 1,378 with 64). Slow or idle
     * clients take none. Idle threads end after 30 s.
     */
    public static final int THREADS = 64;
    /** Jetty's own threads on top of the request threads: the acceptor, the selector and its reserved threads. */
    private static final int JETTY_THREADS = 8;
    /** A connection that sends nothing for this long (mid-headers, mid-body or between requests) is closed. */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);
    /**
     * Open connections, at most: file descriptors are shared with the database, and since an HTTP/1.1 connection
     * carries one request at a time this also bounds the work queued for a request thread (Jetty warns against a
     * bounded queue in its pool: its own tasks go there too). At the limit Jetty stops accepting until one closes,
     * and idle connections are cut after {@link #IDLE_TIMEOUT_AT_LIMIT}.
     */
    static final int MAX_CONNECTIONS = 1_000;
    static final Duration IDLE_TIMEOUT_AT_LIMIT = Duration.ofSeconds(2);
    /** How long a /health request waits for the check before it answers 503. */
    static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(5);
    /** At most one line per this interval about refused (unsigned or badly signed) requests. */
    static final Duration REJECTION_LOG_INTERVAL = Duration.ofMinutes(1);
    private static final String JSON = "application/json";
    private static final String TEXT = "text/plain;charset=utf-8";

    private final Server server;
    private final ServerConnector connector;
    private final InetSocketAddress address;
    private final App app;
    private final SlackRequestParser parser;
    private final SlackSignatureCheck signatures;
    private final BooleanSupplier healthy;
    private final ExecutorService healthThread;
    private final AtomicReference<CompletableFuture<Boolean>> healthInFlight = new AtomicReference<>();
    private final AtomicLong nextRejectionLine = new AtomicLong(System.nanoTime());
    private final AtomicLong rejectionsNotLogged = new AtomicLong();
    /** Other pages this server carries (the run reports), by path prefix; set before {@link #start()}. */
    private volatile String pagesPrefix;
    private volatile Handler pages;

    /**
     * Binds the address at once (a port in use fails here); {@link #start()} starts serving.
     *
     * @param app      the Bolt app, or null when Slack talks to us over Socket Mode (then only /health answers)
     * @param healthy  whether the database answers (may take a few seconds; a throw counts as no)
     */
    public SlackHttpServer(String bindAddress, int port, App app, BooleanSupplier healthy) throws IOException {
        this.app = app;
        this.healthy = healthy;
        if (app != null) {
            signatures = new SlackSignatureCheck(app.config().getSigningSecret(), Clock.systemUTC());
            parser = new SlackRequestParser(app.config());
        } else {
            signatures = null;
            parser = null;
        }
        QueuedThreadPool threads = new QueuedThreadPool(THREADS + JETTY_THREADS, 4, 30_000);
        threads.setName("slack-http");
        threads.setDaemon(true);
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(8 * 1024);
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(bindAddress);
        connector.setPort(port);
        connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        server.addConnector(connector);
        NetworkConnectionLimit limit = new NetworkConnectionLimit(MAX_CONNECTIONS, connector);
        limit.setEndPointIdleTimeout(IDLE_TIMEOUT_AT_LIMIT.toMillis());
        server.addBean(limit);
        server.setHandler(new GracefulHandler(new Handler.Abstract() {
            @Override
            public boolean handle(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
                                  Callback callback) {
                route(request, response, callback);
                return true;
            }
        }));
        server.setStopTimeout(2_000);
        healthThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "slack-http-health");
            t.setDaemon(true);
            return t;
        });
        try {
            connector.open();
            address = (InetSocketAddress) ((ServerSocketChannel) connector.getTransport()).getLocalAddress();
        } catch (IOException | RuntimeException e) {
            connector.close();
            healthThread.shutdownNow();
            throw e;
        }
    }

    public void start() {
        try {
            server.start();
        } catch (Exception e) {
            close();
            throw new IllegalStateException("the HTTP server did not start: " + e, e);
        }
    }

    /**
     * Hands {@code prefix} and every path under it ({@code prefix + "/..."}) to {@code handler}, which answers them
     * whole (the run report pages of the {@code web} package, wired in {@code cli}). Call before {@link #start()}.
     */
    public SlackHttpServer withPages(String prefix, Handler handler) {
        this.pagesPrefix = prefix;
        this.pages = handler;
        return this;
    }

    /** Where it listens (the port chosen when 0 was asked for). */
    public InetSocketAddress address() {
        return address;
    }

    // ---- routing -------------------------------------------------------------------------------------------------

    private void route(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
                       Callback callback) {
        try {
            String path = org.eclipse.jetty.server.Request.getPathInContext(request);
            String method = request.getMethod();
            if (EVENTS_PATH.equals(path) && app != null) {
                if (!"POST".equals(method)) {
                    response.getHeaders().put(HttpHeader.ALLOW, "POST");
                    send(response, callback, 405, TEXT, "POST only");
                } else {
                    events(request, response, callback);
                }
            } else if (HEALTH_PATH.equals(path)) {
                if (!"GET".equals(method) && !"HEAD".equals(method)) {
                    response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
                    send(response, callback, 405, TEXT, "GET only");
                } else {
                    health(response, callback);
                }
            } else if (pages != null && (path.equals(pagesPrefix) || path.startsWith(pagesPrefix + "/"))) {
                pages.handle(request, response, callback);
            } else {
                send(response, callback, 404, TEXT, "not found");
            }
        } catch (Exception e) {
            log.warn("a request failed: {}", LogText.escape(e.toString(), 300));
            fail(response, callback, 500, "error");
        }
    }

    // ---- POST /slack/events --------------------------------------------------------------------------------------

    private void events(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
                        Callback callback) {
        long declared = request.getLength();
        if (declared > MAX_BODY_BYTES) {
            fail(response, callback, 413, "too large");
            return;
        }
        new BoundedBody(request, declared, MAX_BODY_BYTES, new BoundedBody.Outcome() {
            @Override
            public void body(byte[] bytes) {
                try {
                    verifyThenRun(request, response, callback, new String(bytes, StandardCharsets.UTF_8));
                } catch (RuntimeException e) {
                    // possibly on a Jetty call back rather than under route(): answer here too
                    log.warn("a request failed: {}", LogText.escape(e.toString(), 300));
                    fail(response, callback, 500, "error");
                }
            }

            @Override
            public void tooLarge() {
                fail(response, callback, 413, "too large");
            }

            @Override
            public void failed(Throwable failure) {
                if (failure instanceof TimeoutException) {
                    fail(response, callback, 408, "request timeout");
                } else {
                    callback.failed(failure);
                }
            }
        }).run();
    }

    /** Verifies, then hands the request to Bolt; on a Jetty request thread. */
    private void verifyThenRun(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
                       Callback callback, String body) {
        String from = org.eclipse.jetty.server.Request.getRemoteAddr(request);
        SlackSignatureCheck.Verdict verdict = signatures.check(
                request.getHeaders().get("X-Slack-Request-Timestamp"), request.getHeaders().get("X-Slack-Signature"), body);
        if (verdict != SlackSignatureCheck.Verdict.VALID) {
            logRejection(from, verdict);
            send(response, callback, 401, JSON, "{\"error\":\"invalid request\"}");
            return;
        }
        Map<String, List<String>> headers = new HashMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.computeIfAbsent(field.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(field.getValue());
        }
        Response answer;
        try {
            Request<?> slackRequest = parser.parse(SlackRequestParser.HttpRequest.builder()
                    .requestUri(EVENTS_PATH)
                    .queryString(Map.of())
                    .headers(new RequestHeaders(headers))
                    .requestBody(body)
                    .remoteAddress(from)
                    .build());
            if (slackRequest == null) {
                log.warn("acknowledged a signed request of no kind Bolt knows ({} bytes of {}); it changed nothing",
                        body.length(), LogText.escape(request.getHeaders().get(HttpHeader.CONTENT_TYPE), 80));
                send(response, callback, 200, TEXT, "");
                return;
            }
            answer = app.run(slackRequest);
        } catch (Exception e) {
            log.warn("acknowledged a signed request that could not be handled ({}); it changed nothing",
                    LogText.escape(e.toString(), 300));
            log.debug("the signed request that could not be handled", e);
            send(response, callback, 200, TEXT, "");
            return;
        }
        if (answer == null) {
            send(response, callback, 200, TEXT, "");
            return;
        }
        if (answer.getHeaders() != null) {
            answer.getHeaders().forEach((name, values) -> values.forEach(v -> response.getHeaders().add(name, v)));
        }
        send(response, callback, answer.getStatusCode() == null ? 200 : answer.getStatusCode(), answer.getContentType(),
                answer.getBody());
    }

    /** One line a minute at most, naming the peer and the reason, never anything the request carried. */
    private void logRejection(String from, SlackSignatureCheck.Verdict verdict) {
        long now = System.nanoTime();
        long next = nextRejectionLine.get();
        if (now - next >= 0 && nextRejectionLine.compareAndSet(next, now + REJECTION_LOG_INTERVAL.toNanos())) {
            long more = rejectionsNotLogged.getAndSet(0);
            log.warn("refused a request from {} with {} (401){}", LogText.escape(from, 64), verdict.reason,
                    more == 0 ? "" : "; " + more + " more refused since the last such line");
        } else {
            rejectionsNotLogged.incrementAndGet();
        }
    }

    // ---- GET /health ---------------------------------------------------------------------------------------------

    private void health(org.eclipse.jetty.server.Response response, Callback callback) {
        checkHealth().copy().completeOnTimeout(false, HEALTH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((ok, failure) -> {
                    boolean up = failure == null && Boolean.TRUE.equals(ok);
                    send(response, callback, up ? 200 : 503, TEXT, up ? "ok" : "database unavailable");
                });
    }

    /** The check in progress, or a new one on the health thread: concurrent requests share one check. */
    private CompletableFuture<Boolean> checkHealth() {
        while (true) {
            CompletableFuture<Boolean> current = healthInFlight.get();
            if (current != null) {
                return current;
            }
            CompletableFuture<Boolean> check = new CompletableFuture<>();
            if (healthInFlight.compareAndSet(null, check)) {
                try {
                    healthThread.execute(() -> {
                        boolean ok = callHealthy();
                        healthInFlight.compareAndSet(check, null);
                        check.complete(ok);
                    });
                } catch (RejectedExecutionException e) {
                    healthInFlight.compareAndSet(check, null);
                    check.complete(false);
                }
                return check;
            }
        }
    }

    private boolean callHealthy() {
        try {
            return healthy.getAsBoolean();
        } catch (RuntimeException | LinkageError | AssertionError e) {
            log.warn("health check: the database does not answer: {}", LogText.escape(e.toString(), 300));
            return false;
        }
    }

    // ---- responses -----------------------------------------------------------------------------------------------

    private static void send(org.eclipse.jetty.server.Response response, Callback callback, int status,
                             String contentType, String body) {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        if (contentType != null && bytes.length > 0) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, java.nio.ByteBuffer.wrap(bytes), callback);
    }

    /** An error answer after which the connection closes (the rest of the request is not read). */
    private static void fail(org.eclipse.jetty.server.Response response, Callback callback, int status, String body) {
        response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        send(response, callback, status, TEXT, body);
    }

    /** Stops accepting, lets requests in progress finish (up to 2 s), then stops the threads. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            log.warn("stopping the HTTP server: {}", LogText.escape(e.toString(), 300));
        } finally {
            connector.close(); // bound in the constructor: released even if start() never ran
            healthThread.shutdownNow();
        }
    }
}
