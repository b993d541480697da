package dev.checklistbot.slack;

import dev.checklistbot.testing.Await;
import dev.checklistbot.run.Run;
import dev.checklistbot.run.RunEvent;
import dev.checklistbot.run.StepStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signed requests that a careless or hostile client, a replaying attacker or a bad moment can produce, against the
 * real bot on 127.0.0.1 (issue 10, findings 3, 4, 7, 8 and 9): each gets a clear answer, changes nothing it should
 * not, and never loses what a person did.
 */
class SlackHostileRequestsTest {
    private static final String C = "C0OPS00001";
    private static final String C2 = "C0OTHER001";
    private static final String ALICE = "U0ALICE001";
    private static final String BOB = "U0BOB00001";

    @TempDir
    Path dir;
    private BotHarness bot;
    private SignedSlack slack;
    private FakeSlack api;

    @BeforeEach
    void startBot() throws Exception {
        bot = new BotHarness(dir);
        slack = bot.client;
        api = bot.slack;
    }

    @AfterEach
    void stopBot() {
        bot.close();
    }

    private Run startRun(String channel) {
        HttpResponse<String> response = slack.command(channel, ALICE, "");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("Started");
        bot.messageTs(channel, 1);
        return bot.activeRun(channel).orElseThrow();
    }

    private long count(long runId, RunEvent.Type type) {
        return bot.events(runId).stream().filter(e -> e.type() == type).count();
    }

    // ---- finding 4: replays ----

    @Test
    void theSameSignedSlashCommandSentThreeTimesIsAppliedOnce() {
        Run run = startRun(C);
        String body = slack.commandBody(C, ALICE, "done");
        long timestamp = SignedSlack.now();
        String signature = slack.sign(timestamp, body);
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> response = slack.sendSigned("application/x-www-form-urlencoded", body, Map.of(),
                    timestamp, signature);
            assertThat(response.statusCode()).isEqualTo(200);
        }
        Run after = bot.lastRun(C);
        assertThat(after.step(1).status()).isEqualTo(StepStatus.DONE);
        assertThat(after.step(2).status()).isEqualTo(StepStatus.PENDING);
        assertThat(count(run.id(), RunEvent.Type.STEP_DONE)).isEqualTo(1);
    }

    @Test
    void aReplayedButtonClickOrEventChangesNothingAndSaysNothing() {
        Run run = startRun(C);
        String click = slack.buttonBody(ALICE, C, bot.messageTs(C, 1), SlackBlocks.ACTION_DONE, run.id() + ":1");
        String reaction = slack.reactionBody(SignedSlack.eventId(), "reaction_added", BOB, "white_check_mark", C,
                bot.messageTs(C, 1));
        for (int i = 0; i < 2; i++) {
            assertThat(slack.send("application/x-www-form-urlencoded", click, Map.of(), SignedSlack.now()).statusCode())
                    .isEqualTo(200);
            assertThat(slack.event(reaction).statusCode()).isEqualTo(200);
        }
        bot.awaitDelivered();
        assertThat(count(run.id(), RunEvent.Type.STEP_DONE)).isEqualTo(1);
        assertThat(count(run.id(), RunEvent.Type.STEP_CONFIRMED)).isEqualTo(1);
        assertThat(bot.lastRun(C).step(1).confirmers()).hasSize(1);
        assertThat(bot.lastRun(C).step(2).status()).isEqualTo(StepStatus.PENDING);
        assertThat(api.calls("chat.postEphemeral")).isEmpty();
    }

    // ---- finding 3: signed but malformed ----

    @Test
    void aSignedCommandWithoutItsUserOrChannelIsAnsweredTruthfullyAndChangesNothing() {
        for (String missing : new String[] {"user_id", "channel_id", "trigger_id"}) {
            Map<String, String> form = new LinkedHashMap<>(Map.of("command", "/backup-checklist", "text", "start backup",
                    "team_id", FakeSlack.TEAM, "user_id", ALICE, "channel_id", C, "trigger_id", "1.2.3",
                    "response_url", "http://127.0.0.1:9/r"));
            form.remove(missing);
            HttpResponse<String> response = slack.send("application/x-www-form-urlencoded", SignedSlack.form(form),
                    Map.of(), SignedSlack.now());
            assertThat(response.statusCode()).as(missing).isEqualTo(200);
            assertThat(response.body()).as(missing).contains("nothing was changed").doesNotContain("database");
        }
        assertThat(bot.runs(false, 10)).isEmpty();
        assertThat(api.chatCalls()).isEmpty();
    }

    @Test
    void signedInteractionsNothingHandlesAreAcknowledgedAndChangeNothing() {
        Run run = startRun(C);
        bot.awaitDelivered();
        int calls = api.chatCalls().size();
        String unknownModal = "{\"type\":\"view_submission\",\"team\":{\"id\":\"T0FAKE\"},\"user\":{\"id\":\"" + ALICE
                + "\"},\"view\":{\"id\":\"V1\",\"type\":\"modal\",\"callback_id\":\"not-ours\",\"state\":{\"values\":{}}}}";
        String unknownButton = slack.buttonBody(ALICE, C, bot.messageTs(C, 1), "not_our_action", run.id() + ":1");
        String garbageValue = slack.buttonBody(ALICE, C, bot.messageTs(C, 1), SlackBlocks.ACTION_DONE, "x:y");
        for (String body : new String[] {"payload=" + SignedSlack.enc(unknownModal), unknownButton, garbageValue}) {
            HttpResponse<String> response = slack.send("application/x-www-form-urlencoded", body, Map.of(),
                    SignedSlack.now());
            assertThat(response.statusCode()).as(body).isEqualTo(200);
        }
        var noChannel = SignedSlack.JSON.createObjectNode().put("type", "reaction_added").put("user", ALICE)
                .put("reaction", "white_check_mark").put("event_ts", "1800000000.1");
        noChannel.putObject("item").put("type", "message").put("ts", bot.messageTs(C, 1));
        assertThat(slack.event(slack.envelope(SignedSlack.eventId(), noChannel)).statusCode()).isEqualTo(200);

        assertThat(bot.lastRun(C).step(1).status()).isEqualTo(StepStatus.PENDING);
        assertThat(bot.events(run.id())).hasSize(1);
        assertThat(api.chatCalls()).hasSize(calls);
    }

    // ---- finding 9: a forged button ----

    @Test
    void aButtonNamingAnotherChannelsRunOrAnotherStepIsToldItDoesNotBelongHere() {
        Run here = startRun(C);
        Run there = startRun(C2);
        String ts1 = bot.messageTs(C, 1);
        assertThat(slack.button(ALICE, C, ts1, SlackBlocks.ACTION_DONE, there.id() + ":1").statusCode()).isEqualTo(200);
        Await.until("first answer", () -> api.calls("chat.postEphemeral").size() == 1);
        assertThat(slack.button(ALICE, C, ts1, SlackBlocks.ACTION_DONE, here.id() + ":2").statusCode()).isEqualTo(200);
        Await.until("second answer", () -> api.calls("chat.postEphemeral").size() == 2);

        assertThat(api.calls("chat.postEphemeral")).allSatisfy(answer -> {
            assertThat(answer.param("channel")).isEqualTo(C);
            assertThat(answer.param("user")).isEqualTo(ALICE);
            assertThat(answer.content()).contains("does not belong to this channel's run").doesNotContain("ended");
        });
        assertThat(bot.lastRun(C).steps()).allSatisfy(s -> assertThat(s.status()).isEqualTo(StepStatus.PENDING));
        assertThat(bot.lastRun(C2).steps()).allSatisfy(s -> assertThat(s.status()).isEqualTo(StepStatus.PENDING));
    }

    // ---- finding 7: a locked database ----

    @Test
    void whileAnotherProcessHoldsTheWriteLockCommandsAreToldToTryAgainInTimeAndEventsComeBack() throws Exception {
        Run run = startRun(C);
        bot.awaitDelivered();
        String reaction = slack.reactionBody(SignedSlack.eventId(), "reaction_added", BOB, "white_check_mark", C,
                bot.messageTs(C, 1));
        HttpResponse<String> command;
        HttpResponse<String> event;
        long commandNanos;
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + bot.dbFile());
             Statement lock = other.createStatement()) {
            lock.execute("BEGIN IMMEDIATE");
            long start = System.nanoTime();
            command = slack.command(C, ALICE, "done");
            commandNanos = System.nanoTime() - start;
            event = slack.event(reaction);
            lock.execute("ROLLBACK");
        }
        // Slack's hard limit is 3 s for the ack; the answer says what happened.
        assertThat(Duration.ofNanos(commandNanos)).isLessThan(Duration.ofSeconds(3));
        assertThat(command.statusCode()).isEqualTo(200);
        assertThat(command.body()).contains("try again").contains("nothing was changed");
        assertThat(event.statusCode()).as("an event Slack must deliver again").isNotEqualTo(200);
        assertThat(bot.lastRun(C).step(1).status()).isEqualTo(StepStatus.PENDING);
        assertThat(bot.events(run.id())).hasSize(1);

        // Slack's retry of the event, once the lock is gone, is applied, once.
        HttpResponse<String> retry = slack.send("application/json", reaction,
                Map.of("X-Slack-Retry-Num", "1", "X-Slack-Retry-Reason", "http_error"), SignedSlack.now());
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(bot.lastRun(C).step(1).status()).isEqualTo(StepStatus.DONE);
        assertThat(bot.lastRun(C).step(1).finishedBy().id()).isEqualTo(BOB);
        assertThat(count(run.id(), RunEvent.Type.STEP_DONE)).isEqualTo(1);
    }

    // ---- finding 8: an action before the bot has recorded its message ----

    @Test
    void aReplyOnAStepMessageWhoseRecordIsStillOnItsWayIsNotLost() {
        startRun(C);
        AtomicReference<String> replyBody = new AtomicReference<>();
        AtomicReference<HttpResponse<String>> early = new AtomicReference<>();
        // Step 2's message exists in Slack; before the bot hears Slack's answer, Bob replies "done" in its thread.
        api.beforeAnswering(post -> post.content().contains("Step 2 of 6"), ts2 -> {
            replyBody.set(slack.threadReplyBody(SignedSlack.eventId(), BOB, C, ts2, "done"));
            early.set(slack.event(replyBody.get()));
        });
        assertThat(slack.reaction(ALICE, "white_check_mark", C, bot.messageTs(C, 1)).statusCode()).isEqualTo(200);
        Await.until("the early reply was answered", () -> early.get() != null);

        assertThat(early.get().statusCode()).as("not acknowledged, so that Slack delivers it again").isNotEqualTo(200);
        bot.messageTs(C, 2);
        HttpResponse<String> retry = slack.send("application/json", replyBody.get(),
                Map.of("X-Slack-Retry-Num", "1", "X-Slack-Retry-Reason", "http_error"), SignedSlack.now());
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(bot.lastRun(C).step(2).status()).isEqualTo(StepStatus.DONE);
        assertThat(bot.lastRun(C).step(2).finishedBy().id()).isEqualTo(BOB);
    }
}
