package dev.checklistbot.slack;

import dev.checklistbot.testing.Await;
import dev.checklistbot.run.Run;
import dev.checklistbot.run.RunEvent;
import dev.checklistbot.run.RunStatus;
import dev.checklistbot.run.StepState;
import dev.checklistbot.run.StepStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real bot on 127.0.0.1 (ephemeral port), a fake Slack Web API, signed Slack payloads; assertions on what
 * the fake received and on the database.
 */
class SlackEndToEndTest {
    private static final String C = "C0OPS00001";
    private static final String ALICE = "U0ALICE001";
    private static final String BOB = "U0BOB00001";

    @TempDir
    Path dir;
    BotHarness bot;
    SignedSlack slack;
    FakeSlack api;

    /** The bot under test: Slack only here; a subclass serves Discord from the same process too. */
    protected BotHarness harness(Path dir) throws Exception {
        return new BotHarness(dir);
    }

    @BeforeEach
    void startBot() throws Exception {
        bot = harness(dir);
        slack = bot.client;
        api = bot.slack;
    }

    @AfterEach
    void stopBot() {
        bot.close();
    }

    private static void assertAcked(HttpResponse<String> response) {
        assertThat(response.statusCode()).as("ack status, body %s", response.body()).isEqualTo(200);
    }

    private Run startRun(String channel) {
        HttpResponse<String> response = slack.command(channel, ALICE, "");
        assertAcked(response);
        assertThat(response.body()).contains("\"response_type\":\"ephemeral\"").contains("Started");
        bot.messageTs(channel, 1);
        return bot.activeRun(channel).orElseThrow();
    }

    private StepState step(String channel, int n) {
        return bot.lastRun(channel).step(n);
    }

    private void awaitStep(String channel, int n, StepStatus status) {
        Await.until("step " + n + " " + status, () -> step(channel, n).status() == status);
    }

    @Test
    void aWholeBackupRunThroughReactionsRepliesAndButtonsEndsWithASummaryInBothChannels() {
        Run run = startRun(C);
        assertThat(run.size()).isEqualTo(6);

        // 1: a reaction
        assertAcked(slack.reaction(ALICE, "white_check_mark", C, bot.messageTs(C, 1)));
        awaitStep(C, 1, StepStatus.DONE);
        // 2: a thread reply with a note
        assertAcked(slack.threadReply(BOB, C, bot.messageTs(C, 2), "done, permissions checked"));
        awaitStep(C, 2, StepStatus.DONE);
        // 3: buttons Claim then Done
        String ts3 = bot.messageTs(C, 3);
        String value3 = run.id() + ":3";
        assertAcked(slack.button(ALICE, C, ts3, SlackBlocks.ACTION_CLAIM, value3));
        awaitStep(C, 3, StepStatus.CLAIMED);
        assertAcked(slack.button(ALICE, C, ts3, SlackBlocks.ACTION_DONE, value3));
        awaitStep(C, 3, StepStatus.DONE);
        // 4: 👀, a note in the thread, ✔️
        String ts4 = bot.messageTs(C, 4);
        assertAcked(slack.reaction(BOB, "eyes", C, ts4));
        awaitStep(C, 4, StepStatus.CLAIMED);
        assertAcked(slack.threadReply(BOB, C, ts4, "the job has not finished yet"));
        Await.until("note on step 4", () -> !step(C, 4).notes().isEmpty());
        assertAcked(slack.reaction(BOB, "heavy_check_mark", C, ts4));
        awaitStep(C, 4, StepStatus.DONE);
        // 5 (optional): ⏩
        assertAcked(slack.reaction(ALICE, "fast_forward", C, bot.messageTs(C, 5)));
        awaitStep(C, 5, StepStatus.SKIPPED);
        // 6 (optional): the Skip button
        assertAcked(slack.button(ALICE, C, bot.messageTs(C, 6), SlackBlocks.ACTION_SKIP, run.id() + ":6"));
        Await.until("run completed", () -> bot.lastRun(C).status() == RunStatus.COMPLETED);
        bot.awaitDelivered();

        // the database
        Run done = bot.lastRun(C);
        assertThat(done.steps()).extracting(StepState::status).containsExactly(StepStatus.DONE, StepStatus.DONE,
                StepStatus.DONE, StepStatus.DONE, StepStatus.SKIPPED, StepStatus.SKIPPED);
        assertThat(done.step(1).finishedBy().id()).isEqualTo(ALICE);
        assertThat(done.step(2).finishedBy().id()).isEqualTo(BOB);
        assertThat(done.step(2).notes()).extracting(n -> n.text()).containsExactly("permissions checked");
        assertThat(done.step(3).claimedBy().id()).isEqualTo(ALICE);
        assertThat(done.step(4).notes()).extracting(n -> n.text()).containsExactly("the job has not finished yet");
        List<RunEvent> events = bot.events(done.id());
        assertThat(events).extracting(RunEvent::type).contains(RunEvent.Type.RUN_STARTED, RunEvent.Type.RUN_COMPLETED);
        assertThat(events.stream().filter(e -> e.type() == RunEvent.Type.STEP_DONE).count()).isEqualTo(4);

        // what Slack received: header, six steps, summaries in the channel and the summary channel
        List<FakeSlack.Call> posts = api.delivered("chat.postMessage", C);
        List<FakeSlack.Call> topLevel = posts.stream().filter(p -> p.param("thread_ts") == null).toList();
        assertThat(topLevel).hasSize(1 + 6 + 1);
        assertThat(topLevel.get(0).content()).contains("Backing Up BizTalk Server");
        for (int i = 1; i <= 6; i++) {
            assertThat(topLevel.get(i).content()).contains("Step " + i + " of 6");
        }
        assertThat(topLevel.get(7).content()).contains("Summary").contains("completed")
                .contains("<@" + ALICE + ">").contains("permissions checked")
                .contains("<https://learn.microsoft.com/en-us/biztalk/core/minimum-security-user-rights|");
        assertThat(api.delivered("chat.postMessage", BotHarness.SUMMARY_CHANNEL)).hasSize(1)
                .allSatisfy(c -> assertThat(c.content()).contains("Summary"));
        // a notice in step 1's thread, the step message updated to show who, the header to show progress
        String ts1 = bot.messageTs(C, 1);
        assertThat(posts).anySatisfy(p -> {
            assertThat(p.param("thread_ts")).isEqualTo(ts1);
            assertThat(p.content()).contains("Step 1 done by <@" + ALICE + ">");
        });
        assertThat(api.delivered("chat.update", C)).anySatisfy(u -> {
            assertThat(u.param("ts")).isEqualTo(ts1);
            assertThat(u.content()).contains("Done by <@" + ALICE + ">");
        });
        String header = bot.messageTs(C, 0);
        List<FakeSlack.Call> headerUpdates = api.delivered("chat.update", C).stream()
                .filter(u -> header.equals(u.param("ts"))).toList();
        assertThat(headerUpdates.get(headerUpdates.size() - 1).content()).contains("4/6 done, 2 skipped").contains("completed");
        // nothing anyone did was refused
        assertThat(api.calls("chat.postEphemeral")).isEmpty();
    }

    @Test
    void afterACheckMarkSlackGetsTheNextStepBeforeTheThreadNotice() {
        startRun(C);
        String ts1 = bot.messageTs(C, 1);
        assertAcked(slack.reaction(ALICE, "white_check_mark", C, ts1));
        bot.messageTs(C, 2);
        bot.awaitDelivered();

        // The start used two of the channel's burst of three posts: the next step takes the third at once, and the
        // thread notice, which nobody waits for, goes after it at the channel's pace.
        List<FakeSlack.Call> posts = api.delivered("chat.postMessage", C);
        int nextStep = indexOf(posts, p -> p.param("thread_ts") == null && p.content().contains("Step 2 of 6"));
        int notice = indexOf(posts, p -> ts1.equals(p.param("thread_ts")));
        assertThat(nextStep).as("the next step's post").isNotNegative();
        assertThat(notice).as("the thread notice").isGreaterThan(nextStep);
        List<FakeSlack.Call> calls = api.chatCalls();
        assertThat(calls.indexOf(posts.get(notice))).as("the notice after the step's card and header updates")
                .isGreaterThan(indexOf(calls, u -> u.method().equals("chat.update") && ts1.equals(u.param("ts"))));
    }

    private static int indexOf(List<FakeSlack.Call> calls, java.util.function.Predicate<FakeSlack.Call> which) {
        for (int i = 0; i < calls.size(); i++) {
            if (which.test(calls.get(i))) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void aForgedSignatureOrAStaleTimestampIsRefusedWith401AndChangesNothing() {
        String body = slack.reactionBody(SignedSlack.eventId(), "reaction_added", ALICE, "eyes", C, "1.000001");
        HttpResponse<String> forged = slack.sendSigned("application/json", body, Map.of(), SignedSlack.now(),
                "v0=" + "0".repeat(64));
        assertThat(forged.statusCode()).isEqualTo(401);

        String form = SignedSlack.form(Map.of("command", "/backup-checklist", "text", "", "channel_id", C,
                "user_id", ALICE, "team_id", FakeSlack.TEAM));
        HttpResponse<String> stale = slack.send("application/x-www-form-urlencoded", form, Map.of(),
                SignedSlack.now() - 600);
        assertThat(stale.statusCode()).isEqualTo(401);
        HttpResponse<String> wrongSecret = new SignedSlack("another-secret-of-some-length", bot.port())
                .command(C, ALICE, "");
        assertThat(wrongSecret.statusCode()).isEqualTo(401);

        assertThat(bot.runs(false, 10)).isEmpty();
        assertThat(api.chatCalls()).isEmpty();
    }

    @Test
    void aRetriedEventChangesNothing() {
        startRun(C);
        String body = slack.reactionBody(SignedSlack.eventId(), "reaction_added", ALICE, "white_check_mark", C,
                bot.messageTs(C, 1));
        assertAcked(slack.event(body));
        awaitStep(C, 1, StepStatus.DONE);
        bot.awaitDelivered();
        int callsBefore = api.chatCalls().size();

        HttpResponse<String> retry = slack.send("application/json", body,
                Map.of("X-Slack-Retry-Num", "1", "X-Slack-Retry-Reason", "http_timeout"), SignedSlack.now());
        assertAcked(retry);
        bot.awaitDelivered();

        Run run = bot.lastRun(C);
        assertThat(run.step(1).confirmations()).hasSize(1);
        assertThat(run.step(2).status()).isEqualTo(StepStatus.PENDING);
        assertThat(bot.events(run.id()).stream()
                .filter(e -> e.type() == RunEvent.Type.STEP_DONE || e.type() == RunEvent.Type.STEP_CONFIRMED)).hasSize(1);
        assertThat(api.chatCalls()).hasSize(callsBefore);
    }

    @Test
    void twoPeopleReactingAtTheSameMomentAdvanceTheStepOnceAndTheSecondConfirms() throws Exception {
        startRun(C);
        String ts = bot.messageTs(C, 1);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
            for (String user : List.of(ALICE, BOB)) {
                String body = slack.reactionBody(SignedSlack.eventId(), "reaction_added", user, "white_check_mark", C, ts);
                sent.add(CompletableFuture.supplyAsync(() -> {
                    await(go);
                    return slack.event(body);
                }, pool));
            }
            go.countDown();
            for (CompletableFuture<HttpResponse<String>> response : sent) {
                assertAcked(response.get(10, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        bot.awaitDelivered();
        Run run = bot.lastRun(C);
        assertThat(run.finishedCount()).isEqualTo(1);
        assertThat(run.step(1).status()).isEqualTo(StepStatus.DONE);
        assertThat(run.step(1).confirmers()).hasSize(1);
        assertThat(run.step(2).status()).isEqualTo(StepStatus.PENDING);
        List<RunEvent> events = bot.events(run.id());
        assertThat(events.stream().filter(e -> e.type() == RunEvent.Type.STEP_DONE)).hasSize(1);
        assertThat(events.stream().filter(e -> e.type() == RunEvent.Type.STEP_CONFIRMED)).hasSize(1);
        assertThat(api.delivered("chat.postMessage", C).stream().filter(p -> p.content().contains("Step 2 of 6"))).hasSize(1);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void afterARestartAReactionOnAStepMessageOfTheRunningRunStillWorks() throws Exception {
        startRun(C);
        assertAcked(slack.reaction(ALICE, "white_check_mark", C, bot.messageTs(C, 1)));
        awaitStep(C, 1, StepStatus.DONE);
        String ts2 = bot.messageTs(C, 2);
        bot.awaitDelivered();

        bot.restart();

        assertThat(slack.get("/health").statusCode()).isEqualTo(200);
        assertAcked(slack.reaction(BOB, "white_check_mark", C, ts2));
        awaitStep(C, 2, StepStatus.DONE);
        assertThat(step(C, 2).finishedBy().id()).isEqualTo(BOB);
        bot.messageTs(C, 3);
        bot.awaitDelivered();
        assertThat(api.delivered("chat.postMessage", C).stream().filter(p -> p.content().contains("Step 3 of 6"))).hasSize(1);
    }

    @Test
    void rateLimitsAndServerErrorsDelayMessagesButEachArrivesOnceAndInOrder() {
        api.failNext(2, 429, 1);
        api.failNext(2, 500, null);
        Run run = startRun(C);
        assertAcked(slack.reaction(ALICE, "white_check_mark", C, bot.messageTs(C, 1)));
        awaitStep(C, 1, StepStatus.DONE);
        api.failNext(1, 429, 1);
        assertAcked(slack.reaction(ALICE, "white_check_mark", C, bot.messageTs(C, 2)));
        awaitStep(C, 2, StepStatus.DONE);
        bot.awaitDelivered();

        assertThat(api.count(c -> !c.ok())).isEqualTo(5);
        List<FakeSlack.Call> posts = api.delivered("chat.postMessage", C);
        List<String> topLevel = posts.stream().filter(p -> p.param("thread_ts") == null).map(FakeSlack.Call::content)
                .toList();
        assertThat(topLevel).hasSize(4);
        assertThat(topLevel.get(0)).contains(run.title());
        assertThat(topLevel.get(1)).contains("Step 1 of 6");
        assertThat(topLevel.get(2)).contains("Step 2 of 6");
        assertThat(topLevel.get(3)).contains("Step 3 of 6");
        assertThat(posts.stream().filter(p -> p.content().contains("Step 1 done by"))).hasSize(1);
        assertThat(posts.stream().filter(p -> p.content().contains("Step 2 done by"))).hasSize(1);
        // the notice of step 1 came before step 2 was posted, and so on
        int notice1 = indexOf(posts, "Step 1 done by");
        assertThat(notice1).isBetween(indexOf(posts, "Step 1 of 6") + 1, indexOf(posts, "Step 3 of 6"));
    }

    private static int indexOf(List<FakeSlack.Call> calls, String text) {
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).content().contains(text)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void fortyChannelsStartingAtOnceAreEachServedOnce() throws Exception {
        int channels = 40;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(channels);
        try {
            List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
            for (int i = 0; i < channels; i++) {
                String channel = String.format("C0LOAD%04d", i);
                sent.add(CompletableFuture.supplyAsync(() -> {
                    await(go);
                    return slack.command(channel, ALICE, "start backup");
                }, pool));
            }
            go.countDown();
            for (CompletableFuture<HttpResponse<String>> response : sent) {
                assertAcked(response.get(20, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        Await.until("40 runs delivered", Duration.ofSeconds(30), () -> bot.store().undeliveredCount() == 0);
        assertThat(bot.runs(true, 100)).hasSize(channels);
        for (int i = 0; i < channels; i++) {
            String channel = String.format("C0LOAD%04d", i);
            List<FakeSlack.Call> posts = api.delivered("chat.postMessage", channel);
            assertThat(posts).as(channel).hasSize(2);
            assertThat(posts.get(0).content()).contains("Backing Up BizTalk Server");
            assertThat(posts.get(1).content()).contains("Step 1 of 6");
        }
    }

    @Test
    void whatPeopleTypeIsEscapedSoNobodyCanPingTheChannelThroughTheBot() {
        HttpResponse<String> started = slack.command(C, ALICE, "start backup Night <!here> & <@U0EVE00001> run");
        assertAcked(started);
        bot.messageTs(C, 1);
        assertAcked(slack.threadReply(BOB, C, bot.messageTs(C, 1), "<!channel> look & see <@U0EVE00001>"));
        Await.until("note", () -> !step(C, 1).notes().isEmpty());
        assertAcked(slack.reaction(BOB, "white_check_mark", C, bot.messageTs(C, 1)));
        awaitStep(C, 1, StepStatus.DONE);
        assertAcked(slack.command(C, ALICE, "abort <!everyone> said so"));
        Await.until("aborted", () -> bot.lastRun(C).status() == RunStatus.ABORTED);
        bot.awaitDelivered();

        assertThat(bot.lastRun(C).title()).isEqualTo("Night <!here> & <@U0EVE00001> run");
        assertThat(step(C, 1).notes().get(0).text()).isEqualTo("<!channel> look & see <@U0EVE00001>");
        List<FakeSlack.Call> sent = api.chatCalls();
        assertThat(sent).isNotEmpty().allSatisfy(call -> {
            assertThat(call.content()).doesNotContain("<!here>", "<!channel>", "<!everyone>", "<@U0EVE00001>");
            assertThat(call.params()).doesNotContainEntry("link_names", "1").doesNotContainEntry("link_names", "true")
                    .doesNotContainEntry("parse", "full");
        });
        assertThat(api.delivered("chat.postMessage", C)).anySatisfy(p -> assertThat(p.content())
                .contains("&lt;!channel&gt; look &amp; see &lt;@U0EVE00001&gt;"));
        assertThat(api.delivered("chat.postMessage", C).get(0).content()).contains("Night &lt;!here&gt; &amp;");
        assertThat(started.body()).doesNotContain("<!here>");
    }

    @Test
    void reactionsOnOtherMessagesAndTheBotsOwnEventsChangeNothing() {
        startRun(C);
        bot.awaitDelivered();
        int callsBefore = api.chatCalls().size();
        String ts1 = bot.messageTs(C, 1);
        String header = bot.messageTs(C, 0);

        assertAcked(slack.reaction(ALICE, "white_check_mark", C, "1600000000.000100"));   // someone else's message
        assertAcked(slack.reaction(ALICE, "white_check_mark", C, header));                // the run header
        assertAcked(slack.reaction(ALICE, "white_check_mark", "C0OTHER001", ts1));         // same ts, other channel
        assertAcked(slack.reaction(ALICE, "tada", C, ts1));                               // a reaction with no meaning
        assertAcked(slack.reaction(FakeSlack.BOT_USER, "white_check_mark", C, ts1));       // the bot itself
        assertAcked(slack.threadReply(ALICE, C, "1600000000.000100", "done"));             // a thread that is not a step's
        // the bot's own message in the step's thread, an edit and a deletion
        var botMessage = SignedSlack.JSON.createObjectNode().put("type", "message").put("subtype", "bot_message")
                .put("text", "done").put("bot_id", FakeSlack.BOT_ID).put("ts", "1800000000.999999")
                .put("thread_ts", ts1).put("channel", C).put("event_ts", "1800000000.999999").put("channel_type", "channel");
        assertAcked(slack.event(slack.envelope(SignedSlack.eventId(), botMessage)));
        var edit = SignedSlack.JSON.createObjectNode().put("type", "message").put("subtype", "message_changed")
                .put("hidden", true).put("channel", C).put("ts", "1800000000.999998").put("event_ts", "1800000000.999998")
                .put("channel_type", "channel");
        edit.putObject("message").put("type", "message").put("user", ALICE).put("text", "done").put("ts", "1800000000.1")
                .put("thread_ts", ts1);
        assertAcked(slack.event(slack.envelope(SignedSlack.eventId(), edit)));
        var deleted = SignedSlack.JSON.createObjectNode().put("type", "message").put("subtype", "message_deleted")
                .put("hidden", true).put("channel", C).put("ts", "1800000000.999997").put("deleted_ts", "1800000000.1")
                .put("event_ts", "1800000000.999997").put("channel_type", "channel");
        assertAcked(slack.event(slack.envelope(SignedSlack.eventId(), deleted)));
        // an event the bot does not subscribe to is still acknowledged (no 404, so no retries)
        var joined = SignedSlack.JSON.createObjectNode().put("type", "member_joined_channel").put("user", ALICE)
                .put("channel", C).put("channel_type", "C").put("team", FakeSlack.TEAM).put("event_ts", "1800000000.5");
        assertAcked(slack.event(slack.envelope(SignedSlack.eventId(), joined)));

        Run run = bot.lastRun(C);
        assertThat(run.steps()).allSatisfy(s -> assertThat(s.status()).isEqualTo(StepStatus.PENDING));
        assertThat(run.step(1).notes()).isEmpty();
        assertThat(bot.events(run.id())).hasSize(1);
        assertThat(bot.store().undeliveredCount()).isZero();
        assertThat(api.chatCalls()).hasSize(callsBefore);
    }

    @Test
    void aRefusalGoesToThatPersonOnlyAndTheHealthEndpointAnswers() {
        Run run = startRun(C);
        assertThat(slack.get("/health").statusCode()).isEqualTo(200);
        // ⏩ on a step that is not optional: refused, told to Bob only
        assertAcked(slack.reaction(BOB, "fast_forward", C, bot.messageTs(C, 1)));
        Await.until("ephemeral to Bob", () -> !api.calls("chat.postEphemeral").isEmpty());
        FakeSlack.Call answer = api.calls("chat.postEphemeral").get(0);
        assertThat(answer.param("user")).isEqualTo(BOB);
        assertThat(answer.param("channel")).isEqualTo(C);
        assertThat(answer.content()).contains("not optional");
        // the Skip button on it asks for a reason, in a modal
        assertAcked(slack.button(ALICE, C, bot.messageTs(C, 1), SlackBlocks.ACTION_SKIP, run.id() + ":1"));
        assertThat(api.viewsOpened()).extracting(v -> v.path("callback_id").asText())
                .containsExactly(StepModals.SKIP_CALLBACK);
        assertThat(step(C, 1).status()).isEqualTo(StepStatus.PENDING);
        // a second start is refused in the ack itself
        HttpResponse<String> again = slack.command(C, BOB, "start backup");
        assertAcked(again);
        assertThat(again.body()).contains("ephemeral").contains("already active");
        assertThat(bot.runs(false, 10)).hasSize(1);
    }

    @Test
    void takingBackADoneReactionReopensTheStepAndSaysSoInItsThread() {
        startRun(C);
        String ts1 = bot.messageTs(C, 1);
        assertAcked(slack.reaction(ALICE, "white_check_mark", C, ts1));
        awaitStep(C, 1, StepStatus.DONE);
        // someone else's removal of a reaction that never counted says nothing and changes nothing
        assertAcked(slack.reactionRemoved(BOB, "eyes", C, ts1));
        assertAcked(slack.reactionRemoved(ALICE, "white_check_mark", C, ts1));
        awaitStep(C, 1, StepStatus.PENDING);
        bot.awaitDelivered();
        assertThat(api.delivered("chat.postMessage", C)).anySatisfy(p -> {
            assertThat(p.param("thread_ts")).isEqualTo(ts1);
            assertThat(p.content()).contains("Step 1 reopened by <@" + ALICE + ">");
        });
        assertThat(api.calls("chat.postEphemeral")).isEmpty();
    }

    @Test
    void aThreadReplyAlsoSentToTheChannelCountsAsAReply() {
        startRun(C);
        String ts1 = bot.messageTs(C, 1);
        var broadcast = SignedSlack.JSON.createObjectNode().put("type", "message").put("subtype", "thread_broadcast")
                .put("text", "done, all good").put("user", BOB).put("ts", "1800000001.000001").put("thread_ts", ts1)
                .put("channel", C).put("event_ts", "1800000001.000001").put("channel_type", "channel");
        assertAcked(slack.event(slack.envelope(SignedSlack.eventId(), broadcast)));
        awaitStep(C, 1, StepStatus.DONE);
        assertThat(step(C, 1).finishedBy().id()).isEqualTo(BOB);
        assertThat(step(C, 1).notes()).extracting(n -> n.text()).containsExactly("all good");
    }
}
