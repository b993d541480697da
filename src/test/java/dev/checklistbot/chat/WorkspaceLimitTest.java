package dev.checklistbot.chat;

import dev.checklistbot.checklist.ChecklistCatalog;
import dev.checklistbot.render.ChatMessage;
import dev.checklistbot.run.CommandContext;
import dev.checklistbot.run.RunCommand;
import dev.checklistbot.run.RunService;
import dev.checklistbot.run.RunSettings;
import dev.checklistbot.store.JdbcRunStore;
import dev.checklistbot.testing.Await;
import dev.checklistbot.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.checklistbot.chat.OutboxDispatcherTest.ALICE;
import static dev.checklistbot.chat.OutboxDispatcherTest.CHECKLIST;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many channels against a platform whose workspace-wide limit is spent: the dispatcher backs off as a whole (a few
 * 429s, not one per channel per second), and every message still goes out once, in its channel's order. Counts only:
 * the clock is moved by the test.
 */
class WorkspaceLimitTest {
    /** What each channel receives for a start and a "done 1" written before any delivery, in this order. */
    static final List<String> EACH_CHANNEL = List.of(
            "post header 1/3 done",
            "post step 1 done",
            "post step 2 pending",
            "update step 1 done",
            "update header 1/3 done",
            "post notice STEP_DONE");
    static final int CHANNELS = 60;
    /** Slack's pace per channel: a burst of three, then one a second. */
    static final ChannelPacer SLACK_PACE = ChannelPacer.perChannel(Duration.ofSeconds(1), 3);

    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T03:00:00Z"));
    JdbcRunStore store;
    RunService service;
    OutboxDispatcher dispatcher;

    /**
     * A platform with a workspace-wide limit on posts, a token bucket on the test's clock: {@code burst} posts, then
     * {@code perSecond}. Over it: 429 with Retry-After 1 s, nothing recorded. Updates are not limited.
     */
    static final class WorkspaceLimitedClient implements ChatClient {
        final MutableClock clock;
        final int burst;
        final double perSecond;
        /** Whether its 429s say they are rate limits (a client before the budget said only "retryable"). */
        final boolean saysRateLimited;
        final AtomicInteger refused = new AtomicInteger();
        /** Every call, accepted or refused. */
        final AtomicInteger calls = new AtomicInteger();
        final Map<String, List<String>> received = new ConcurrentHashMap<>();
        private final AtomicInteger ids = new AtomicInteger();
        /** What a 429 says to wait. */
        volatile Duration retryAfter = Duration.ofSeconds(1);
        /** The limit is gone (the workspace is quiet again). */
        volatile boolean lifted;
        private double tokens;
        private Instant refilledAt;

        WorkspaceLimitedClient(MutableClock clock, int burst, double perSecond, boolean saysRateLimited) {
            this.clock = clock;
            this.burst = burst;
            this.perSecond = perSecond;
            this.saysRateLimited = saysRateLimited;
            this.tokens = burst;
            this.refilledAt = clock.instant();
        }

        private synchronized void spend(String channel) throws DeliveryException {
            Instant now = clock.instant();
            tokens = Math.min(burst, tokens + perSecond * Duration.between(refilledAt, now).toMillis() / 1000.0);
            refilledAt = now;
            if (tokens < 1 && !lifted) {
                refused.incrementAndGet();
                String why = "chat.postMessage to " + channel + ": HTTP 429 (rate limited)";
                throw saysRateLimited ? DeliveryException.rateLimited(why, retryAfter, null)
                        : DeliveryException.retryable(why, retryAfter, null);
            }
            tokens -= 1;
        }

        @Override
        public String post(String channel, String threadId, ChatMessage message) throws DeliveryException {
            calls.incrementAndGet();
            spend(channel);
            received.computeIfAbsent(channel, c -> java.util.Collections.synchronizedList(new ArrayList<>()))
                    .add("post " + OutboxDispatcherTest.RecordingClient.describe(message));
            return "m" + ids.incrementAndGet();
        }

        @Override
        public void update(String channel, String messageId, ChatMessage message) {
            calls.incrementAndGet();
            received.computeIfAbsent(channel, c -> java.util.Collections.synchronizedList(new ArrayList<>()))
                    .add("update " + OutboxDispatcherTest.RecordingClient.describe(message));
        }

        @Override
        public void ephemeral(String channel, String userId, ChatMessage message) {
            throw new UnsupportedOperationException("not an outbox delivery");
        }
    }

    @BeforeEach
    void setUp() {
        store = new JdbcRunStore(dev.checklistbot.store.Database.open(dir.resolve("bot.db").toString()), clock);
        service = new RunService(store, new ChecklistCatalog(List.of(CHECKLIST)), clock, RunSettings.defaults());
    }

    void act(String channel, RunCommand command) {
        assertThat(service.handle(CommandContext.of(channel, ALICE), command).accepted()).isTrue();
    }

    /** An incident: every channel starts its run at once, and its first step is done before anything went out. */
    void incident() {
        for (int i = 0; i < CHANNELS; i++) {
            act("C" + i, new RunCommand.Start("backup", null));
            act("C" + i, new RunCommand.Done(1, null));
        }
    }

    @AfterEach
    void tearDown() {
        if (dispatcher != null) {
            dispatcher.close();
        }
        store.close();
    }

    /** Delivers what is due every half second of the test's clock until everything is out; returns the 429s. */
    int deliverStepByStep(WorkspaceLimitedClient client, ChannelPacer pacer) {
        incident();
        dispatcher = new OutboxDispatcher(store, store, store, client, clock, 2, pacer);
        for (int tick = 0; tick < 2_000 && store.undeliveredCount() > 0; tick++) {
            dispatcher.deliverDueNow(10_000);
            clock.advance(Duration.ofMillis(500));
        }
        assertThat(store.undeliveredCount()).as("everything delivered").isZero();
        return client.refused.get();
    }

    void assertEveryMessageOnceInOrder(WorkspaceLimitedClient client) {
        assertThat(client.received).hasSize(CHANNELS);
        client.received.forEach((channel, calls) ->
                assertThat(calls).as(channel).containsExactlyElementsOf(EACH_CHANNEL));
    }

    @Test
    void aSpentWorkspaceBudgetHoldsEveryChannelInsteadOfEachRetryingOnItsOwn() {
        // A workspace whose budget is mostly spent: 50 posts at once, then 20 a second; the incident needs 240.
        WorkspaceLimitedClient client = new WorkspaceLimitedClient(clock, 50, 20, true);

        int refused = deliverStepByStep(client, SLACK_PACE);

        assertThat(refused).as("429s for %d channels", CHANNELS).isLessThanOrEqualTo(3);
        assertEveryMessageOnceInOrder(client);
    }

    @Test
    void withoutTheBudgetTheSameIncidentMakesA429Storm() {
        // The same platform, whose 429s the budget cannot recognize: each channel retries on its own, as before.
        WorkspaceLimitedClient client = new WorkspaceLimitedClient(clock, 50, 20, false);

        int refused = deliverStepByStep(client, SLACK_PACE);

        assertThat(refused).as("the storm the budget prevents (the comparison for the test above)")
                .isGreaterThan(CHANNELS);
        assertEveryMessageOnceInOrder(client);
    }

    @Test
    void channelsThePacerLeavesAloneAreNotBudgeted() {
        // Discord's channels: JDA keeps Discord's limits, so the dispatcher neither paces nor budgets them.
        WorkspaceLimitedClient client = new WorkspaceLimitedClient(clock, 50, 20, true);
        ChannelPacer slackOnly = SLACK_PACE.onlyFor(channel -> !channel.startsWith("C"));

        int refused = deliverStepByStep(client, slackOnly);

        assertThat(refused).isGreaterThan(CHANNELS);
        assertEveryMessageOnceInOrder(client);
    }

    @Test
    void inTheBackgroundManyWorkersStillMakeOnlyAFew429s() {
        WorkspaceLimitedClient client = new WorkspaceLimitedClient(clock, 50, 20, true);
        incident();
        int workers = 4;
        dispatcher = new OutboxDispatcher(store, store, store, client, clock, workers, SLACK_PACE);
        dispatcher.start();

        // The clock moves only while the dispatcher waits (no call since the last look): a dispatcher much faster than
        // the platform's limit, as it is in production, so that the limit is what holds the messages back.
        int[] callsSeen = {-1};
        Await.until("every message delivered", Duration.ofMinutes(3), () -> {
            int calls = client.calls.get();
            if (calls == callsSeen[0]) {
                clock.advance(Duration.ofMillis(250));
                dispatcher.wake();
            }
            callsSeen[0] = calls;
            return store.undeliveredCount() == 0;
        });
        dispatcher.close();

        assertThat(client.refused.get()).as("the posts in flight when the budget was first refused, at most")
                .isLessThanOrEqualTo(workers);
        assertEveryMessageOnceInOrder(client);
    }

    @Test
    void postsHeldByARefusalLetUpdatesGoAndAreNotTriedMeanwhile() {
        WorkspaceLimitedClient client = new WorkspaceLimitedClient(clock, 2, 0, true);
        dispatcher = new OutboxDispatcher(store, store, store, client, clock, 2, SLACK_PACE);
        act("C1", new RunCommand.Start("backup", null));
        dispatcher.deliverDueNow(100); // the header and step 1: the workspace's budget is spent
        client.retryAfter = Duration.ofSeconds(30);
        act("C2", new RunCommand.Start("backup", null));
        act("C3", new RunCommand.Start("backup", null));
        act("C1", new RunCommand.Claim(1)); // an update of step 1, then its notice (a post)

        dispatcher.deliverDueNow(100);

        assertThat(client.refused).as("the first post refused, the others held without a try").hasValue(1);
        assertThat(client.received.get("C1")).containsExactly("post header 0/3 done", "post step 1 pending",
                "update step 1 claimed");
        assertThat(client.received).doesNotContainKeys("C2", "C3");

        clock.advance(Duration.ofSeconds(29));
        dispatcher.deliverDueNow(100);
        assertThat(client.calls).as("nothing tried before Retry-After").hasValue(4);

        client.lifted = true;
        clock.advance(Duration.ofSeconds(1));
        for (int tick = 0; tick < 20 && store.undeliveredCount() > 0; tick++) {
            dispatcher.deliverDueNow(100);
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(store.undeliveredCount()).isZero();
        assertThat(client.refused).hasValue(1);
        assertThat(client.received.get("C1")).last().isEqualTo("post notice STEP_CLAIMED");
        assertThat(client.received.get("C2")).containsExactly("post header 0/3 done", "post step 1 pending");
        assertThat(client.received.get("C3")).containsExactly("post header 0/3 done", "post step 1 pending");
    }
}
