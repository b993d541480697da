package dev.checklistbot.slack;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Slack HTTP edge against the whole bot on 127.0.0.1 (issue 10): slow and idle clients hold no request thread
 * and are cut; nothing of an unauthenticated request reaches the log; the signature and a two-sided timestamp
 * window are checked before anything parses the body; a signed but malformed request is acknowledged with one
 * warning and changes nothing.
 */
class SlackHttpEdgeTest {
    private static final String C = "C0EDGE0001";
    private static final String ALICE = "U0ALICE001";
    /** Every line the application's log pattern writes starts with its UTC timestamp and a level. */
    private static final Pattern LOG_LINE = Pattern.compile(
            "^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z (TRACE|DEBUG|INFO |WARN |ERROR) \\[.*");
    private static final Duration ACK_LIMIT = Duration.ofSeconds(3);

    @TempDir
    Path dir;
    private BotHarness bot;
    private SignedSlack slack;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Socket> sockets = new ArrayList<>();

    @BeforeEach
    void startBot() throws Exception {
        bot = new BotHarness(dir);
        slack = bot.client;
    }

    @AfterEach
    void stopBot() {
        sockets.forEach(SlackHttpEdgeTest::closeQuietly);
        bot.close();
    }

    // ---- 1. slow clients ----------------------------------------------------------------------------------------

    @Test
    void fiveHundredSlowClientsNeitherDelayASignedCommandNorHealthAndEverySlowOrIdleConnectionIsCut() throws Exception {
        Socket idle = connect();
        for (int i = 0; i < 500; i++) {
            Socket socket = connect();
            OutputStream out = socket.getOutputStream();
            if (i % 2 == 0) {
                // headers that never end
                out.write(("POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "X-Slack-Request-Timest").getBytes(StandardCharsets.US_ASCII));
            } else {
                // a body shorter than its Content-Length
                out.write(("POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n"
                        + "X-Slack-Request-Timestamp: " + SignedSlack.now() + "\r\nX-Slack-Signature: v0=00\r\n\r\n"
                        + "token=abc&team_id=T").getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
        }

        long start = System.nanoTime();
        HttpResponse<String> ack = slack.command(C, ALICE, "");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(ack.statusCode()).as("ack status, body %s", ack.body()).isEqualTo(200);
        assertThat(took).as("ack time with 500 slow clients held").isLessThan(ACK_LIMIT);
        assertThat(slack.get("/health").statusCode()).isEqualTo(200);
        assertThat(bot.activeRun(C)).isPresent();

        // the server cuts them all: the idle one and the 500 slow ones read end-of-stream within a deadline
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        assertThat(awaitClosedByServer(idle, deadline)).as("idle connection closed by the server").isTrue();
        int open = 0;
        for (Socket socket : sockets) {
            if (socket != idle && !awaitClosedByServer(socket, deadline)) {
                open++;
            }
        }
        assertThat(open).as("slow connections still open after the deadline").isZero();
    }

    // ---- 2. the log ----------------------------------------------------------------------------------------------

    @Test
    void noByteOfAnUnauthenticatedRequestReachesTheLogAndNoLineCanBeForged() throws Exception {
        String marker = "QZXMARKERQZX";
        String big = "text=" + marker.repeat(1_000_000 / marker.length());
        String forged = "hello\n2030-01-01T00:00:00.000Z ERROR [main] d.c.slack.Fake - FORGED LINE\r\nFORGED LINE 2";
        try (LogCapture log = new LogCapture()) {
            for (int i = 0; i < 20; i++) {
                assertThat(post("application/x-www-form-urlencoded", big, Map.of()).statusCode()).isEqualTo(401);
            }
            assertThat(post("application/x-www-form-urlencoded", forged, Map.of()).statusCode()).isEqualTo(401);
            assertThat(slack.sendSigned("application/x-www-form-urlencoded", forged, Map.of(), SignedSlack.now(),
                    "v0=" + "1".repeat(64)).statusCode()).isEqualTo(401);
            assertThat(slack.sendSigned("text/plain", big, Map.of(), SignedSlack.now(), "v0=" + "2".repeat(64))
                    .statusCode()).isEqualTo(401);

            assertThat(log.text()).doesNotContain(marker).doesNotContain("FORGED").doesNotContain("hello");
            assertThat(log.lines()).allSatisfy(line -> assertThat(line).matches(LOG_LINE));
            assertThat(log.bytes()).as("bytes logged for 23 rejected requests").isLessThan(4_000);
            assertThat(log.text()).doesNotContain(" ERROR ");
        }
        assertThat(bot.runs(false, 10)).isEmpty();
    }

    // ---- 3. verify first -----------------------------------------------------------------------------------------

    @Test
    void anUnsignedOrBadlySignedRequestIs401WhateverItsBodyAndLogsNoneOfIt() throws Exception {
        List<String> bodies = List.of("[1,2,3]", "{\"type\":\"event_callback\"}", "%ZZ", "payload={not-json",
                "payload=%7B%22type%22%3A%22view_submission%22%7D", "", "{", "command=/backup-checklist&text=",
                "\u0000\u0001\u001b[31m");
        try (LogCapture log = new LogCapture()) {
            for (String body : bodies) {
                assertThat(post("application/x-www-form-urlencoded", body, Map.of()).statusCode())
                        .as("unsigned %s", body).isEqualTo(401);
                assertThat(slack.sendSigned("application/json", body, Map.of(), SignedSlack.now(), "v0=" + "0".repeat(64))
                        .statusCode()).as("forged signature, %s", body).isEqualTo(401);
                assertThat(slack.sendSigned("application/json", body, Map.of(), SignedSlack.now(), "garbage")
                        .statusCode()).as("malformed signature, %s", body).isEqualTo(401);
                assertThat(new SignedSlack("another-secret-of-some-length", bot.port())
                        .send("application/json", body, Map.of(), SignedSlack.now()).statusCode())
                        .as("signed with another secret, %s", body).isEqualTo(401);
            }
            assertThat(log.text()).doesNotContain(" ERROR ").doesNotContain("not-json").doesNotContain("[1,2,3]")
                    .doesNotContain("view_submission").doesNotContain("%ZZ").doesNotContain("\u001b");
            assertThat(log.lines()).allSatisfy(line -> assertThat(line).matches(LOG_LINE).hasSizeLessThan(400));
            assertThat(log.lines()).as("rejections are logged at most once in a while").hasSizeLessThanOrEqualTo(2);
        }
        assertThat(bot.runs(false, 10)).isEmpty();
        assertThat(bot.slack.chatCalls()).isEmpty();
    }

    @Test
    void aSignedButMalformedRequestIsAcknowledgedWithOneBoundedWarningAndChangesNothing() throws Exception {
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("a JSON array", "[1,2,3]");
        bodies.put("an event_callback without event", "{\"type\":\"event_callback\"}");
        bodies.put("an event without type", "{\"type\":\"event_callback\",\"event\":{\"user\":\"U1\"}}");
        bodies.put("JSON without type", "{\"token\":\"x\",\"team_id\":\"T0FAKE\"}");
        ObjectNode stringItem = SignedSlack.JSON.createObjectNode().put("type", "reaction_added").put("user", ALICE)
                .put("reaction", "white_check_mark").put("item", "not-an-object").put("event_ts", "1800000000.000100");
        bodies.put("a reaction whose item is a string", slack.envelope(SignedSlack.eventId(), stringItem));
        bodies.put("a percent sign that decodes to nothing", "%ZZ");
        bodies.put("payload that is not JSON", "payload={not-json");
        bodies.put("a view_submission without view", "payload=" + SignedSlack.enc("{\"type\":\"view_submission\"}"));
        bodies.put("a view_submission nobody handles", "payload=" + SignedSlack.enc(
                "{\"type\":\"view_submission\",\"team\":{\"id\":\"T0FAKE\"},\"user\":{\"id\":\"U0ALICE001\"},"
                        + "\"view\":{\"id\":\"V1\",\"type\":\"modal\",\"callback_id\":\"unknown_modal\"}}"));
        bodies.put("a block action nobody handles", "payload=" + SignedSlack.enc(
                "{\"type\":\"block_actions\",\"team\":{\"id\":\"T0FAKE\"},\"user\":{\"id\":\"U0ALICE001\"},"
                        + "\"actions\":[{\"action_id\":\"unknown_action\",\"block_id\":\"b\",\"type\":\"button\","
                        + "\"value\":\"v\"}],\"response_url\":\"http://127.0.0.1:9/x\"}"));
        bodies.put("a slash command nobody handles", SignedSlack.form(Map.of("command", "/another-command", "text", "",
                "channel_id", C, "user_id", ALICE, "team_id", FakeSlack.TEAM)));
        bodies.put("a body that forges a log line",
                "hello\n2030-01-01T00:00:00.000Z ERROR [main] d.c.slack.Fake - FORGED LINE\rFORGED LINE 2");
        bodies.put("an empty body", "");

        try (LogCapture log = new LogCapture()) {
            for (Map.Entry<String, String> body : bodies.entrySet()) {
                int before = log.lines().size();
                String contentType = body.getValue().startsWith("{") || body.getValue().startsWith("[")
                        ? "application/json" : "application/x-www-form-urlencoded";
                HttpResponse<String> response = slack.send(contentType, body.getValue(), Map.of(), SignedSlack.now());
                assertThat(response.statusCode()).as("%s: status, body %s", body.getKey(), response.body()).isEqualTo(200);
                List<String> lines = log.lines().subList(before, log.lines().size());
                assertThat(lines).as("%s: what was logged", body.getKey()).hasSize(1);
                assertThat(lines.get(0)).as(body.getKey()).matches(LOG_LINE).contains(" WARN ").hasSizeLessThan(600);
            }
            assertThat(log.text()).doesNotContain(" ERROR ").doesNotContain("FORGED").doesNotContain("\tat ");
        }
        assertThat(bot.runs(false, 10)).isEmpty();
        assertThat(bot.slack.chatCalls()).isEmpty();
        assertThat(slack.get("/health").statusCode()).isEqualTo(200);
    }

    // ---- 4. the timestamp window ---------------------------------------------------------------------------------

    @Test
    void aTimestampMoreThanFiveMinutesAwayInEitherDirectionIsRefused() {
        String form = SignedSlack.form(Map.of("command", "/backup-checklist", "text", "", "channel_id", C,
                "user_id", ALICE, "team_id", FakeSlack.TEAM, "trigger_id", "1.2.3"));
        long now = SignedSlack.now();
        for (long offset : new long[] {600, 86_400, 365L * 86_400, -600, 301, -301}) {
            HttpResponse<String> response = slack.send("application/x-www-form-urlencoded", form, Map.of(), now + offset);
            assertThat(response.statusCode()).as("timestamp now %+d s", offset).isEqualTo(401);
        }
        assertThat(bot.runs(false, 10)).isEmpty();
        // within the window either way: accepted
        assertThat(slack.send("application/x-www-form-urlencoded", form, Map.of(), now + 60).statusCode()).isEqualTo(200);
        assertThat(bot.runs(false, 10)).hasSize(1);
    }

    @Test
    void aMissingOrMalformedTimestampOrSignatureIsRefused() throws Exception {
        String body = SignedSlack.form(Map.of("command", "/backup-checklist", "text", "", "channel_id", C,
                "user_id", ALICE, "team_id", FakeSlack.TEAM));
        String now = String.valueOf(SignedSlack.now());
        String signature = slack.sign(Long.parseLong(now), body);
        String form = "application/x-www-form-urlencoded";
        assertThat(post(form, body, Map.of("X-Slack-Signature", signature)).statusCode()).as("no timestamp").isEqualTo(401);
        assertThat(post(form, body, Map.of("X-Slack-Request-Timestamp", now)).statusCode()).as("no signature").isEqualTo(401);
        for (String timestamp : new String[] {"abc", "", " " + now, now + ".5", "-" + now, "1e9", "99999999999999999999"}) {
            assertThat(post(form, body, Map.of("X-Slack-Request-Timestamp", timestamp,
                    "X-Slack-Signature", hmac(timestamp, body))).statusCode()).as("timestamp '%s'", timestamp).isEqualTo(401);
        }
        for (String bad : new String[] {"", "v0=", "v1=" + signature.substring(3), signature.toUpperCase(),
                signature + "00", signature.substring(0, signature.length() - 1)}) {
            assertThat(post(form, body, Map.of("X-Slack-Request-Timestamp", now, "X-Slack-Signature", bad)).statusCode())
                    .as("signature '%s'", bad).isEqualTo(401);
        }
        assertThat(bot.runs(false, 10)).isEmpty();
        assertThat(post(form, body, Map.of("X-Slack-Request-Timestamp", now, "X-Slack-Signature", signature)).statusCode())
                .as("the same request, correctly signed").isEqualTo(200);
    }

    // ---- the rest of the edge ------------------------------------------------------------------------------------

    @Test
    void aDeclaredBodyOverOneMebibyteIs413BeforeItIsSentAndAChunkedOneIsCutAtOneMebibyte() throws Exception {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(("POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 2000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            assertThat(statusLine(socket)).startsWith("HTTP/1.1 413");
        }
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = "x".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
            try {
                for (int i = 0; i < 17; i++) {
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (SocketException e) {
                // the server answered and closed before the whole body was sent: read its answer
            }
            assertThat(statusLine(socket)).startsWith("HTTP/1.1 413");
        }
        // a body of exactly 1 MiB is still read (and refused for its missing signature)
        assertThat(post("application/json", "x".repeat(1 << 20), Map.of()).statusCode()).isEqualTo(401);
    }

    @Test
    void otherPathsAndMethodsAre404And405() throws Exception {
        assertThat(send(HttpRequest.newBuilder(uri("/nowhere")).GET()).statusCode()).isEqualTo(404);
        assertThat(send(HttpRequest.newBuilder(uri("/slack/events/more")).POST(HttpRequest.BodyPublishers.ofString("x")))
                .statusCode()).isEqualTo(404);
        HttpResponse<String> getEvents = send(HttpRequest.newBuilder(uri("/slack/events")).GET());
        assertThat(getEvents.statusCode()).isEqualTo(405);
        assertThat(getEvents.headers().firstValue("Allow")).hasValue("POST");
        HttpResponse<String> postHealth = send(HttpRequest.newBuilder(uri("/health")).POST(HttpRequest.BodyPublishers.ofString("")));
        assertThat(postHealth.statusCode()).isEqualTo(405);
        assertThat(postHealth.headers().firstValue("Allow")).hasValue("GET, HEAD");
        assertThat(send(HttpRequest.newBuilder(uri("/health")).method("HEAD", HttpRequest.BodyPublishers.noBody()))
                .statusCode()).isEqualTo(200);
        HttpResponse<String> health = send(HttpRequest.newBuilder(uri("/health")).GET());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("ok");
    }

    @Test
    void aHealthCheckThatThrowsIs503AndOneThatHangsHoldsNoRequestThread() throws Exception {
        AtomicInteger checks = new AtomicInteger();
        try (SlackHttpServer server = new SlackHttpServer("127.0.0.1", 0, null, () -> {
            checks.incrementAndGet();
            throw new IllegalStateException("database\nFORGED LINE");
        })) {
            server.start();
            try (LogCapture log = new LogCapture()) {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + server.address().getPort() + "/health")).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(health.statusCode()).isEqualTo(503);
                assertThat(checks).hasValue(1);
                assertThat(log.lines()).allSatisfy(line -> assertThat(line).matches(LOG_LINE));
                assertThat(log.text()).doesNotContain("\nFORGED");
            }
            // Socket Mode: no Slack endpoint
            assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort()
                    + "/slack/events")).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        }

        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (SlackHttpServer server = new SlackHttpServer("127.0.0.1", 0, null, () -> {
            entered.countDown();
            try {
                return release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        })) {
            server.start();
            String base = "http://127.0.0.1:" + server.address().getPort();
            List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
            for (int i = 0; i < 2 * SlackHttpServer.THREADS; i++) {
                waiting.add(http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/health"))
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()));
            }
            assertThat(entered.await(10, TimeUnit.SECONDS)).as("a health check is under way").isTrue();
            // while twice as many health requests as request threads wait for it, the server still answers at once
            HttpResponse<String> other = http.send(HttpRequest.newBuilder(URI.create(base + "/elsewhere"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(other.statusCode()).isEqualTo(404);
            release.countDown();
            for (CompletableFuture<HttpResponse<String>> response : waiting) {
                assertThat(response.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            }
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        sockets.add(socket);
        socket.connect(new InetSocketAddress("127.0.0.1", bot.port()), 5_000);
        return socket;
    }

    /** Reads (and drops) what the server sends until it closes the connection or the deadline passes. */
    private static boolean awaitClosedByServer(Socket socket, long deadlineNanos) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        while (true) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
            if (left <= 0) {
                return false;
            }
            socket.setSoTimeout((int) Math.max(1, left));
            try {
                if (in.read(buffer) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                return false;
            } catch (SocketException e) {
                return true; // reset by the server: closed too
            }
        }
    }

    private static String statusLine(Socket socket) throws IOException {
        socket.setSoTimeout(10_000);
        InputStream in = socket.getInputStream();
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            line.append((char) c);
        }
        return line.toString().trim();
    }

    private URI uri(String path) {
        return URI.create(slack.baseUrl() + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** POSTs to /slack/events with exactly the headers given (no signature unless given). */
    private HttpResponse<String> post(String contentType, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/slack/events")).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return send(request);
    }

    private static String hmac(String timestamp, String body) {
        return new com.slack.api.app_backend.SlackSignature.Generator(BotHarness.SECRET).generate(timestamp, body);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
