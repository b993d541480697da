package dev.checklistbot.chat;

import dev.checklistbot.checklist.ChecklistCatalog;
import dev.checklistbot.render.ChatMessage;
import dev.checklistbot.run.CommandContext;
import dev.checklistbot.run.RunCommand;
import dev.checklistbot.run.RunService;
import dev.checklistbot.run.RunSettings;
import dev.checklistbot.store.JdbcRunStore;
import dev.checklistbot.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.checklistbot.chat.OutboxDispatcherTest.ALICE;
import static dev.checklistbot.chat.OutboxDispatcherTest.CHECKLIST;
import static dev.checklistbot.chat.OutboxDispatcherTest.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several processes delivering one database's outbox: each a store and a dispatcher of its own, the chat platform one
 * for all. Every message goes out once, each channel's in order; a process that dies has its channels delivered by
 * another once its leases run out; a channel's pace holds whichever process posts.
 */
abstract class SeveralDispatchersTest {
    final List<AutoCloseable> toClose = new ArrayList<>();

    /** A new store on this test's database, as another process would open it. */
    protected abstract JdbcRunStore openStore(Clock clock);

    /** A store on a database of its own (for what one process alone would send). */
    protected abstract JdbcRunStore openSoloStore(Clock clock);

    @AfterEach
    void closeEverything() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private <T extends AutoCloseable> T closing(T closeable) {
        toClose.add(closeable);
        return closeable;
    }

    /** The chat platform, shared by every process: what each channel received, in order; ids like Slack's, per channel. */
    static final class Platform {
        final Map<String, List<String>> channels = new ConcurrentHashMap<>();
        private final Map<String, AtomicInteger> ids = new ConcurrentHashMap<>();

        List<String> of(String channel) {
            return channels.computeIfAbsent(channel, c -> Collections.synchronizedList(new ArrayList<>()));
        }

        String nextId(String channel) {
            return channel + "-" + ids.computeIfAbsent(channel, c -> new AtomicInteger()).incrementAndGet();
        }
    }

    /** One process's client to the platform; {@code sent} counts what this process sent. */
    static class Client implements ChatClient {
        final Platform platform;
        final AtomicInteger sent = new AtomicInteger();

        Client(Platform platform) {
            this.platform = platform;
        }

        @Override
        public String post(String channel, String threadId, ChatMessage message) throws DeliveryException {
            String id = platform.nextId(channel);
            platform.of(channel).add("post" + (threadId == null ? "" : " in " + threadId) + " "
                    + OutboxDispatcherTest.RecordingClient.describe(message) + " -> " + id);
            sent.incrementAndGet();
            return id;
        }

        @Override
        public void update(String channel, String messageId, ChatMessage message) throws DeliveryException {
            platform.of(channel).add("update " + messageId + " " + OutboxDispatcherTest.RecordingClient.describe(message));
            sent.incrementAndGet();
        }

        @Override
        public void ephemeral(String channel, String userId, ChatMessage message) {
        }
    }

    private static RunService service(JdbcRunStore store, Clock clock) {
        return new RunService(store, new ChecklistCatalog(List.of(CHECKLIST)), clock, RunSettings.defaults());
    }

    /** Every channel: a run started, step 1 done with a note, a note on step 2. */
    private static void act(JdbcRunStore store, Clock clock, List<String> channels) {
        RunService service = service(store, clock);
        for (String channel : channels) {
            for (RunCommand command : List.of(new RunCommand.Start("backup", null), new RunCommand.Done(1, "ok"),
                    new RunCommand.AddNote(2, "waiting for the DBA"))) {
                assertThat(service.handle(CommandContext.of(channel, ALICE), command).accepted()).isTrue();
            }
        }
    }

    /** What each channel receives when one process alone delivers the same commands. */
    private Map<String, List<String>> whatOneProcessSends(List<String> channels) {
        Clock clock = Clock.systemUTC();
        JdbcRunStore solo = closing(openSoloStore(clock));
        act(solo, clock, channels);
        Platform platform = new Platform();
        new OutboxDispatcher(solo, solo, solo, new Client(platform), clock, 1).deliverDueNow(10_000);
        return new TreeMap<>(platform.channels);
    }

    private static List<String> channels(int count) {
        List<String> channels = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            channels.add("C" + i);
        }
        return channels;
    }

    @Test
    @Timeout(120)
    void two_processes_deliver_forty_channels_every_message_once_and_each_channel_in_order() {
        List<String> channels = channels(40);
        Map<String, List<String>> expected = whatOneProcessSends(channels);
        Clock clock = Clock.systemUTC();
        JdbcRunStore one = closing(openStore(clock));
        JdbcRunStore two = closing(openStore(clock));
        act(one, clock, channels);
        int messages = one.undeliveredCount();
        Platform platform = new Platform();
        Client first = new Client(platform);
        Client second = new Client(platform);
        OutboxDispatcher a = closing(new OutboxDispatcher(one, one, one, first, clock, 2));
        OutboxDispatcher b = closing(new OutboxDispatcher(two, two, two, second, clock, 2));

        a.start();
        b.start();
        a.wake();
        b.wake();
        waitUntil(() -> one.undeliveredCount() == 0, Duration.ofSeconds(90));

        assertThat(new TreeMap<>(platform.channels)).isEqualTo(expected);
        System.out.printf("%d messages to %d channels: %d calls from one process, %d from the other%n", messages,
                channels.size(), first.sent.get(), second.sent.get());
    }

    @Test
    @Timeout(120)
    void a_process_that_dies_in_the_middle_of_a_send_has_its_channels_delivered_by_another_once_its_leases_run_out()
            throws Exception {
        List<String> channels = channels(6);
        Map<String, List<String>> expected = whatOneProcessSends(channels);
        Clock clock = Clock.systemUTC();
        JdbcRunStore doomed = openStore(clock);
        JdbcRunStore survivor = closing(openStore(clock));
        act(survivor, clock, channels);
        Platform platform = new Platform();
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        Client hanging = new Client(platform) {
            @Override
            public String post(String channel, String threadId, ChatMessage message) throws DeliveryException {
                stuck.countDown();
                try {
                    never.await(); // the process dies with this post on its way
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw DeliveryException.retryable("the process died", null, null);
            }
        };
        OutboxDispatcher dying = new OutboxDispatcher(doomed, doomed, doomed, hanging, clock, 1,
                ChannelPacer.unlimited(), "dying-process", Duration.ofSeconds(1));
        toClose.add(() -> {
            never.countDown();
            dying.close();
        });
        dying.start();
        dying.wake();
        assertThat(stuck.await(30, TimeUnit.SECONDS)).as("the first process claimed channels and is sending").isTrue();
        doomed.close(); // it dies: no more renewals, nothing let go

        Client client = new Client(platform);
        OutboxDispatcher other = closing(new OutboxDispatcher(survivor, survivor, survivor, client, clock, 2));
        other.start();
        other.wake();
        waitUntil(() -> survivor.undeliveredCount() == 0, Duration.ofSeconds(60));

        assertThat(new TreeMap<>(platform.channels)).as("everything, by the survivor, in order").isEqualTo(expected);
    }

    @Test
    void the_pace_of_a_channel_holds_whichever_process_posts_next() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-26T03:00:00Z"));
        JdbcRunStore one = closing(openStore(clock));
        JdbcRunStore two = closing(openStore(clock));
        assertThat(service(one, clock).handle(CommandContext.of("C1", ALICE), new RunCommand.Start("backup", null))
                .accepted()).isTrue();
        ChannelPacer onePostAMinute = ChannelPacer.perChannel(Duration.ofMinutes(1), 1);
        Platform platform = new Platform();
        OutboxDispatcher a = new OutboxDispatcher(one, one, one, new Client(platform), clock, 1, onePostAMinute);
        OutboxDispatcher b = new OutboxDispatcher(two, two, two, new Client(platform), clock, 1, onePostAMinute);

        assertThat(a.deliverDueNow(1)).as("the header").isEqualTo(1);
        assertThat(b.deliverDueNow(100)).as("the step message waits for the channel's pace").isZero();
        assertThat(a.deliverDueNow(100)).isZero();
        clock.advance(Duration.ofMinutes(1));
        assertThat(b.deliverDueNow(100)).isEqualTo(1);

        assertThat(platform.of("C1")).containsExactly("post header 0/3 done -> C1-1", "post step 1 pending -> C1-2");
    }
}
