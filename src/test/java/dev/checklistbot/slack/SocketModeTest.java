package dev.checklistbot.slack;

import dev.checklistbot.testing.Await;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checklistbot.checklist.ChecklistLoader;
import dev.checklistbot.cli.Serving;
import dev.checklistbot.run.Run;
import dev.checklistbot.run.StepStatus;
import dev.checklistbot.store.JdbcRunStore;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Socket Mode on loopback: apps.connections.open points the bot at a local WebSocket that plays Slack. */
class SocketModeTest {
    @TempDir
    Path dir;

    /** Slack's side of the Socket Mode connection: says hello, sends envelopes, records the acks. */
    static final class FakeSocket extends WebSocketServer {
        final CountDownLatch started = new CountDownLatch(1);
        final List<JsonNode> received = new CopyOnWriteArrayList<>();
        volatile WebSocket connection;

        FakeSocket() {
            super(new InetSocketAddress("127.0.0.1", 0));
            setReuseAddr(true);
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            connection = conn;
            conn.send("{\"type\":\"hello\",\"num_connections\":1,\"debug_info\":{\"host\":\"applink-fake\"},"
                    + "\"connection_info\":{\"app_id\":\"A0FAKE\"}}");
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        }

        @Override
        public void onMessage(WebSocket conn, String message) {
            try {
                received.add(SignedSlack.JSON.readTree(message));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void onError(WebSocket conn, Exception ex) {
        }

        @Override
        public void onStart() {
            started.countDown();
        }

        JsonNode ack(String envelopeId) {
            return Await.value("ack of " + envelopeId, () -> received.stream()
                    .filter(n -> envelopeId.equals(n.path("envelope_id").asText())).findFirst().orElse(null));
        }
    }

    @Test
    void slashCommandsAndEventsArriveOverSocketModeAndAreAcknowledged() throws Exception {
        FakeSocket socket = new FakeSocket();
        socket.start();
        assertThat(socket.started.await(10, TimeUnit.SECONDS)).isTrue();
        try (FakeSlack api = new FakeSlack();
             JdbcRunStore store = JdbcRunStore.open(dir.resolve("bot.db").toString())) {
            api.socketModeUrl = "ws://127.0.0.1:" + socket.getPort() + "/link";
            SlackBotConfig config = new SlackBotConfig(BotHarness.BOT_TOKEN, null,
                    "xapp-1-A0FAKE-0000-socket-token-for-tests", api.apiUrl(), "/backup-checklist", null);
            try (Serving bot = Serving.start(config, null, new Serving.Options("127.0.0.1", 0, "/backup-checklist", 2),
                    new ChecklistLoader().loadDirectory(Path.of("checklists")).catalog(), store, Clock.systemUTC())) {
                Await.until("socket connected", () -> socket.connection != null);

                ObjectNode command = SignedSlack.JSON.createObjectNode();
                command.put("token", "unused").put("team_id", FakeSlack.TEAM).put("team_domain", "fake")
                        .put("channel_id", "C0SOCKET01").put("channel_name", "ops").put("user_id", "U0ALICE001")
                        .put("user_name", "alice").put("command", "/backup-checklist").put("text", "")
                        .put("api_app_id", "A0FAKE").put("response_url", "http://127.0.0.1:9/r")
                        .put("trigger_id", "1.2.3");
                ObjectNode envelope = SignedSlack.JSON.createObjectNode();
                envelope.put("envelope_id", "env-1").put("type", "slash_commands").put("accepts_response_payload", true);
                envelope.set("payload", command);
                socket.connection.send(envelope.toString());

                JsonNode ack = socket.ack("env-1");
                assertThat(ack.at("/payload/response_type").asText()).isEqualTo("ephemeral");
                assertThat(ack.at("/payload/text").asText()).contains("Started");
                Await.until("step 1 posted", () -> api.delivered("chat.postMessage", "C0SOCKET01").size() == 2);
                Run run = store.read(r -> r.activeRun("C0SOCKET01")).orElseThrow();
                String ts1 = Await.value("step 1 recorded", () -> store.find(run.id(), 1).map(m -> m.messageId()).orElse(null));

                SignedSlack events = new SignedSlack("unused", 1);
                ObjectNode reaction = (ObjectNode) SignedSlack.JSON.readTree(events.reactionBody("Ev0SOCKET01",
                        "reaction_added", "U0BOB00001", "white_check_mark", "C0SOCKET01", ts1));
                ObjectNode eventEnvelope = SignedSlack.JSON.createObjectNode();
                eventEnvelope.put("envelope_id", "env-2").put("type", "events_api")
                        .put("accepts_response_payload", false).put("retry_attempt", 0).put("retry_reason", "");
                eventEnvelope.set("payload", reaction);
                socket.connection.send(eventEnvelope.toString());

                socket.ack("env-2");
                Await.until("step 1 done", () -> store.read(r -> r.run(run.id())).orElseThrow().step(1).status()
                        == StepStatus.DONE);
                assertThat(new SignedSlack("unused", bot.port()).get("/health").statusCode()).isEqualTo(200);
            }
        } finally {
            socket.stop(1000);
        }
    }
}
