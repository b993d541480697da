package dev.checklistbot.slack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Plays Slack: sends correctly signed requests (slash commands as forms, block_actions as {@code payload=},
 * events as JSON) to the bot, in the shapes Slack really sends.
 */
final class SignedSlack {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong SEQ = new AtomicLong();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String secret;
    private volatile String url;

    SignedSlack(String secret, int port) {
        this.secret = secret;
        port(port);
    }

    void port(int port) {
        url = "http://127.0.0.1:" + port;
    }

    String baseUrl() {
        return url;
    }

    // ---- payloads as Slack sends them ------------------------------------------------------------------

    HttpResponse<String> command(String channel, String user, String text) {
        return send("application/x-www-form-urlencoded", commandBody(channel, user, text), Map.of(), now());
    }

    /** A slash command's form as Slack sends it, each with a trigger_id of its own. */
    String commandBody(String channel, String user, String text) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", "verification-token-unused");
        form.put("team_id", FakeSlack.TEAM);
        form.put("team_domain", "fake");
        form.put("channel_id", channel);
        form.put("channel_name", "ops");
        form.put("user_id", user);
        form.put("user_name", user.toLowerCase());
        form.put("command", "/backup-checklist");
        form.put("text", slackEscape(text));
        form.put("api_app_id", "A0FAKE");
        form.put("is_enterprise_install", "false");
        form.put("response_url", "http://127.0.0.1:9/commands/T0FAKE/1/x");
        form.put("trigger_id", "13345224609.738474920." + String.format("%031x", SEQ.incrementAndGet()));
        return form(form);
    }

    static String eventId() {
        return "Ev" + String.format("%010d", SEQ.incrementAndGet());
    }

    String reactionBody(String eventId, String type, String user, String reaction, String channel, String ts) {
        ObjectNode event = JSON.createObjectNode();
        event.put("type", type).put("user", user).put("reaction", reaction).put("item_user", FakeSlack.BOT_USER);
        event.putObject("item").put("type", "message").put("channel", channel).put("ts", ts);
        event.put("event_ts", eventTs());
        return envelope(eventId, event);
    }

    HttpResponse<String> reaction(String user, String reaction, String channel, String ts) {
        return event(reactionBody(eventId(), "reaction_added", user, reaction, channel, ts));
    }

    HttpResponse<String> reactionRemoved(String user, String reaction, String channel, String ts) {
        return event(reactionBody(eventId(), "reaction_removed", user, reaction, channel, ts));
    }

    HttpResponse<String> threadReply(String user, String channel, String threadTs, String text) {
        return event(threadReplyBody(eventId(), user, channel, threadTs, text));
    }

    /** A person's reply in a thread, as the Events API delivers it. */
    String threadReplyBody(String eventId, String user, String channel, String threadTs, String text) {
        ObjectNode event = JSON.createObjectNode();
        String ts = eventTs();
        event.put("client_msg_id", UUID.randomUUID().toString()).put("type", "message").put("text", slackEscape(text))
                .put("user", user).put("ts", ts).put("team", FakeSlack.TEAM).put("thread_ts", threadTs)
                .put("parent_user_id", FakeSlack.BOT_USER).put("channel", channel).put("event_ts", ts)
                .put("channel_type", "channel");
        return envelope(eventId, event);
    }

    HttpResponse<String> event(String body) {
        return send("application/json", body, Map.of(), now());
    }

    String envelope(String eventId, ObjectNode event) {
        ObjectNode root = JSON.createObjectNode();
        root.put("token", "verification-token-unused").put("team_id", FakeSlack.TEAM).put("api_app_id", "A0FAKE");
        root.set("event", event);
        root.put("type", "event_callback").put("event_id", eventId).put("event_time", System.currentTimeMillis() / 1000);
        root.putArray("authorizations").addObject().putNull("enterprise_id").put("team_id", FakeSlack.TEAM)
                .put("user_id", FakeSlack.BOT_USER).put("is_bot", true).put("is_enterprise_install", false);
        root.put("is_ext_shared_channel", false).put("event_context", "4-eyJldCI6InJlYWN0aW9uX2FkZGVkIn0");
        return root.toString();
    }

    /** A view_submission payload as Slack sends it when a person submits a modal the bot opened. */
    String viewSubmissionBody(String user, String viewId, String callbackId, String privateMetadata, String blockId,
                              String actionId, String value) {
        ObjectNode root = JSON.createObjectNode();
        root.put("type", "view_submission");
        root.putObject("team").put("id", FakeSlack.TEAM).put("domain", "fake");
        root.putObject("user").put("id", user).put("username", user.toLowerCase()).put("name", user.toLowerCase())
                .put("team_id", FakeSlack.TEAM);
        root.put("api_app_id", "A0FAKE").put("token", "verification-token-unused")
                .put("trigger_id", "12466734323.1395872398.b5c9d9e2b0b8b4b0d5b7e2f1");
        ObjectNode view = root.putObject("view");
        view.put("id", viewId).put("team_id", FakeSlack.TEAM).put("type", "modal").put("callback_id", callbackId)
                .put("private_metadata", privateMetadata).put("hash", "156772938.1827394").put("app_id", "A0FAKE")
                .put("bot_id", FakeSlack.BOT_ID);
        view.putArray("blocks");
        view.putObject("state").putObject("values").putObject(blockId).putObject(actionId)
                .put("type", "plain_text_input").put("value", value);
        root.putArray("response_urls");
        root.put("is_enterprise_install", false);
        return "payload=" + enc(root.toString());
    }

    HttpResponse<String> viewSubmission(String body) {
        return send("application/x-www-form-urlencoded", body, Map.of(), now());
    }

    HttpResponse<String> button(String user, String channel, String messageTs, String actionId, String value) {
        return send("application/x-www-form-urlencoded", buttonBody(user, channel, messageTs, actionId, value), Map.of(),
                now());
    }

    /** A block_actions payload as Slack sends it for a click on a step button. */
    String buttonBody(String user, String channel, String messageTs, String actionId, String value) {
        ObjectNode root = JSON.createObjectNode();
        root.put("type", "block_actions");
        root.putObject("user").put("id", user).put("username", user.toLowerCase()).put("name", user.toLowerCase())
                .put("team_id", FakeSlack.TEAM);
        root.put("api_app_id", "A0FAKE").put("token", "verification-token-unused");
        root.putObject("container").put("type", "message").put("message_ts", messageTs).put("channel_id", channel)
                .put("is_ephemeral", false);
        root.put("trigger_id", "12466734323.1395872398.a5c9d9e2b0b8b4b0d5b7e2f1");
        root.putObject("team").put("id", FakeSlack.TEAM).put("domain", "fake");
        root.putNull("enterprise");
        root.put("is_enterprise_install", false);
        root.putObject("channel").put("id", channel).put("name", "ops");
        root.putObject("message").put("type", "message").put("ts", messageTs).put("bot_id", FakeSlack.BOT_ID)
                .put("user", FakeSlack.BOT_USER).put("text", "Step");
        root.putObject("state").putObject("values");
        root.put("response_url", "http://127.0.0.1:9/actions/T0FAKE/1/x");
        ObjectNode action = root.putArray("actions").addObject();
        action.put("action_id", actionId).put("block_id", "step_actions").put("value", value).put("type", "button")
                .put("action_ts", eventTs());
        action.putObject("text").put("type", "plain_text").put("text", "Done").put("emoji", true);
        return "payload=" + enc(root.toString());
    }

    /**
     * A view_submission payload as Slack sends it when a person submits a modal the bot opened: {@code opened} is
     * the view as views.open sent it, {@code values} its state ({@code {block_id: {action_id: value}}}).
     */
    String viewSubmissionBody(String user, String viewId, com.fasterxml.jackson.databind.JsonNode opened,
                              ObjectNode values) {
        ObjectNode root = JSON.createObjectNode();
        root.put("type", "view_submission");
        root.putObject("team").put("id", FakeSlack.TEAM).put("domain", "fake");
        root.putObject("user").put("id", user).put("username", user.toLowerCase()).put("name", user.toLowerCase())
                .put("team_id", FakeSlack.TEAM);
        root.put("api_app_id", "A0FAKE").put("token", "verification-token-unused")
                .put("trigger_id", "12466734323.1395872398.b6d0e0f3c1c9c5c1e6c8f3a2");
        ObjectNode view = root.putObject("view");
        view.setAll((ObjectNode) opened.deepCopy());
        view.put("id", viewId).put("team_id", FakeSlack.TEAM).put("hash", "156772938.1827394")
                .put("root_view_id", viewId).put("app_id", "A0FAKE").put("bot_id", FakeSlack.BOT_ID);
        view.putObject("state").set("values", values);
        root.putArray("response_urls");
        root.put("is_enterprise_install", false);
        root.putNull("enterprise");
        return "payload=" + enc(root.toString());
    }

    // ---- signing and sending --------------------------------------------------------------------------

    HttpResponse<String> send(String contentType, String body, Map<String, String> extraHeaders, long timestamp) {
        return sendSigned(contentType, body, extraHeaders, timestamp, sign(timestamp, body));
    }

    HttpResponse<String> sendSigned(String contentType, String body, Map<String, String> extraHeaders, long timestamp,
                                    String signature) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + "/slack/events"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", contentType)
                .header("X-Slack-Request-Timestamp", String.valueOf(timestamp))
                .header("X-Slack-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        extraHeaders.forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String sign(long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal(("v0:" + timestamp + ":" + body).getBytes(StandardCharsets.UTF_8));
            return "v0=" + HexFormat.of().formatHex(digest);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static long now() {
        return System.currentTimeMillis() / 1000;
    }

    private static String eventTs() {
        long n = SEQ.incrementAndGet();
        return (1_800_000_000L + n) + "." + String.format("%06d", n);
    }

    /** Slack escapes &, < and > in what people type; mentions it resolved stay raw. */
    static String slackEscape(String text) {
        return text.replace("&", "&amp;");
    }

    static String form(Map<String, String> form) {
        return form.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
