package dev.checklistbot.discord;

import dev.checklistbot.testing.Await;
import dev.checklistbot.run.Run;
import dev.checklistbot.run.RunEvent;
import dev.checklistbot.run.RunStatus;
import dev.checklistbot.run.StepState;
import dev.checklistbot.run.StepStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static dev.checklistbot.discord.DiscordHarness.CHANNEL;
import static dev.checklistbot.discord.DiscordHarness.OPS;
import static dev.checklistbot.discord.FakeDiscord.ALICE;
import static dev.checklistbot.discord.FakeDiscord.BOB;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real bot ({@code serve}'s wiring) on a local fake Discord that JDA 6 really connects to over loopback: REST
 * through DISCORD_API_URL, the gateway through DISCORD_GATEWAY_URL. Assertions on what the fake received and on the
 * database.
 */
class DiscordEndToEndTest {
    private static final String COMMAND = "backup-checklist";
    /** Every interaction's time from dispatch to its acknowledgement, for the note (not asserted: bench/run's job). */
    private static final List<Duration> ACKS = Collections.synchronizedList(new ArrayList<>());

    @TempDir
    Path dir;
    private DiscordHarness bot;
    private FakeDiscord discord;

    @BeforeEach
    void startBot() throws Exception {
        bot = new DiscordHarness(dir);
        discord = bot.discord;
    }

    @AfterEach
    void stopBot() {
        bot.close();
    }

    @AfterAll
    static void printAckLatency() {
        List<Long> ms;
        synchronized (ACKS) {
            ms = ACKS.stream().map(Duration::toMillis).sorted().toList();
        }
        if (!ms.isEmpty()) {
            System.out.printf("discord e2e: %d interactions, ack p50 %d ms, p99 %d ms, max %d ms%n", ms.size(),
                    ms.get(ms.size() / 2), ms.get(Math.min(ms.size() - 1, (int) Math.ceil(ms.size() * 0.99) - 1)),
                    ms.get(ms.size() - 1));
        }
    }

    /** Waits for the interaction's acknowledgement (within Discord's 3 s) and returns its final answer's text. */
    private String answerTo(FakeDiscord.Interaction interaction) {
        Await.until("ack of " + interaction.id(), () -> discord.callback(interaction) != null);
        Duration ack = discord.ackLatency(interaction);
        ACKS.add(ack);
        assertThat(ack).as("Discord's limit for the first answer").isLessThan(Duration.ofSeconds(3));
        if (discord.callback(interaction).type() == FakeDiscord.CALLBACK_MODAL) {
            return "(modal)";
        }
        return Await.value("answer to " + interaction.id(), () -> {
            FakeDiscord.Message original = discord.originalResponse(interaction);
            return original == null || original.loading() ? null : original.text();
        });
    }

    private Run startRun() {
        String answer = answerTo(discord.slashCommand(ALICE, OPS, COMMAND, "start"));
        assertThat(answer).contains("Started");
        bot.messageId(CHANNEL, 1);
        return bot.activeRun(CHANNEL).orElseThrow();
    }

    private StepState step(int n) {
        return bot.lastRun(CHANNEL).step(n);
    }

    private void awaitStep(int n, StepStatus status) {
        Await.until("step " + n + " " + status, () -> step(n).status() == status);
    }

    private String button(String kind, Run run, int step) {
        return DiscordMessages.BUTTON_PREFIX + kind + ":" + run.id() + ":" + step;
    }

    @Test
    void aWholeBackupRunThroughTheCommandReactionsRepliesAndButtonsEndsWithASummaryInBothChannels() {
        Run run = startRun();
        assertThat(run.size()).isEqualTo(6);
        assertThat(discord.commands(FakeDiscord.GUILD_ID)).anySatisfy(c -> assertThat(c.path("name").asText())
                .isEqualTo(COMMAND));

        // 1: a reaction
        discord.reactionAdd(ALICE, bot.messageId(CHANNEL, 1), "✅");
        awaitStep(1, StepStatus.DONE);
        // 2: a reply in the step's thread, with a note
        String thread2 = Await.value("thread of step 2", () -> discord.threadOf(bot.messageId(CHANNEL, 2)));
        discord.userMessage(BOB, thread2, "done, permissions checked");
        awaitStep(2, StepStatus.DONE);
        // 3: buttons Claim then Done
        String m3 = bot.messageId(CHANNEL, 3);
        assertThat(answerTo(discord.buttonClick(ALICE, m3, button("claim", run, 3)))).contains("on step 3");
        awaitStep(3, StepStatus.CLAIMED);
        assertThat(answerTo(discord.buttonClick(ALICE, m3, button("done", run, 3)))).contains("Step 3 done");
        awaitStep(3, StepStatus.DONE);
        // 4: 👀, a note in the thread, then a Discord reply to the step message
        String m4 = bot.messageId(CHANNEL, 4);
        discord.reactionAdd(BOB, m4, "👀");
        awaitStep(4, StepStatus.CLAIMED);
        discord.userMessage(BOB, Await.value("thread of step 4", () -> discord.threadOf(m4)), "the job has not finished yet");
        Await.until("note on step 4", () -> !step(4).notes().isEmpty());
        discord.userReply(BOB, OPS, "done", m4);
        awaitStep(4, StepStatus.DONE);
        // 5 (optional): ⏩
        discord.reactionAdd(ALICE, bot.messageId(CHANNEL, 5), "⏩");
        awaitStep(5, StepStatus.SKIPPED);
        // 6 (optional): the Skip button needs no reason
        answerTo(discord.buttonClick(ALICE, bot.messageId(CHANNEL, 6), button("skip", run, 6)));
        Await.until("run completed", () -> bot.lastRun(CHANNEL).status() == RunStatus.COMPLETED);
        bot.awaitDelivered();

        // the database
        Run done = bot.lastRun(CHANNEL);
        assertThat(done.steps()).extracting(StepState::status).containsExactly(StepStatus.DONE, StepStatus.DONE,
                StepStatus.DONE, StepStatus.DONE, StepStatus.SKIPPED, StepStatus.SKIPPED);
        assertThat(done.step(1).finishedBy().id()).isEqualTo("discord:" + ALICE);
        assertThat(done.step(2).finishedBy().id()).isEqualTo("discord:" + BOB);
        assertThat(done.step(2).notes()).extracting(n -> n.text()).containsExactly("permissions checked");
        assertThat(done.step(4).notes()).extracting(n -> n.text()).containsExactly("the job has not finished yet");
        List<RunEvent> events = bot.events(done.id());
        assertThat(events.stream().filter(e -> e.type() == RunEvent.Type.STEP_DONE)).hasSize(4);

        // what Discord received: header, six steps and the summary in #ops, the summary in the summary channel
        List<FakeDiscord.Message> posts = discord.messagesIn(OPS).stream()
                .filter(m -> m.source() == FakeDiscord.Source.CHANNEL).toList();
        assertThat(posts).hasSize(1 + 6 + 1);
        assertThat(posts.get(0).text()).contains("Backing Up BizTalk Server");
        for (int i = 1; i <= 6; i++) {
            assertThat(posts.get(i).text()).contains("Step " + i + " of 6");
            assertThat(discord.threadOf(posts.get(i).id())).as("thread of step " + i).isNotNull();
        }
        assertThat(posts.get(1).text()).contains("https://learn.microsoft.com/en-us/biztalk/core/");
        assertThat(posts.get(7).text()).contains("Summary").contains("completed").contains("<@" + ALICE + ">")
                .contains("permissions checked");
        assertThat(discord.messagesIn(FakeDiscord.SUMMARY_CHANNEL_ID)).hasSize(1)
                .allSatisfy(m -> assertThat(m.text()).contains("Summary"));
        // a notice in step 1's thread, the step message edited to show who, the header to show progress
        assertThat(discord.messagesIn(discord.threadOf(posts.get(1).id()))).anySatisfy(m ->
                assertThat(m.text()).contains("Step 1 done by <@" + ALICE + ">"));
        assertThat(discord.message(posts.get(1).id()).text()).contains("Done by <@" + ALICE + ">");
        assertThat(discord.message(posts.get(0).id()).text()).contains("4/6 done, 2 skipped").contains("completed");
        assertThat(discord.message(posts.get(1).id()).customIds()).as("no buttons on a finished step").isEmpty();
    }

    @Test
    void skippingARequiredStepWithTheButtonAsksForTheReasonInAModal() {
        Run run = startRun();
        String m1 = bot.messageId(CHANNEL, 1);
        FakeDiscord.Interaction click = discord.buttonClick(BOB, m1, button("skip", run, 1));
        assertThat(answerTo(click)).isEqualTo("(modal)");
        assertThat(step(1).status()).isEqualTo(StepStatus.PENDING);
        String answer = answerTo(discord.modalSubmit(BOB, OPS, m1, DiscordListener.SKIP_MODAL + run.id() + ":1",
                Map.of(DiscordListener.REASON_INPUT, "done by the DBA team last night")));
        assertThat(answer).contains("Step 1 skipped");
        awaitStep(1, StepStatus.SKIPPED);
        assertThat(step(1).skipReason()).isEqualTo("done by the DBA team last night");
    }

    @Test
    void anEventDeliveredThroughAResumeCountsOnceAndTheSameEventAgainChangesNothing() {
        Run run = startRun();
        String m1 = bot.messageId(CHANNEL, 1);
        int connections = discord.gatewayConnections().size();
        FakeDiscord.Dispatched[] reaction = new FakeDiscord.Dispatched[1];
        // Alice's ✅ is sent while the connection is down: it reaches the bot only through the RESUME's replay.
        discord.dropGateway(() -> reaction[0] = discord.reactionAdd(ALICE, m1, "✅"));
        awaitStep(1, StepStatus.DONE);
        assertThat(discord.gatewayConnections().size()).isGreaterThan(connections);
        assertThat(discord.gatewayReceived()).anySatisfy(p -> assertThat(p.path("op").asInt()).isEqualTo(6));
        bot.awaitDelivered();
        int postsBefore = discord.messagesIn(OPS).size();

        discord.replay(reaction[0]);
        discord.replay(reaction[0]);
        String m2 = bot.messageId(CHANNEL, 2);
        discord.reactionAdd(BOB, m2, "👀"); // something after the replays, to know they were handled
        awaitStep(2, StepStatus.CLAIMED);
        bot.awaitDelivered();

        assertThat(step(1).confirmations()).hasSize(1);
        assertThat(bot.events(run.id()).stream().filter(e -> e.type() == RunEvent.Type.STEP_DONE)).hasSize(1);
        assertThat(discord.messagesIn(OPS)).hasSize(postsBefore);
    }

    @Test
    void twoPeopleReactingAtTheSameMomentAdvanceTheStepOnceAndTheSecondConfirms() {
        Run run = startRun();
        String m1 = bot.messageId(CHANNEL, 1);
        discord.reactionAdd(ALICE, m1, "✅");
        discord.reactionAdd(BOB, m1, "✅");
        Await.until("both applied", () -> step(1).confirmations().size() == 2);
        bot.awaitDelivered();
        Run after = bot.lastRun(CHANNEL);
        assertThat(after.finishedCount()).isEqualTo(1);
        assertThat(after.step(2).status()).isEqualTo(StepStatus.PENDING);
        List<RunEvent> events = bot.events(run.id());
        assertThat(events.stream().filter(e -> e.type() == RunEvent.Type.STEP_DONE)).hasSize(1);
        assertThat(events.stream().filter(e -> e.type() == RunEvent.Type.STEP_CONFIRMED)).hasSize(1);
        assertThat(discord.messagesIn(OPS).stream().filter(m -> m.text().contains("Step 2 of 6"))).hasSize(1);
    }

    @Test
    void afterARestartTheOldStepMessagesStillWork() throws Exception {
        startRun();
        discord.reactionAdd(ALICE, bot.messageId(CHANNEL, 1), "✅");
        awaitStep(1, StepStatus.DONE);
        String m2 = bot.messageId(CHANNEL, 2);
        String thread2 = Await.value("thread of step 2", () -> discord.threadOf(m2));
        bot.awaitDelivered();

        bot.restart();

        discord.userMessage(BOB, thread2, "claim");
        awaitStep(2, StepStatus.CLAIMED);
        discord.reactionAdd(BOB, m2, "✅");
        awaitStep(2, StepStatus.DONE);
        assertThat(step(2).finishedBy().id()).isEqualTo("discord:" + BOB);
        bot.messageId(CHANNEL, 3);
        bot.awaitDelivered();
        assertThat(discord.messagesIn(OPS).stream().filter(m -> m.text().contains("Step 3 of 6"))).hasSize(1);
        assertThat(discord.messagesIn(thread2)).anySatisfy(m -> assertThat(m.text()).contains("Step 2 done by"));
    }

    @Test
    void rateLimitsAndServerErrorsDelayMessagesButEachArrivesOnceAndInOrder() {
        discord.rateLimitNext(2, FakeDiscord.route("POST", "channels/{id}/messages"), 0.3);
        discord.failNext(2, FakeDiscord.route("POST", "channels/{id}/messages"), 500);
        Run run = startRun();
        discord.failNext(1, FakeDiscord.route("PATCH", "channels/{id}/messages/{id}"), 500);
        discord.reactionAdd(ALICE, bot.messageId(CHANNEL, 1), "✅");
        awaitStep(1, StepStatus.DONE);
        discord.rateLimitNext(1, FakeDiscord.route("POST", "channels/{id}/messages"), 0.5);
        discord.reactionAdd(ALICE, bot.messageId(CHANNEL, 2), "✅");
        awaitStep(2, StepStatus.DONE);
        bot.awaitDelivered();

        assertThat(discord.calls().stream().filter(c -> !c.ok() && c.injected())).hasSize(6);
        List<String> top = discord.messagesIn(OPS).stream().filter(m -> m.source() == FakeDiscord.Source.CHANNEL)
                .map(FakeDiscord.Message::text).toList();
        assertThat(top).hasSize(4);
        assertThat(top.get(0)).contains(run.title());
        assertThat(top.get(1)).contains("Step 1 of 6");
        assertThat(top.get(2)).contains("Step 2 of 6");
        assertThat(top.get(3)).contains("Step 3 of 6");
        String thread1 = discord.threadOf(bot.messageId(CHANNEL, 1));
        assertThat(discord.messagesIn(thread1).stream().filter(m -> m.text().contains("Step 1 done by"))).hasSize(1);
        assertThat(discord.message(bot.messageId(CHANNEL, 1)).text()).contains("Done by");
    }

    @Test
    void fortyChannelsStartingAtOnceAreEachServedOnce() {
        List<String> channels = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            channels.add(discord.createTextChannel("ops-" + i));
        }
        Await.until("the bot sees the new channels", () -> channels.stream().allMatch(id ->
                discord.dispatched("CHANNEL_CREATE").stream().anyMatch(d -> d.data().path("id").asText().equals(id))));
        List<FakeDiscord.Interaction> starts = channels.parallelStream()
                .map(id -> discord.slashCommand(ALICE, id, COMMAND, "start", FakeDiscord.Option.string("checklist", "backup")))
                .toList();
        for (FakeDiscord.Interaction start : starts) {
            assertThat(answerTo(start)).contains("Started");
        }
        Await.until("40 runs delivered", Duration.ofSeconds(60), () -> bot.store().undeliveredCount() == 0
                && bot.store().read(r -> r.runs(true, 100)).size() == 40);
        for (String id : channels) {
            List<FakeDiscord.Message> posts = discord.messagesIn(id).stream()
                    .filter(m -> m.source() == FakeDiscord.Source.CHANNEL).toList();
            assertThat(posts).as(id).hasSize(2);
            assertThat(posts.get(0).text()).contains("Backing Up BizTalk Server");
            assertThat(posts.get(1).text()).contains("Step 1 of 6");
        }
    }

    @Test
    void whatPeopleTypeCanPingNobody() {
        String role = "<@&" + FakeDiscord.OPS_ROLE_ID + ">";
        String carol = "<@" + FakeDiscord.CAROL + ">";
        answerTo(discord.slashCommand(ALICE, OPS, COMMAND, "start", FakeDiscord.Option.string("checklist", "backup"),
                FakeDiscord.Option.string("title", "Night @everyone " + role + " " + carol + " run")));
        String m1 = bot.messageId(CHANNEL, 1);
        discord.userMessage(BOB, Await.value("thread", () -> discord.threadOf(m1)), "@here look " + role + " " + carol);
        Await.until("note", () -> !step(1).notes().isEmpty());
        discord.reactionAdd(BOB, m1, "✅");
        awaitStep(1, StepStatus.DONE);
        answerTo(discord.slashCommand(ALICE, OPS, COMMAND, "abort", FakeDiscord.Option.string("reason",
                "@everyone said so " + carol)));
        Await.until("aborted", () -> bot.lastRun(CHANNEL).status() == RunStatus.ABORTED);
        bot.awaitDelivered();

        assertThat(bot.lastRun(CHANNEL).title()).isEqualTo("Night @everyone " + role + " " + carol + " run");
        List<FakeDiscord.Message> sent = new ArrayList<>();
        for (FakeDiscord.Call call : discord.calls()) {
            if (call.ok() && (call.matches("POST", "channels/{id}/messages")
                    || call.matches("PATCH", "channels/{id}/messages/{id}")
                    || call.matches("PATCH", "webhooks/{id}/{token}/messages/@original"))) {
                assertThat(call.body().has("allowed_mentions")).as("%s", call).isTrue();
                assertThat(call.body().path("allowed_mentions").path("parse")).as("%s", call).isEmpty();
                assertThat(call.body().path("allowed_mentions").path("roles")).as("%s", call).isEmpty();
                assertThat(call.body().path("allowed_mentions").path("users").toString()).as("%s", call)
                        .doesNotContain(FakeDiscord.CAROL);
            }
        }
        for (String channel : List.of(OPS, discord.threadOf(m1), FakeDiscord.SUMMARY_CHANNEL_ID)) {
            sent.addAll(discord.messagesIn(channel).stream().filter(m -> m.source() != FakeDiscord.Source.PERSON).toList());
        }
        assertThat(sent).isNotEmpty().allSatisfy(m -> {
            assertThat(m.mentionsEveryone()).as(m.text()).isFalse();
            assertThat(m.mentionedRoles()).as(m.text()).isEmpty();
            assertThat(m.mentionedUsers()).as(m.text()).doesNotContain(FakeDiscord.CAROL);
        });
    }
}
