package dev.checklistbot.slack;

import dev.checklistbot.testing.Await;
import dev.checklistbot.run.Run;
import dev.checklistbot.run.RunEvent;
import dev.checklistbot.run.RunStatus;
import dev.checklistbot.run.StepStatus;
import dev.checklistbot.store.JdbcRunStore;
import dev.checklistbot.store.PostedMessage;
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
 * SPEC "Several processes, one database": real {@code serve} processes on one database (two on one SQLite file, three
 * on one PostgreSQL: the subclasses), signed Slack requests spread over them round-robin. Each request is applied once whichever process gets it, each message is delivered
 * once and in order per channel, and when a process is killed the other delivers what it had pending.
 */
abstract class SeveralServeProcessesTest {
    private static final String C = "C0OPS00001";
    private static final String ALICE = "U0ALICE001";
    private static final String BOB = "U0BOB00001";

    @TempDir
    Path dir;
    private FakeSlack api;
    private ServeProcesses serves;
    private JdbcRunStore store;

    /** CHECKLIST_BOT_DB for every process of one test. */
    abstract String database(Path dir);

    /** Settings the processes need besides it (credentials). */
    abstract Map<String, String> databaseEnv();

    /** The test's own view of the database, as one more process. */
    abstract JdbcRunStore open(String database);

    abstract int processes();

    @BeforeEach
    void start() throws Exception {
        api = new FakeSlack();
        String db = database(dir);
        serves = new ServeProcesses(dir, api, db, databaseEnv(), processes());
        store = open(db);
    }

    @AfterEach
    void stop() {
        serves.close();
        store.close();
        api.close();
    }

    private Run lastRun(String channel) {
        return store.read(r -> r.lastRun(channel)).orElseThrow();
    }

    private String messageTs(String channel, int step) {
        return Await.value("message of step " + step, () -> store.read(r -> r.lastRun(channel))
                .flatMap(run -> store.find(run.id(), step)).map(PostedMessage::messageId).orElse(null));
    }

    private void awaitDelivered() {
        Await.until("outbox delivered", Duration.ofSeconds(60), () -> store.undeliveredCount() == 0);
    }

    private static void ack(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void aWholeRunWithEveryRequestSpreadOverTwoProcesses() {
        ack(serves.next().command(C, ALICE, ""));
        for (int step = 1; step <= 4; step++) {
            String ts = messageTs(C, step);
            ack(serves.next().reaction(step % 2 == 0 ? BOB : ALICE, "white_check_mark", C, ts));
            int n = step;
            Await.until("step " + n + " done", () -> lastRun(C).step(n).status() == StepStatus.DONE);
        }
        ack(serves.next().reaction(ALICE, "fast_forward", C, messageTs(C, 5)));
        ack(serves.next().button(BOB, C, messageTs(C, 6), SlackBlocks.ACTION_SKIP, lastRun(C).id() + ":6"));
        Await.until("completed", () -> lastRun(C).status() == RunStatus.COMPLETED);
        awaitDelivered();

        List<String> topLevel = api.delivered("chat.postMessage", C).stream().filter(p -> p.param("thread_ts") == null)
                .map(FakeSlack.Call::content).toList();
        assertThat(topLevel).hasSize(1 + 6 + 1);
        for (int i = 1; i <= 6; i++) {
            assertThat(topLevel.get(i)).contains("Step " + i + " of 6");
        }
        assertThat(topLevel.get(7)).contains("Summary");
        assertThat(api.delivered("chat.postMessage", BotHarness.SUMMARY_CHANNEL)).hasSize(1);
        for (int i = 1; i <= 4; i++) {
            String notice = "Step " + i + " done by";
            assertThat(api.delivered("chat.postMessage", C).stream().filter(p -> p.content().contains(notice)))
                    .as(notice).hasSize(1);
        }
    }

    @Test
    void twoReactionsOnOneStepThroughTwoProcessesAtOnceAdvanceItOnce() throws Exception {
        ack(serves.next().command(C, ALICE, ""));
        String ts = messageTs(C, 1);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                SignedSlack client = serves.client(i);
                String body = client.reactionBody(SignedSlack.eventId(), "reaction_added", i == 0 ? ALICE : BOB,
                        "white_check_mark", C, ts);
                sent.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return client.event(body);
                }, pool));
            }
            go.countDown();
            for (CompletableFuture<HttpResponse<String>> response : sent) {
                ack(response.get(20, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        awaitDelivered();
        Run run = lastRun(C);
        assertThat(run.finishedCount()).isEqualTo(1);
        assertThat(run.step(1).confirmers()).hasSize(1);
        List<RunEvent> events = store.read(r -> r.events(run.id()));
        assertThat(events.stream().filter(e -> e.type() == RunEvent.Type.STEP_DONE)).hasSize(1);
        assertThat(api.delivered("chat.postMessage", C).stream().filter(p -> p.content().contains("Step 2 of 6")))
                .hasSize(1);
    }

    @Test
    void theSameEventThroughBothProcessesIsAppliedOnce() {
        ack(serves.next().command(C, ALICE, ""));
        String body = serves.client(0).reactionBody(SignedSlack.eventId(), "reaction_added", ALICE, "white_check_mark",
                C, messageTs(C, 1));
        ack(serves.client(0).event(body));
        ack(serves.client(1).send("application/json", body,
                Map.of("X-Slack-Retry-Num", "1", "X-Slack-Retry-Reason", "http_timeout"), SignedSlack.now()));
        awaitDelivered();
        Run run = lastRun(C);
        assertThat(run.step(1).confirmations()).hasSize(1);
        assertThat(run.step(2).status()).isEqualTo(StepStatus.PENDING);
    }

    @Test
    void fortyChannelsStartedThroughBothProcessesAtOnceGetEachMessageExactlyOnceAndInOrder() throws Exception {
        List<String> channels = startForty();
        awaitDelivered();
        for (String channel : channels) {
            List<FakeSlack.Call> posts = api.delivered("chat.postMessage", channel);
            assertThat(posts).as(channel).hasSize(2);
            assertThat(posts.get(0).content()).contains("Backing Up BizTalk Server");
            assertThat(posts.get(1).content()).contains("Step 1 of 6");
        }
    }

    @Test
    void whenAProcessIsKilledTheOtherDeliversWhatItHadPendingInOrder() throws Exception {
        // Slack answers slowly, so that both processes hold deliveries under way when one is killed.
        api.failNext(30, 500, null);
        List<String> channels = startForty();
        serves.kill(0);
        awaitDelivered();
        int repeats = 0;
        for (String channel : channels) {
            List<String> posts = api.delivered("chat.postMessage", channel).stream().map(FakeSlack.Call::content)
                    .toList();
            List<String> distinct = posts.stream().distinct().toList();
            assertThat(distinct).as(channel).hasSize(2);
            assertThat(distinct.get(0)).as(channel).contains("Backing Up BizTalk Server");
            assertThat(distinct.get(1)).as(channel).contains("Step 1 of 6");
            assertThat(posts.indexOf(distinct.get(1))).as("order in " + channel)
                    .isGreaterThan(posts.lastIndexOf(distinct.get(0)) - 1);
            repeats += posts.size() - 2;
        }
        // What a kill -9 can repeat: the posts that process had under way (one per channel it was delivering).
        System.out.printf("%s: after a kill -9, %d posts were repeated%n", getClass().getSimpleName(), repeats);
        assertThat(repeats).isLessThanOrEqualTo(8);
        assertThat(serves.serve(1).process().isAlive()).isTrue();
    }

    /**
     * Starts the backup checklist in 40 channels at once, through every process in turn. A command the database
     * could not take within its deadline is answered "try again" and changed nothing (2 cores, three JVMs and a
     * database server here): it is typed again, as a person would.
     */
    private List<String> startForty() throws Exception {
        List<String> channels = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            channels.add(String.format("C0MULTI%03d", i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(20);
        java.util.concurrent.atomic.AtomicInteger retried = new java.util.concurrent.atomic.AtomicInteger();
        try {
            List<CompletableFuture<String>> sent = new ArrayList<>();
            for (String channel : channels) {
                sent.add(CompletableFuture.supplyAsync(() -> {
                    for (int attempt = 0; attempt < 5; attempt++) {
                        HttpResponse<String> response = serves.next().command(channel, ALICE, "start backup");
                        ack(response);
                        if (!response.body().contains("try again")) {
                            return response.body();
                        }
                        retried.incrementAndGet();
                    }
                    return "still busy";
                }, pool));
            }
            for (CompletableFuture<String> answer : sent) {
                assertThat(answer.get(60, TimeUnit.SECONDS)).contains("Started");
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf("%s: 40 starts at once, %d answered 'try again' and were typed again%n",
                getClass().getSimpleName(), retried.get());
        return channels;
    }
}
