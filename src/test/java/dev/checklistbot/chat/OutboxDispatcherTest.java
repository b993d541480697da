package dev.checklistbot.chat;

import dev.checklistbot.testing.MutableClock;
import dev.checklistbot.checklist.Checklist;
import dev.checklistbot.checklist.ChecklistCatalog;
import dev.checklistbot.checklist.Mode;
import dev.checklistbot.checklist.Step;
import dev.checklistbot.render.ChatMessage;
import dev.checklistbot.render.RunHeader;
import dev.checklistbot.render.StepCard;
import dev.checklistbot.render.StepNotice;
import dev.checklistbot.render.Summary;
import dev.checklistbot.run.Actor;
import dev.checklistbot.run.CommandContext;
import dev.checklistbot.run.RunCommand;
import dev.checklistbot.run.RunService;
import dev.checklistbot.run.RunSettings;
import dev.checklistbot.store.ChannelClaim;
import dev.checklistbot.store.ChannelLease;
import dev.checklistbot.store.JdbcRunStore;
import dev.checklistbot.store.Outbox;
import dev.checklistbot.store.PendingMessage;
import dev.checklistbot.store.PostedMessage;
import dev.checklistbot.store.StoreFaults;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Outbox delivery against a real SQLite file and a chat client that records what it is sent. */
class OutboxDispatcherTest {
    static final Checklist CHECKLIST = new Checklist("backup", "Backup", null, null, Mode.SEQUENTIAL, null,
            List.of(Step.of("one"), Step.of("two"), Step.of("three")));
    static final Actor ALICE = new Actor("U1", "alice");
    /**
     * What goes out for a start and "done 1" written before any delivery. A post renders the run as it is when it
     * is delivered: the header already shows the progress.
     */
    static final List<String> START_THEN_STEP_1_DONE = List.of(
            "post C1 header 1/3 done -> m1",
            "post C1 step 1 done -> m2",
            "post C1 step 2 pending -> m3",
            "update C1 m2 step 1 done",
            "update C1 m1 header 1/3 done",
            "post C1 in m2 notice STEP_DONE -> m4");

    @TempDir
    Path dir;
    JdbcRunStore store;
    MutableClock clock = new MutableClock(Instant.parse("2026-11-26T03:00:00Z"));
    RecordingClient client = new RecordingClient();
    RunService service;
    OutboxDispatcher dispatcher;

    /** Records every call; fails the next calls as told. */
    static final class RecordingClient implements ChatClient {
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger failNext = new AtomicInteger();
        /** Every call, failed or not. */
        final AtomicInteger attempts = new AtomicInteger();
        volatile boolean failPermanently;
        volatile Duration retryAfter;
        /** Run once, at the next call, before it is answered (e.g. the disk fills up while a message is on its way). */
        volatile Runnable atNextCall;
        private final AtomicInteger ids = new AtomicInteger();

        private void maybeFail() throws DeliveryException {
            attempts.incrementAndGet();
            Runnable hook = atNextCall;
            if (hook != null) {
                atNextCall = null;
                hook.run();
            }
            if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw failPermanently ? DeliveryException.permanent("channel_not_found", null)
                        : DeliveryException.retryable("HTTP 429", retryAfter, null);
            }
        }

        @Override
        public String post(String channel, String threadId, ChatMessage message) throws DeliveryException {
            maybeFail();
            String id = "m" + ids.incrementAndGet();
            calls.add("post " + channel + (threadId == null ? "" : " in " + threadId) + " " + describe(message) + " -> " + id);
            return id;
        }

        @Override
        public void update(String channel, String messageId, ChatMessage message) throws DeliveryException {
            maybeFail();
            calls.add("update " + channel + " " + messageId + " " + describe(message));
        }

        @Override
        public void ephemeral(String channel, String userId, ChatMessage message) {
            calls.add("ephemeral " + userId);
        }

        static String describe(ChatMessage message) {
            if (message instanceof RunHeader header) {
                return "header " + header.progress();
            }
            if (message instanceof StepCard card) {
                return "step " + card.step().number() + " " + card.step().status().label();
            }
            if (message instanceof StepNotice notice) {
                return "notice " + notice.event().type();
            }
            if (message instanceof Summary summary) {
                return "summary " + summary.outcome();
            }
            return message.toString();
        }
    }

    @BeforeEach
    void setUp() {
        open();
    }

    void open() {
        store = new JdbcRunStore(dev.checklistbot.store.Database.open(dir.resolve("bot.db").toString()), clock);
        service = new RunService(store, new ChecklistCatalog(List.of(CHECKLIST)), clock,
                RunSettings.defaults().withSummaryChannel("CSUM"));
        dispatcher = new OutboxDispatcher(store, store, store, client, clock, 2);
    }

    @AfterEach
    void tearDown() {
        dispatcher.close();
        store.close();
    }

    void act(String channel, RunCommand command) {
        assertThat(service.handle(CommandContext.of(channel, ALICE), command).accepted()).isTrue();
    }

    @Test
    void messagesGoOutInOrderAndUpdatesFindTheirMessage() {
        act("C1", new RunCommand.Start("backup", null));
        act("C1", new RunCommand.Done(1, "ok"));

        dispatcher.deliverDueNow(100);

        assertThat(client.calls).containsExactlyElementsOf(START_THEN_STEP_1_DONE);
        assertThat(store.undeliveredCount()).isZero();
    }

    @Test
    void updatesWrittenBeforeADeliveryAreServedByIt() {
        act("C1", new RunCommand.Start("backup", null));
        dispatcher.deliverDueNow(100);
        client.calls.clear();
        act("C1", new RunCommand.Claim(1));
        act("C1", new RunCommand.AddNote(1, "first"));
        act("C1", new RunCommand.Claim(2));

        dispatcher.deliverDueNow(100);

        assertThat(client.calls).filteredOn(c -> c.startsWith("update")).containsExactly("update C1 m2 step 1 claimed");
        assertThat(client.calls).filteredOn(c -> c.contains("notice")).hasSize(3);
        assertThat(store.undeliveredCount()).isZero();
    }

    @Test
    void aRateLimitedMessageWaitsForRetryAfterAndKeepsTheChannelsOrder() {
        act("C1", new RunCommand.Start("backup", null));
        client.failNext.set(1);
        client.retryAfter = Duration.ofSeconds(30);

        dispatcher.deliverDueNow(100);
        assertThat(client.calls).isEmpty();
        assertThat(store.nextDueAt()).contains(clock.instant().plusSeconds(30));

        clock.advance(Duration.ofSeconds(29));
        dispatcher.deliverDueNow(100);
        assertThat(client.calls).isEmpty();

        clock.advance(Duration.ofSeconds(1));
        dispatcher.deliverDueNow(100);
        assertThat(client.calls).containsExactly("post C1 header 0/3 done -> m1", "post C1 step 1 pending -> m2");
    }

    @Test
    void oneChannelsOutageDoesNotHoldBackAnother() {
        act("C1", new RunCommand.Start("backup", null));
        act("C2", new RunCommand.Start("backup", null));
        client.failNext.set(1);
        client.retryAfter = null;

        dispatcher.deliverDueNow(100);

        assertThat(client.calls).filteredOn(c -> c.startsWith("post C2")).hasSize(2);
        assertThat(client.calls).filteredOn(c -> c.startsWith("post C1")).isEmpty();
        clock.advance(OutboxDispatcher.backoff(0));
        dispatcher.deliverDueNow(100);
        assertThat(client.calls).filteredOn(c -> c.startsWith("post C1")).hasSize(2);
    }

    @Test
    void aPermanentFailureIsGivenUpAndTheRestStillGoesOut() {
        act("C1", new RunCommand.Start("backup", null));
        client.failNext.set(1);
        client.failPermanently = true;

        dispatcher.deliverDueNow(100);

        assertThat(client.calls).containsExactly("post C1 step 1 pending -> m1");
        assertThat(store.undeliveredCount()).isZero();
    }

    @Test
    void messagesCommittedBeforeACrashGoOutAfterTheNextStart() {
        act("C1", new RunCommand.Start("backup", null));
        dispatcher.deliverDueNow(2);
        act("C1", new RunCommand.Done(1, null));
        tearDown();

        open();
        dispatcher.deliverDueNow(100);

        assertThat(client.calls).containsExactly(
                "post C1 header 0/3 done -> m1",
                "post C1 step 1 pending -> m2",
                "post C1 step 2 pending -> m3",
                "update C1 m2 step 1 done",
                "update C1 m1 header 1/3 done",
                "post C1 in m2 notice STEP_DONE -> m4");
    }

    @Test
    void afterADoneTheNextStepGoesOutAtOnceAndItsThreadNoticeWaitsForTheChannelsPace() {
        dispatcher.close();
        // Slack's pace: a post a second, a burst of three. The start's two posts and the next step use the burst.
        dispatcher = new OutboxDispatcher(store, store, store, client, clock, 2,
                ChannelPacer.perChannel(Duration.ofSeconds(1), 3));
        act("C1", new RunCommand.Start("backup", null));
        dispatcher.deliverDueNow(100);
        act("C1", new RunCommand.Done(1, null));
        dispatcher.deliverDueNow(100);

        assertThat(client.calls).containsExactly(
                "post C1 header 0/3 done -> m1",
                "post C1 step 1 pending -> m2",
                "post C1 step 2 pending -> m3",
                "update C1 m2 step 1 done",
                "update C1 m1 header 1/3 done");

        clock.advance(Duration.ofSeconds(1));
        dispatcher.deliverDueNow(100);
        assertThat(client.calls).last().isEqualTo("post C1 in m2 notice STEP_DONE -> m4");
        assertThat(store.undeliveredCount()).isZero();
    }

    @Test
    void theSummaryGoesToTheChannelAndTheSummaryChannel() {
        act("C1", new RunCommand.Start("backup", null));
        act("C1", new RunCommand.Abort("wrong farm"));

        dispatcher.deliverDueNow(100);

        assertThat(client.calls).filteredOn(c -> c.contains("summary"))
                .extracting(c -> c.substring(0, c.indexOf(" ->")))
                .containsExactlyInAnyOrder("post C1 summary aborted", "post CSUM summary aborted");
    }

    @Test
    void inTheBackgroundAWakeDeliversAtOnce() {
        dispatcher.start();
        act("C1", new RunCommand.Start("backup", null));
        dispatcher.wake();

        waitUntil(() -> client.calls.size() == 2, Duration.ofSeconds(10));
        assertThat(client.calls).containsExactly("post C1 header 0/3 done -> m1", "post C1 step 1 pending -> m2");
    }

    @Test
    void inTheBackgroundOneWorkerSendsAChannelsMessagesInOrderOneAfterAnother() {
        act("C1", new RunCommand.Start("backup", null));
        act("C1", new RunCommand.Done(1, "ok"));
        dispatcher.start();
        dispatcher.wake();

        waitUntil(() -> store.undeliveredCount() == 0, Duration.ofSeconds(10));
        assertThat(client.calls).containsExactlyElementsOf(START_THEN_STEP_1_DONE);
    }

    @Test
    void inTheBackgroundTheNextStepsOfSeveralChannelsGoBeforeTheirUpdatesAndNotices() {
        dispatcher.close();
        dispatcher = new OutboxDispatcher(store, store, store, client, clock, 1);
        for (String channel : List.of("C1", "C2")) {
            act(channel, new RunCommand.Start("backup", null));
        }
        dispatcher.deliverDueNow(100);
        client.calls.clear();
        for (String channel : List.of("C1", "C2")) {
            act(channel, new RunCommand.Done(1, null));
        }
        // One worker; the loop claims both channels and queues the second one's turn while the worker is at the first.
        client.atNextCall = () -> waitUntil(() -> dispatcher.queuedTurns() >= 1, Duration.ofSeconds(10));
        dispatcher.start();
        dispatcher.wake();

        waitUntil(() -> store.undeliveredCount() == 0, Duration.ofSeconds(10));
        assertThat(client.calls).hasSize(8);
        assertThat(client.calls.subList(0, 2)).allSatisfy(call -> assertThat(call).matches("post C[12] step 2 pending -> m\\d+"));
        assertThat(client.calls.subList(0, 2)).extracting(call -> call.substring(5, 7)).containsExactlyInAnyOrder("C1", "C2");
        for (String channel : List.of("C1", "C2")) {
            // each channel's own order is kept: its card, its updates, its notice
            assertThat(client.calls.stream().filter(call -> call.contains(" " + channel + " ")).map(call -> call.split(" ")[0]))
                    .containsExactly("post", "update", "update", "post");
        }
    }

    @Test
    void aWorkerStopsAtAPostTheChannelsPaceHoldsBack() {
        dispatcher.close();
        // One post per minute, no burst: the clock does not move, so only the first post may go.
        dispatcher = new OutboxDispatcher(store, store, store, client, clock, 2,
                ChannelPacer.perChannel(Duration.ofMinutes(1), 1));
        act("C1", new RunCommand.Start("backup", null));
        act("C1", new RunCommand.Claim(1));
        dispatcher.start();
        dispatcher.wake();

        waitUntil(() -> client.calls.size() == 1, Duration.ofSeconds(10));
        dispatcher.close(); // waits for the worker: whatever it would send is sent by now
        assertThat(client.calls).containsExactly("post C1 header 0/3 done -> m1");
        assertThat(store.dueHead("C1", clock.instant())).map(p -> p.message().kind())
                .contains(dev.checklistbot.run.MessageKind.STEP_POST);
    }

    // ---- a database that cannot be written while messages go out (a full or read-only disk) ----

    /** The store's outbox, counting what the dispatcher asks of it. */
    static final class CountingOutbox implements Outbox {
        final Outbox delegate;
        final AtomicInteger scans = new AtomicInteger();
        final AtomicInteger records = new AtomicInteger();
        final AtomicInteger retries = new AtomicInteger();

        CountingOutbox(Outbox delegate) {
            this.delegate = delegate;
        }

        @Override
        public List<PendingMessage> dueHeads(Instant now, Set<String> skipChannels, int limit) {
            scans.incrementAndGet();
            return delegate.dueHeads(now, skipChannels, limit);
        }

        @Override
        public Optional<PendingMessage> dueHead(String channel, Instant now) {
            return delegate.dueHead(channel, now);
        }

        @Override
        public Optional<Instant> nextDueAt(Set<String> skipChannels) {
            return delegate.nextDueAt(skipChannels);
        }

        @Override
        public List<ChannelClaim> claim(String owner, Instant now, Instant until, Set<String> skipChannels, int limit,
                                        Set<dev.checklistbot.run.Platform> platforms) {
            scans.incrementAndGet();
            return delegate.claim(owner, now, until, skipChannels, limit, platforms);
        }

        @Override
        public Set<String> renew(String owner, Set<String> channels, Instant until) {
            return delegate.renew(owner, channels, until);
        }

        @Override
        public void release(String owner, String channel) {
            delegate.release(owner, channel);
        }

        @Override
        public Optional<Instant> nextClaimAt(String owner, Set<String> skipChannels,
                                             Set<dev.checklistbot.run.Platform> platforms) {
            return delegate.nextClaimAt(owner, skipChannels, platforms);
        }

        @Override
        public void delivered(long id, Instant at) {
            records.incrementAndGet();
            delegate.delivered(id, at);
        }

        @Override
        public int coalesce(long id, long upToId, Instant at) {
            records.incrementAndGet();
            return delegate.coalesce(id, upToId, at);
        }

        @Override
        public void recordDelivery(long id, PostedMessage posted, boolean coalesceUpdates, long upToId, Instant at,
                                   ChannelLease lease) {
            records.incrementAndGet();
            delegate.recordDelivery(id, posted, coalesceUpdates, upToId, at, lease);
        }

        @Override
        public void retryAt(long id, Instant next, String error) {
            retries.incrementAndGet();
            delegate.retryAt(id, next, error);
        }

        @Override
        public void abandon(long id, Instant at, String error) {
            retries.incrementAndGet();
            delegate.abandon(id, at, error);
        }

        @Override
        public long lastId() {
            return delegate.lastId();
        }

        @Override
        public int undeliveredCount() {
            return delegate.undeliveredCount();
        }

        @Override
        public Optional<Instant> oldestUnrecordedStepPost(String channel) {
            return delegate.oldestUnrecordedStepPost(channel);
        }
    }

    @Test
    void aPostWhoseDeliveryCannotBeRecordedIsNotSentAgainAndIsRecordedWithItsMessageOnceTheDatabaseIsWritable() {
        act("C1", new RunCommand.Start("backup", null));
        long runId = service.handle(CommandContext.of("C1", ALICE), new RunCommand.Claim(1)).run().id();
        client.atNextCall = () -> StoreFaults.readOnly(store, true); // claimed, then the disk turns read-only

        assertThat(dispatcher.deliverDueNow(100)).as("one attempt, then the channel waits").isEqualTo(1);
        assertThat(dispatcher.deliverDueNow(100)).as("still waiting: the clock has not moved").isZero();
        clock.advance(Duration.ofMinutes(2));
        dispatcher.deliverDueNow(100); // only tries to record it, and cannot yet
        assertThat(client.calls).containsExactly("post C1 header 0/3 done -> m1");

        StoreFaults.readOnly(store, false);
        clock.advance(Duration.ofMinutes(2));
        dispatcher.deliverDueNow(100);

        assertThat(client.calls).containsExactly(
                "post C1 header 0/3 done -> m1",
                "post C1 step 1 claimed -> m2",
                "update C1 m2 step 1 claimed",
                "post C1 in m2 notice STEP_CLAIMED -> m3");
        assertThat(store.undeliveredCount()).isZero();
        assertThat(store.find(runId, 0)).as("the header's message, recorded late")
                .contains(new PostedMessage("C1", "m1", runId, 0));
    }

    @Test
    void aFailedSendWhoseRetryCannotBeRecordedWaitsInMemoryInsteadOfThrowingOrRetryingAtOnce() {
        act("C1", new RunCommand.Start("backup", null));
        client.atNextCall = () -> StoreFaults.readOnly(store, true);
        client.failNext.set(1);
        client.retryAfter = Duration.ofSeconds(30);

        assertThat(dispatcher.deliverDueNow(100)).isEqualTo(1);
        assertThat(dispatcher.deliverDueNow(100)).as("held back for its Retry-After").isZero();
        clock.advance(Duration.ofSeconds(29));
        assertThat(dispatcher.deliverDueNow(100)).isZero();
        assertThat(client.attempts).hasValue(1);

        StoreFaults.readOnly(store, false);
        clock.advance(Duration.ofSeconds(1));
        dispatcher.deliverDueNow(100);
        assertThat(client.calls).containsExactly("post C1 header 0/3 done -> m1", "post C1 step 1 pending -> m2");
        assertThat(store.undeliveredCount()).isZero();
    }

    @Test
    void inTheBackgroundADiskThatCannotBeWrittenMakesNoResendNoBusyLoopAndNoUncaughtException() throws Exception {
        dispatcher.close();
        CountingOutbox outbox = new CountingOutbox(store);
        dispatcher = new OutboxDispatcher(outbox, store, store, client, clock, 2);
        List<Throwable> uncaught = Collections.synchronizedList(new ArrayList<>());
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> uncaught.add(e));
        try {
            act("C1", new RunCommand.Start("backup", null));
            act("C2", new RunCommand.Start("backup", null));
            // Both channels are claimed in one claim; the disk turns read-only as the first message goes out.
            client.atNextCall = () -> StoreFaults.readOnly(store, true);
            client.failNext.set(1); // one channel's first send fails too: its retry cannot be recorded either
            client.retryAfter = null;
            dispatcher.start();
            dispatcher.wake();

            waitUntil(() -> outbox.records.get() == 1 && outbox.retries.get() == 1, Duration.ofSeconds(10));
            // Let the loop scan the outbox many more times: each scan would have sent again.
            int scans = outbox.scans.get();
            waitUntil(() -> {
                dispatcher.wake();
                return outbox.scans.get() >= scans + 20;
            }, Duration.ofSeconds(30));
            assertThat(client.attempts).as("one send per channel: nothing sent again").hasValue(2);
            assertThat(outbox.records).as("no record retried before its time").hasValue(1);
            assertThat(outbox.retries).hasValue(1);

            StoreFaults.readOnly(store, false);
            clock.advance(Duration.ofMinutes(5));
            dispatcher.wake();
            waitUntil(() -> store.undeliveredCount() == 0, Duration.ofSeconds(20));

            assertThat(client.calls).filteredOn(c -> c.startsWith("post C1")).hasSize(2);
            assertThat(client.calls).filteredOn(c -> c.startsWith("post C2")).hasSize(2);
            assertThat(client.calls).filteredOn(c -> c.contains("header")).as("each header sent once").hasSize(2);
            assertThat(uncaught).isEmpty();
        } finally {
            dispatcher.close();
            Thread.setDefaultUncaughtExceptionHandler(before);
        }
    }

    static void waitUntil(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
