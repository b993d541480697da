package dev.checklistbot.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checklistbot.store.BenchAccess;
import dev.checklistbot.store.JdbcRunStore;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Items 2-5 of the benchmark, each against a separate JVM on 127.0.0.1 with a local {@link FakeSlack}:
 * Slack events/s and ack latency (serve vs a bare Bolt app, {@link BoltFloorServer}), resident memory of serve,
 * recovery (healthy and outbox drained with 10,000 runs and 1,000 undelivered messages), start-up.
 * Every load is bounded in count and in time. Args: output folder, then --floor-only to measure only the
 * bare Bolt floor (when serve does not exist yet). Writes parts/slack.json, memory.json, recovery.json, startup.json.
 */
public final class ServeBench {
    static final String SECRET = "bench-signing-secret-0123456789abcdef";
    static final String TOKEN = "xoxb-bench-0000000000-0000000000000-benchbenchbenchbench";
    static final int[] CONCURRENCY = java.util.Arrays.stream(System.getProperty("bench.concurrency", "1,16,64").split(","))
            .mapToInt(Integer::parseInt).toArray();
    static final int EVENTS_PER_LEVEL = Integer.getInteger("bench.events", 3000);
    static final double SECONDS_PER_LEVEL = Double.parseDouble(System.getProperty("bench.seconds", "15"));
    /**
     * Not recorded: {@link #WARMUP_PASSES} unrecorded passes of every level first, on both servers, so that the JIT
     * has compiled what each level runs. A single short warm-up left C2 compiling through the measured levels
     * (JFR: C2 at about 0.4 of a core, compile time still growing 35 s into the load; serve's CPU per event at
     * concurrency 1 fell from 8.8 to 4.2 ms over three passes, and the floor's rate rose by half too). A server
     * that runs for days is measured warm.
     */
    static final int WARMUP_EVENTS = Integer.getInteger("bench.warmup", 1500);
    static final int WARMUP_PASSES = Integer.getInteger("bench.warmupPasses", 2);
    /** One run per event: each event marks step 1 of its own channel's run done. */
    static final int LOAD_RUNS = CONCURRENCY.length * (WARMUP_PASSES * WARMUP_EVENTS + EVENTS_PER_LEVEL);
    /** How long to wait for the outbox to drain after the load (bounded, so the suite stays under 10 minutes). */
    static final int DRAIN_SECONDS = Integer.getInteger("bench.drainSeconds", 90);
    /** The JVM flags serve runs with: bench/run passes the Dockerfile's (SERVE_JAVA_OPTS). */
    static final String SERVE_JAVA_OPTS = System.getenv().getOrDefault("SERVE_JAVA_OPTS", "");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path out;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private ServeBench(Path out) {
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/bench");
        boolean floorOnly = Arrays.asList(args).contains("--floor-only");
        ServeBench bench = new ServeBench(out);
        if (Arrays.asList(args).contains("--full-floor-only")) {
            Files.createDirectories(out); // the floor's log goes there
            System.out.println("full-path floor (group commit) at concurrency 16: " + bench.fullFloor());
        } else if (Arrays.asList(args).contains("--latency")) {
            bench.latencies(Arrays.asList(args));
        } else if (Arrays.asList(args).contains("--databases")) {
            bench.databases();
        } else if (Arrays.asList(args).contains("--no-load")) {
            bench.startup();
            bench.recoveryAndMemory();
        } else {
            bench.run(floorOnly);
        }
        System.exit(0);
    }

    private void run(boolean floorOnly) throws Exception {
        Files.createDirectories(out.resolve("parts"));
        String missing = floorOnly ? "checklist-bot has no 'serve' command yet (the Slack adapter is not on this branch)"
                : null;
        // ---- 2. Slack: the floor first, then serve.
        ObjectNode slack = JSON.createObjectNode();
        List<ObjectNode> floorLevels = new ArrayList<>();
        try (FakeSlack fake = new FakeSlack()) {
            Process floor = spawn(List.of(java(), "-cp", System.getProperty("java.class.path"),
                    BoltFloorServer.class.getName(), "0"), env(fake, null), "bolt-floor");
            try {
                int port = readPort(floor);
                for (int pass = 0; pass < WARMUP_PASSES; pass++) {
                    for (int c : CONCURRENCY) {
                        load(port, c, floor, null, "floor warm-up", WARMUP_EVENTS);
                    }
                }
                for (int c : CONCURRENCY) {
                    floorLevels.add(load(port, c, floor, null, "floor"));
                }
            } finally {
                stop(floor);
            }
        }
        // The full-path floor (issue 16): the same events, each a durable command (group commit) and four Web API calls.
        ObjectNode fullFloor = floorOnly ? null : fullFloor();
        this.fullFloor = fullFloor;
        ArrayNode levels = slack.putArray("levels");
        ObjectNode delivery = null;
        if (floorOnly) {
            slack.put("status", "partial");
            slack.put("reason", missing);
            for (int i = 0; i < CONCURRENCY.length; i++) {
                ObjectNode level = levels.addObject();
                level.put("concurrency", CONCURRENCY[i]);
                level.set("floor", floorLevels.get(i));
                level.put("serve", Report.NOT_MEASURED);
            }
        } else {
            slack.put("status", "measured");
            delivery = serveLoad(levels, floorLevels);
        }
        if (delivery != null) {
            slack.set("delivery", delivery);
        }
        slack.put("method", "plain Java load client (java.net.http, HTTP/1.1), N closed-loop workers = concurrency,"
                + " each level bounded by " + EVENTS_PER_LEVEL + " events and " + SECONDS_PER_LEVEL + " s; signed"
                + " event_callback requests (reaction_added white_check_mark and thread replies 'done', alternating),"
                + " after " + WARMUP_PASSES + " unrecorded warm-up passes of every level (" + WARMUP_EVENTS + " events each);"
                + " serve starts each level with an empty outbox (it waits for the delivery of the level before);"
                + " the full-path floor (concurrency 16) commits the same durable transaction per event with a group"
                + " commit (at most 64 events a commit, a savepoint each) and sends the same four Web API calls");
        slack.put("serve_java_opts", SERVE_JAVA_OPTS);
        write("slack", slack);
        if (floorOnly || Boolean.getBoolean("bench.loadOnly")) {
            return;
        }
        startup();
        recoveryAndMemory();
    }

    /** The full-path floor's figure at concurrency 16, once measured (null before, or when it failed). */
    private ObjectNode fullFloor;
    /** Unrecorded events sent to the full-path floor before its measured level. */
    static final int FULL_FLOOR_WARMUP = Integer.getInteger("bench.fullFloorWarmup", 3000);

    /**
     * Item 2's full-path floor ({@link FullPathFloor}) at concurrency 16: a warm-up (at most {@link #FULL_FLOOR_WARMUP}
     * events, 15 s), its calls let finish, then one level like serve's; the wait for its calls after it is reported as
     * serve's drain is. Null if it cannot be measured.
     */
    private ObjectNode fullFloor() {
        try {
            Path db = BenchFixture.freshDatabase("full-floor").toAbsolutePath();
            int runs = FULL_FLOOR_WARMUP + EVENTS_PER_LEVEL;
            prepareLoadDatabase(db, runs);
            try (FakeSlack fake = new FakeSlack()) {
                Process floor = spawn(List.of(java(), "-cp", System.getProperty("java.class.path"),
                        BoltFloorServer.class.getName(), "0", "--full", db.toString()), env(fake, null), "bolt-floor-full");
                try {
                    int port = readPort(floor);
                    long[] cursor = {0};
                    load(new int[] {port}, List.of(floor), null, 16, cursor, "full floor warm-up", FULL_FLOOR_WARMUP,
                            SECONDS_PER_LEVEL, runs);
                    awaitCalls(fake, cursor[0] * 4, 30);
                    long before = cursor[0];
                    double cpu0 = cpuSeconds(floor.pid());
                    ObjectNode r = load(new int[] {port}, List.of(floor), null, 16, cursor, "full floor",
                            EVENTS_PER_LEVEL, SECONDS_PER_LEVEL, runs);
                    double drained = awaitCalls(fake, cursor[0] * 4, 30);
                    r.put("calls_done_s_after_last_ack", Report.round3(drained));
                    r.put("server_cpu_ms_per_event_with_calls", Report.round3((cpuSeconds(floor.pid()) - cpu0) * 1e3
                            / Math.max(1, cursor[0] - before)));
                    return r;
                } finally {
                    stop(floor);
                }
            }
        } catch (Exception e) {
            System.out.println("the full-path floor failed: " + e);
            return null;
        }
    }

    /** Seconds until the fake has had {@code calls} chat calls, or -1 after {@code maxSeconds}. */
    private static double awaitCalls(FakeSlack fake, long calls, int maxSeconds) {
        long start = System.nanoTime();
        while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(maxSeconds)) {
            if (fake.deliveries.get() >= calls) {
                return (System.nanoTime() - start) / 1e9;
            }
            sleep(20);
        }
        return -1;
    }

    // ---- 2. serve under load ----

    private ObjectNode serveLoad(ArrayNode levels, List<ObjectNode> floorLevels) throws Exception {
        Path db = BenchFixture.freshDatabase("serve-load").toAbsolutePath();
        prepareLoadDatabase(db, LOAD_RUNS);
        try (FakeSlack fake = new FakeSlack()) {
            ServeProcess serve = startServe(fake, db);
            try {
                long[] cursor = {0};
                // Every level starts with an empty outbox, so that it measures its own events and their delivery,
                // not the delivery of the level before it (the floor has nothing to deliver).
                for (int pass = 0; pass < WARMUP_PASSES; pass++) {
                    for (int c : CONCURRENCY) {
                        load(serve.port, c, serve.process, cursor, "serve warm-up", WARMUP_EVENTS);
                        waitUndelivered(db, DRAIN_SECONDS);
                    }
                }
                double drainedLast = -1;
                long undeliveredLast = 0;
                for (int i = 0; i < CONCURRENCY.length; i++) {
                    double cpuAtStart = cpuSeconds(serve.process.pid());
                    ObjectNode s = load(serve.port, CONCURRENCY[i], serve.process, cursor, "serve");
                    undeliveredLast = undelivered(db);
                    drainedLast = waitUndelivered(db, DRAIN_SECONDS);
                    s.put("undelivered_at_last_ack", undeliveredLast);
                    s.put("delivered_s_after_last_ack", Report.round3(drainedLast));
                    s.put("server_cpu_ms_per_event_with_delivery", Report.round3(
                            (cpuSeconds(serve.process.pid()) - cpuAtStart) * 1e3 / Math.max(1, s.path("events").asInt())));
                    System.out.printf("serve concurrency %d: %d messages undelivered at the last ack, all delivered %.2f s"
                            + " later; serve CPU per event including its delivery %.2f ms%n", CONCURRENCY[i],
                            undeliveredLast, drainedLast, s.path("server_cpu_ms_per_event_with_delivery").asDouble());
                    ObjectNode f = floorLevels.get(i);
                    ObjectNode level = levels.addObject();
                    level.put("concurrency", CONCURRENCY[i]);
                    level.set("serve", s);
                    level.set("floor", f);
                    double ratio = s.path("events_per_s").asDouble() / f.path("events_per_s").asDouble();
                    level.put("ratio", Report.round3(ratio));
                    level.put("met", ratio >= 0.7);
                    if (CONCURRENCY[i] == 16) {
                        level.put("p99_met", s.path("p99_ms").asDouble() < 50);
                        if (fullFloor != null) {
                            double full = s.path("events_per_s").asDouble() / fullFloor.path("events_per_s").asDouble();
                            level.set("full_floor", fullFloor);
                            level.put("full_floor_ratio", Report.round3(full));
                            level.put("full_floor_met", full >= 0.8);
                        }
                    }
                }
                ObjectNode delivery = JSON.createObjectNode();
                delivery.put("events_applied", cursor[0]);
                delivery.put("undelivered_at_last_ack", undeliveredLast);
                delivery.put("messages", fake.deliveries.get());
                delivery.put("seconds_after_last_ack", Report.round3(drainedLast));
                delivery.put("all_delivered", drainedLast >= 0);
                delivery.put("bound_s", DRAIN_SECONDS);
                delivery.put("undelivered_at_bound", drainedLast >= 0 ? 0 : undelivered(db));
                delivery.set("fake_calls", JSON.valueToTree(new java.util.TreeMap<>(fake.calls)));
                return delivery;
            } finally {
                serve.stop();
            }
        }
    }

    // ---- 6-7. what a person waits for: action to next step, and an incident's burst of starts (issue 16) ----

    /** Item 6: events at concurrency 1 (one after the other), and at {@link #ACTION_WORKERS} at once (each this many). */
    static final int ACTION_EVENTS_C1 = Integer.getInteger("bench.actionEvents", 200);
    static final int ACTION_WORKERS = Integer.getInteger("bench.actionWorkers", 40);
    static final int ACTION_ROUNDS = Integer.getInteger("bench.actionRounds", 5);
    /** Unrecorded events before item 6 (item 2's load, concurrency 8) on each configuration's fresh processes. */
    static final int LATENCY_WARMUP_EVENTS = Integer.getInteger("bench.latencyWarmup", 3000);
    static final double LATENCY_WARMUP_SECONDS = Double.parseDouble(System.getProperty("bench.latencyWarmupSeconds", "10"));
    /** Item 7: how many channels start a run at once, and how many clients send their commands. */
    static final int BURST_CHANNELS = Integer.getInteger("bench.burstChannels", 200);
    static final int BURST_CLIENTS = Integer.getInteger("bench.burstClients", 16);
    /** How long a person is waited for at most (a message that does not come within it counts as missing). */
    static final long WAIT_FOR_POST_NANOS = TimeUnit.SECONDS.toNanos(Integer.getInteger("bench.postWaitSeconds", 30));
    /** database:processes for items 6-7. */
    static final String LATENCY_CONFIGURATIONS = System.getProperty("bench.latencyConfigs",
            "sqlite:1,postgresql:1,postgresql:2");
    /**
     * Slack's limits as the fake enforces them in items 6-7. Per channel: the documented "1 per second, short bursts >1
     * allowed" for chat.postMessage, as a burst of 3 (the bot's own pace, SlackBot.POST_BURST) refilled one per 950 ms
     * (5% of slack for the time a post takes to reach the fake). Workspace-wide: Slack says chat.postMessage keeps "a
     * workspace-wide limit" and publishes no figure for it; the bench takes Tier 4's published "100+ per minute" as
     * the steady rate's lower bound, times 10 (1,000 per minute: an incident's burst of starts must not be throttled
     * by a figure nobody publishes), with a burst of 500 posts.
     */
    static final FakeSlack.Limits SLACK_LIMITS = new FakeSlack.Limits(
            Double.parseDouble(System.getProperty("bench.channelIntervalMs", "950")), Integer.getInteger("bench.channelBurst", 3),
            Double.parseDouble(System.getProperty("bench.workspacePerMinute", "1000")),
            Integer.getInteger("bench.workspaceBurst", 500));

    private void latencies(List<String> args) throws Exception {
        Files.createDirectories(out.resolve("parts"));
        ObjectNode node = JSON.createObjectNode();
        node.put("status", "partial");
        node.put("limits", SLACK_LIMITS.describe());
        node.put("method", "item 6: on runs whose header and step 1 are posted, a reaction white_check_mark on step 1;"
                + " from the ack (the client has the 200) to the moment the fake Web API receives the channel's next"
                + " top-level post (step 2); " + ACTION_EVENTS_C1 + " events one after the other (c1), then "
                + ACTION_WORKERS + " workers at once, " + ACTION_ROUNDS + " events each, each event in a channel of its"
                + " own; item 7: " + BURST_CHANNELS + " channels each get a slash command 'start backup' from "
                + BURST_CLIENTS + " clients at once; per channel from its ack to the receipt of its step 1 post;"
                + " order: the header's post before step 1's; after an unrecorded warm-up of item 2's load ("
                + LATENCY_WARMUP_EVENTS + " events at most, " + LATENCY_WARMUP_SECONDS + " s) with the fake's limits"
                + " off; each part (c1, the 40 channels, the burst) starts from the fake's full buckets, its 429s"
                + " counted on their own");
        ArrayNode configurations = node.putArray("configurations");
        BenchPostgres pg = null;
        try {
            for (Configuration configuration : Configuration.list(LATENCY_CONFIGURATIONS)) {
                String kind = configuration.database();
                int processes = configuration.processes();
                ObjectNode c;
                try {
                    if (kind.equals(BenchDatabase.POSTGRESQL) && pg == null) {
                        pg = BenchPostgres.start("latency");
                    }
                    c = latency(kind, processes, kind.equals(BenchDatabase.POSTGRESQL) ? pg : null);
                } catch (Exception | Error e) {
                    c = notMeasured("latency", configuration, e);
                }
                configurations.add(c);
                write("latency", node);
            }
        } finally {
            if (pg != null) {
                pg.close();
            }
        }
        node.put("status", "measured");
        write("latency", node);
    }

    /** A database and a number of serve processes on it, as {@code bench.dbConfigs} and {@code bench.latencyConfigs} say. */
    record Configuration(String database, int processes) {
        /** "sqlite:2,postgresql:1" */
        static List<Configuration> list(String spec) {
            List<Configuration> all = new ArrayList<>();
            for (String one : spec.split(",")) {
                String[] parts = one.split(":");
                all.add(new Configuration(parts[0].trim(), Integer.parseInt(parts[1].trim())));
            }
            return all;
        }

        @Override
        public String toString() {
            return database + " with " + processes + " process(es)";
        }
    }

    /** A configuration's node when it could not be measured, the failure printed with its stack. */
    private static ObjectNode notMeasured(String part, Configuration configuration, Throwable e) {
        System.out.println(part + ", " + configuration + ", failed: " + e);
        e.printStackTrace(System.out);
        ObjectNode c = JSON.createObjectNode();
        c.put("database", configuration.database());
        c.put("processes", configuration.processes());
        c.put("status", Report.NOT_MEASURED);
        c.put("reason", e.toString());
        return c;
    }

    private ObjectNode latency(String kind, int processes, BenchPostgres pg) throws Exception {
        String name = "latency-" + kind + "-" + processes;
        int runs = LATENCY_WARMUP_EVENTS + ACTION_EVENTS_C1 + ACTION_WORKERS * ACTION_ROUNDS;
        Path sqlite = BenchFixture.freshDatabase("serve-" + name).toAbsolutePath();
        prepareLoadDatabase(sqlite, runs);
        BenchDatabase database = BenchDatabase.sqlite(sqlite);
        if (pg != null) {
            String url = pg.freshDatabase("latency_" + processes);
            try (dev.checklistbot.store.Database from = dev.checklistbot.store.Database.open(sqlite.toString());
                 dev.checklistbot.store.Database to = dev.checklistbot.store.Database.open(url,
                         BenchDatabase.postgres(url).credentials())) {
                dev.checklistbot.store.DatabaseCopy.copy(from, to);
            }
            database = BenchDatabase.postgres(url);
        }
        ObjectNode c = JSON.createObjectNode();
        c.put("database", kind);
        c.put("processes", processes);
        try (FakeSlack fake = new FakeSlack(SLACK_LIMITS)) {
            List<ServeProcess> serves = new ArrayList<>();
            try {
                for (int i = 0; i < processes; i++) {
                    serves.add(startServe(fake, database, "serve-" + name + "-" + (i + 1)));
                }
                int[] ports = serves.stream().mapToInt(sp -> sp.port).toArray();
                List<Process> ps = serves.stream().map(sp -> sp.process).toList();
                long[] cursor = {0};
                // The warm-up warms the code, not the workspace's budget: the fake's limits are off meanwhile and each
                // measured part below starts from full buckets.
                fake.suspendLimits();
                load(ports, ps, null, 8, cursor, name + " warm-up", LATENCY_WARMUP_EVENTS, LATENCY_WARMUP_SECONDS, runs);
                waitUndelivered(database, 60);
                fake.refillLimits();
                long limitedBefore = fake.rateLimited.get();
                // c1: one person at a time.
                List<Long> c1 = new ArrayList<>();
                int[] missing = {0};
                for (int i = 0; i < ACTION_EVENTS_C1; i++) {
                    int index = (int) cursor[0]++;
                    Long l = actionToNextStep(ports[index % ports.length], index, fake);
                    if (l == null) {
                        missing[0]++;
                    } else {
                        c1.add(l);
                    }
                }
                c.set("action_to_next_step_c1", latencyNode(c1, missing[0]));
                waitUndelivered(database, 60);
                c.put("rate_limited_c1", fake.rateLimited.get() - limitedBefore);
                fake.refillLimits();
                limitedBefore = fake.rateLimited.get();
                // 40 channels at once.
                List<Long> many = java.util.Collections.synchronizedList(new ArrayList<>());
                java.util.concurrent.atomic.AtomicInteger missingMany = new java.util.concurrent.atomic.AtomicInteger();
                int first = (int) cursor[0];
                cursor[0] += (long) ACTION_WORKERS * ACTION_ROUNDS;
                Thread[] workers = new Thread[ACTION_WORKERS];
                for (int w = 0; w < ACTION_WORKERS; w++) {
                    int worker = w;
                    workers[w] = new Thread(() -> {
                        for (int r = 0; r < ACTION_ROUNDS; r++) {
                            int index = first + worker * ACTION_ROUNDS + r;
                            try {
                                Long l = actionToNextStep(ports[index % ports.length], index, fake);
                                if (l == null) {
                                    missingMany.incrementAndGet();
                                } else {
                                    many.add(l);
                                }
                            } catch (Exception e) {
                                missingMany.incrementAndGet();
                            }
                        }
                    }, "action-" + w);
                    workers[w].start();
                }
                for (Thread t : workers) {
                    t.join();
                }
                ObjectNode c40 = latencyNode(many, missingMany.get());
                c40.put("concurrency", ACTION_WORKERS);
                c.set("action_to_next_step_many", c40);
                waitUndelivered(database, 60);
                c.put("rate_limited_action", fake.rateLimited.get() - limitedBefore);
                fake.refillLimits();
                limitedBefore = fake.rateLimited.get();
                // The incident: many channels start a run at once.
                c.set("incident_burst", burst(ports, fake, database));
                c.put("rate_limited_burst", fake.rateLimited.get() - limitedBefore);
                c.put("rate_limited_total", fake.rateLimited.get());
                c.set("rate_limited_by", JSON.valueToTree(new java.util.TreeMap<>(fake.rateLimitedBy)));
                c.put("status", "measured");
                System.out.printf("%s: action to next step c1 p50 %.1f ms p99 %.1f ms; c%d p50 %.1f ms p99 %.1f ms;"
                                + " burst %s; 429s %d%n", name, c.path("action_to_next_step_c1").path("p50_ms").asDouble(),
                        c.path("action_to_next_step_c1").path("p99_ms").asDouble(), ACTION_WORKERS,
                        c40.path("p50_ms").asDouble(), c40.path("p99_ms").asDouble(), c.path("incident_burst"),
                        fake.rateLimited.get());
            } finally {
                for (ServeProcess sp : serves) {
                    sp.stop();
                }
            }
        }
        return c;
    }

    /**
     * One person's ✅ on step 1 of the prepared channel {@code index}: milliseconds from the ack to the fake's receipt of
     * the channel's next top-level post (step 2; the channel had none through the fake before), 0 if it came before the
     * ack reached the client, null if the ack failed or the post did not come within {@link #WAIT_FOR_POST_NANOS}.
     */
    private Long actionToNextStep(int port, int index, FakeSlack fake) throws Exception {
        String channel = BenchFixture.channel(index);
        URI uri = URI.create("http://127.0.0.1:" + port + "/slack/events");
        HttpResponse<String> response = http.send(signed(uri, reaction(2_000_000L + index, channel, stepTs(index))),
                HttpResponse.BodyHandlers.ofString());
        long acked = System.nanoTime();
        if (response.statusCode() != 200) {
            return null;
        }
        long posted = awaitTopLevel(fake, channel, 0, acked + WAIT_FOR_POST_NANOS);
        return posted < 0 ? null : Math.max(0, posted - acked);
    }

    /** When the channel's n-th top-level post reached the fake (polled every 0.1 ms), or -1 after {@code deadline}. */
    private static long awaitTopLevel(FakeSlack fake, String channel, int n, long deadline) {
        while (true) {
            long at = fake.topLevelPostAt(channel, n);
            if (at >= 0) {
                return at;
            }
            if (System.nanoTime() > deadline) {
                return -1;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(100_000);
        }
    }

    private static ObjectNode latencyNode(List<Long> nanos, int missing) {
        long[] all = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        ObjectNode r = JSON.createObjectNode();
        r.put("events", all.length);
        r.put("missing", missing);
        r.put("p50_ms", Report.round3(percentile(all, 0.50) / 1e6));
        r.put("p99_ms", Report.round3(percentile(all, 0.99) / 1e6));
        r.put("max_ms", Report.round3(all.length == 0 ? 0 : all[all.length - 1] / 1e6));
        return r;
    }

    /**
     * Item 7: {@link #BURST_CHANNELS} new channels each get "start backup" from {@link #BURST_CLIENTS} clients at once;
     * per channel, from its command's ack to the receipt of its step 1 post; the order of each channel's first two
     * top-level posts (header, then step 1).
     */
    private ObjectNode burst(int[] ports, FakeSlack fake, BenchDatabase database) throws Exception {
        long[] acked = new long[BURST_CHANNELS];
        AtomicLong next = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        java.util.concurrent.atomic.AtomicReference<String> firstError = new java.util.concurrent.atomic.AtomicReference<>();
        long start = System.nanoTime();
        Thread[] clients = new Thread[BURST_CLIENTS];
        for (int w = 0; w < BURST_CLIENTS; w++) {
            clients[w] = new Thread(() -> {
                for (long i; (i = next.getAndIncrement()) < BURST_CHANNELS; ) {
                    URI uri = URI.create("http://127.0.0.1:" + ports[(int) (i % ports.length)] + "/slack/events");
                    try {
                        HttpResponse<String> r = http.send(signedForm(uri, command(burstChannel((int) i))),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 200 || !r.body().contains("Started")) {
                            errors.incrementAndGet();
                            firstError.compareAndSet(null, r.statusCode() + " " + r.body().substring(0,
                                    Math.min(200, r.body().length())));
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, e.toString());
                    }
                    acked[(int) i] = System.nanoTime();
                }
            }, "burst-" + w);
            clients[w].start();
        }
        for (Thread t : clients) {
            t.join();
        }
        double sendSeconds = (System.nanoTime() - start) / 1e9;
        List<Long> perChannel = new ArrayList<>();
        long lastPost = start;
        int missing = 0;
        int outOfOrder = 0;
        long deadline = System.nanoTime() + WAIT_FOR_POST_NANOS;
        for (int i = 0; i < BURST_CHANNELS; i++) {
            String channel = burstChannel(i);
            long at = awaitTopLevel(fake, channel, 1, deadline);
            if (at < 0) {
                missing++;
                continue;
            }
            perChannel.add(Math.max(0, at - acked[i]));
            lastPost = Math.max(lastPost, at);
            List<String> texts = fake.topLevelTexts(channel);
            if (texts.size() < 2 || texts.get(0).contains("Step ") || !texts.get(1).startsWith("Step 1 of")) {
                outOfOrder++;
            }
        }
        ObjectNode r = latencyNode(perChannel, missing);
        r.put("channels", BURST_CHANNELS);
        r.put("command_errors", errors.get());
        if (firstError.get() != null) {
            r.put("first_command_error", firstError.get());
        }
        r.put("commands_sent_in_s", Report.round3(sendSeconds));
        r.put("all_served_s_after_first_command", Report.round3((lastPost - start) / 1e9));
        r.put("out_of_order", outOfOrder);
        waitUndelivered(database, 60);
        return r;
    }

    static String burstChannel(int i) {
        return String.format("CB%07d", i + 1);
    }

    private static String command(String channel) {
        return "token=bench&team_id=T0BENCH&team_domain=bench&channel_id=" + channel + "&channel_name=incident"
                + "&user_id=U0BENCH1&user_name=bench&command=%2Fbackup-checklist&text=start+backup&api_app_id=A0BENCH"
                + "&is_enterprise_install=false&response_url=http%3A%2F%2F127.0.0.1%3A9%2Fcommands%2Fx"
                + "&trigger_id=1.2." + channel;
    }

    /** A slash command's form body, signed as Slack signs it. */
    private static HttpRequest signedForm(URI uri, String body) throws Exception {
        return signed(uri, body, "application/x-www-form-urlencoded");
    }

    // ---- 2. the same load on PostgreSQL, and on two processes sharing one database ----

    /**
     * The concurrency levels of the database comparison: 16 (where several commits can be in flight), as issue 12 asks;
     * 64 as well with -Dbench.dbConcurrency=16,64 (about 40 s more per configuration: it does not fit the suite's
     * 10 minutes on 2 cores).
     */
    static final int[] DB_CONCURRENCY = Arrays.stream(System.getProperty("bench.dbConcurrency", "16").split(","))
            .mapToInt(Integer::parseInt).toArray();
    /** database:processes, in the order measured; SQLite with one process is item 2's own figure. */
    static final String DB_CONFIGURATIONS = System.getProperty("bench.dbConfigs", "postgresql:1,postgresql:2,sqlite:2");
    /**
     * Unrecorded warm-up of each configuration's fresh processes: one level at this concurrency, at most
     * {@link #DB_WARMUP_EVENTS} events and {@link #DB_WARMUP_SECONDS} s (time-bounded: on PostgreSQL the rate is low).
     */
    static final int DB_WARMUP_CONCURRENCY = Integer.getInteger("bench.dbWarmupConcurrency", 64);
    static final int DB_WARMUP_EVENTS = Integer.getInteger("bench.dbWarmup", 3000);
    static final double DB_WARMUP_SECONDS = Double.parseDouble(System.getProperty("bench.dbWarmupSeconds", "8"));
    /** How long to wait for the outbox to drain after each level here (bounded tighter than item 2's 90 s). */
    static final int DB_DRAIN_SECONDS = Integer.getInteger("bench.dbDrainSeconds", 15);
    /** Each measured level here: at most {@link #EVENTS_PER_LEVEL} events and this many seconds (item 2: 15 s). */
    static final double DB_SECONDS_PER_LEVEL = Double.parseDouble(System.getProperty("bench.dbSeconds", "10"));

    /**
     * Item 2's load (concurrency 16, at most {@link #EVENTS_PER_LEVEL} events and {@link #DB_SECONDS_PER_LEVEL} s)
     * against serve on PostgreSQL with one process, and with two processes on one database (PostgreSQL, and one
     * SQLite file), the events spread round-robin over the two. Each configuration gets a fresh database of the same
     * prepared runs (PostgreSQL: the SQLite one copied with the bot's own copy-db), fresh serve processes and its own
     * warm-up. Writes parts/slack-databases.json.
     */
    private void databases() throws Exception {
        Files.createDirectories(out.resolve("parts"));
        ObjectNode node = JSON.createObjectNode();
        node.put("method", "item 2's load client and payloads; concurrency " + Arrays.toString(DB_CONCURRENCY)
                + ", each level at most " + EVENTS_PER_LEVEL + " events and " + DB_SECONDS_PER_LEVEL + " s, after an"
                + " unrecorded warm-up at concurrency " + DB_WARMUP_CONCURRENCY + " (at most " + DB_WARMUP_EVENTS
                + " events and " + DB_WARMUP_SECONDS + " s) on the same processes; with two processes event j goes to"
                + " process j % 2; each level starts with an empty outbox (the wait bounded: " + DB_DRAIN_SECONDS
                + " s); fresh database and serve processes per configuration");
        node.put("drain_bound_s", DB_DRAIN_SECONDS);
        ArrayNode configurations = node.putArray("configurations");
        BenchPostgres pg = null;
        String pgFailure = null;
        boolean anyMeasured = false;
        boolean anyFailed = false;
        try {
            for (Configuration configuration : Configuration.list(DB_CONFIGURATIONS)) {
                String kind = configuration.database();
                int processes = configuration.processes();
                ObjectNode c;
                try {
                    if (kind.equals(BenchDatabase.POSTGRESQL) && pg == null && pgFailure == null) {
                        try {
                            pg = BenchPostgres.start("serve");
                        } catch (Exception | Error e) {
                            pgFailure = "the bench's PostgreSQL did not start: " + e;
                        }
                    }
                    if (kind.equals(BenchDatabase.POSTGRESQL) && pg == null) {
                        throw new IllegalStateException(pgFailure);
                    }
                    c = configuration(kind, processes, kind.equals(BenchDatabase.POSTGRESQL) ? pg : null, node);
                    anyMeasured = true;
                } catch (Exception e) {
                    c = notMeasured("item 2", configuration, e);
                    anyFailed = true;
                }
                configurations.add(c);
                // Written after each configuration, so that a run stopped by bench/run's timeout keeps what it measured.
                node.put("status", anyMeasured ? "partial" : Report.NOT_MEASURED);
                node.put("reason", "stopped before every configuration was measured");
                write("slack-databases", node);
            }
        } finally {
            if (pg != null) {
                pg.close();
            }
        }
        node.remove("reason");
        if (!anyMeasured) {
            node.put("reason", "no configuration could be measured (see target/bench/slack-databases.log)");
        }
        node.put("status", !anyMeasured ? Report.NOT_MEASURED : anyFailed ? "partial" : "measured");
        write("slack-databases", node);
    }

    private ObjectNode configuration(String kind, int processes, BenchPostgres pg, ObjectNode parent) throws Exception {
        String name = kind + "-" + processes;
        int runs = DB_WARMUP_EVENTS + DB_CONCURRENCY.length * EVENTS_PER_LEVEL;
        Path sqlite = BenchFixture.freshDatabase("serve-" + name).toAbsolutePath();
        prepareLoadDatabase(sqlite, runs);
        BenchDatabase database;
        ObjectNode c = JSON.createObjectNode();
        c.put("database", kind);
        c.put("processes", processes);
        if (pg != null) {
            String url = pg.freshDatabase("serve_" + processes);
            long t0 = System.nanoTime();
            try (dev.checklistbot.store.Database from = dev.checklistbot.store.Database.open(sqlite.toString());
                 dev.checklistbot.store.Database to = dev.checklistbot.store.Database.open(url,
                         BenchDatabase.postgres(url).credentials())) {
                dev.checklistbot.store.DatabaseCopy.copy(from, to);
            }
            System.out.printf("%s: %d runs copied into PostgreSQL in %.1f s%n", name, runs, (System.nanoTime() - t0) / 1e9);
            database = BenchDatabase.postgres(url);
            if (!parent.has("postgres_server")) {
                parent.set("postgres_server", pg.settings(url));
            }
        } else {
            database = BenchDatabase.sqlite(sqlite);
        }
        try (FakeSlack fake = new FakeSlack()) {
            List<ServeProcess> serves = new ArrayList<>();
            try {
                for (int i = 0; i < processes; i++) {
                    serves.add(startServe(fake, database, "serve-" + name + "-" + (i + 1)));
                }
                c.put("lease_tables_present", hasTable(database, "channel_leases"));
                int[] ports = serves.stream().mapToInt(sp -> sp.port).toArray();
                List<Process> ps = serves.stream().map(sp -> sp.process).toList();
                long[] cursor = {0};
                load(ports, ps, pg, DB_WARMUP_CONCURRENCY, cursor, name + " warm-up", DB_WARMUP_EVENTS, DB_WARMUP_SECONDS,
                        runs);
                waitUndelivered(database, DB_DRAIN_SECONDS);
                ArrayNode levels = c.putArray("levels");
                for (int level : DB_CONCURRENCY) {
                    double cpu0 = cpuSeconds(ps);
                    double db0 = pg == null ? 0 : pg.cpuSeconds();
                    long calls0 = fake.deliveries.get();
                    long outbox0 = maxOutboxId(database);
                    long atStart = undelivered(database);
                    Map<String, Long> read0 = rowsRead(database);
                    long xacts0 = transactions(database);
                    long polls0 = POLLS.get();
                    ObjectNode r = load(ports, ps, pg, level, cursor, name, EVENTS_PER_LEVEL, DB_SECONDS_PER_LEVEL, runs);
                    long left = undelivered(database);
                    double drained = waitUndelivered(database, DB_DRAIN_SECONDS);
                    long remaining = drained >= 0 ? 0 : undelivered(database);
                    int events = Math.max(1, r.path("events").asInt());
                    // Messages delivered per second while the bench waited for the drain (no load then): when the
                    // bound ends the wait first, what delivery managed in it.
                    r.put("undelivered_at_bound", remaining);
                    r.put("delivered_per_s_after_last_ack", Report.round1(
                            (left - remaining) / (drained >= 0 ? Math.max(drained, 0.02) : DB_DRAIN_SECONDS)));
                    r.put("concurrency", level);
                    r.put("undelivered_at_start", atStart);
                    r.put("undelivered_at_last_ack", left);
                    r.put("delivered_s_after_last_ack", Report.round3(drained));
                    r.put("server_cpu_ms_per_event_with_delivery", Report.round3((cpuSeconds(ps) - cpu0) * 1e3 / events));
                    if (pg != null) {
                        r.put("database_server_cpu_ms_per_event_with_delivery",
                                Report.round3((pg.cpuSeconds() - db0) * 1e3 / events));
                    }
                    long rows = maxOutboxId(database) - outbox0;
                    r.put("outbox_rows_per_event", Report.round3(rows / (double) events));
                    r.put("web_api_calls_per_event", Report.round3((fake.deliveries.get() - calls0) / (double) events));
                    if (pg != null) {
                        // The bench's own queries (one poll every 20 ms while it waits, two more) are not the bot's.
                        long own = POLLS.get() - polls0 + 2;
                        r.put("database_transactions_per_event_with_delivery",
                                Report.round3((transactions(database) - xacts0 - own) / (double) events));
                        Map<String, Long> read1 = rowsRead(database);
                        ObjectNode perTable = r.putObject("database_rows_read_per_event_with_delivery");
                        read1.forEach((table, n) -> perTable.put(table,
                                Report.round1((n - read0.getOrDefault(table, 0L)) / (double) events)));
                    }
                    System.out.printf("%s concurrency %d: %d undelivered at the last ack, all delivered %.2f s later;"
                                    + " %.2f outbox rows and %.2f Web API calls per event%s%n", name, level, left, drained,
                            r.path("outbox_rows_per_event").asDouble(), r.path("web_api_calls_per_event").asDouble(),
                            pg == null ? "" : String.format("; PostgreSQL: %.1f transactions and rows read %s per event,"
                                    + " with delivery", r.path("database_transactions_per_event_with_delivery").asDouble(),
                                    r.path("database_rows_read_per_event_with_delivery")));
                    levels.add(r);
                }
                c.put("status", "measured");
                c.put("events_applied", cursor[0]);
                c.set("fake_calls", JSON.valueToTree(new java.util.TreeMap<>(fake.calls)));
                List<Double> rss = serves.stream().map(sp -> Report.round1(sp.rssMb())).toList();
                c.set("rss_mb_after", JSON.valueToTree(rss));
            } finally {
                for (ServeProcess sp : serves) {
                    sp.stop();
                }
            }
        }
        return c;
    }

    /**
     * PostgreSQL: transactions committed so far in the database (pg_stat_database, as the statistics collector last
     * heard; it lags by up to about half a second), or -1 on SQLite.
     */
    private static long transactions(BenchDatabase database) throws SQLException {
        if (!database.isPostgres()) {
            return -1;
        }
        try (Connection c = database.connection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    /** PostgreSQL: rows read so far per table of the bot (sequential + index fetches, pg_stat_user_tables); else empty. */
    private static Map<String, Long> rowsRead(BenchDatabase database) throws SQLException {
        Map<String, Long> rows = new java.util.TreeMap<>();
        if (!database.isPostgres()) {
            return rows;
        }
        try (Connection c = database.connection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT relname, COALESCE(seq_tup_read, 0) + COALESCE(idx_tup_fetch, 0)"
                     + " FROM pg_stat_user_tables WHERE relname <> 'flyway_schema_history'")) {
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getLong(2));
            }
        }
        return rows;
    }

    private static long maxOutboxId(BenchDatabase database) throws SQLException {
        try (Connection c = database.connection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(id), 0) FROM outbox")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static boolean hasTable(BenchDatabase database, String table) throws SQLException {
        try (Connection c = database.connection(); ResultSet rs = c.getMetaData().getTables(null, null, table, null)) {
            return rs.next();
        }
    }

    /**
     * {@code runs} active runs whose header and step 1 message are already posted (posted_messages rows with
     * the ts {@link #stepTs} gives, outbox delivered), so that every event of the load acts on step 1 of its
     * own channel and advances it, whatever the outbox delivery is doing meanwhile.
     */
    static void prepareLoadDatabase(Path db, int runs) throws SQLException {
        prepareRecoveryDatabase(db, runs, 0);
        try (Connection c = BenchAccess.productionConnection(db); Statement st = c.createStatement()) {
            st.execute("BEGIN IMMEDIATE");
            st.execute("UPDATE outbox SET delivered_at = created_at WHERE delivered_at IS NULL");
            st.execute("DELETE FROM posted_messages");
            st.execute("INSERT INTO posted_messages (channel, message_id, run_id, step)"
                    + " SELECT channel, printf('1700000000.%06d', id), id, 0 FROM runs");
            st.execute("INSERT INTO posted_messages (channel, message_id, run_id, step)"
                    + " SELECT channel, printf('1700000001.%06d', id), id, 1 FROM runs");
            st.execute("COMMIT");
        }
    }

    /** The ts of step 1's message in the i-th channel of the load database (run id i + 1). */
    static String stepTs(int channelIndex) {
        return String.format("1700000001.%06d", channelIndex + 1);
    }

    /**
     * Closed-loop load: {@code concurrency} workers, each sending one signed event and waiting for the ack.
     * Event j acts on step 1 of channel j (a reaction on the step message, or a "done" reply in its thread).
     */
    private ObjectNode load(int port, int concurrency, Process server, long[] cursor, String label) throws Exception {
        return load(port, concurrency, server, cursor, label, EVENTS_PER_LEVEL);
    }

    /**
     * Besides events/s and latency, the CPU time the server process and this JVM (load client and fake Web API)
     * used during the level, per event: on 2 cores shared by all three, that is what sets the rate.
     */
    private ObjectNode load(int port, int concurrency, Process server, long[] cursor, String label, int events)
            throws Exception {
        return load(new int[] {port}, List.of(server), null, concurrency, cursor, label, events, SECONDS_PER_LEVEL,
                LOAD_RUNS);
    }

    /**
     * The load against one or more servers: event j goes to {@code ports[j % ports.length]} (round-robin), and acts on
     * the run in channel {@code j % runs}. CPU per event is that of all the {@code servers} together, and, when
     * {@code database} is given, that of the PostgreSQL server besides.
     */
    private ObjectNode load(int[] ports, List<Process> servers, BenchPostgres database, int concurrency, long[] cursor,
                            String label, int events, double seconds, int runs) throws Exception {
        URI[] uris = Arrays.stream(ports).mapToObj(port -> URI.create("http://127.0.0.1:" + port + "/slack/events"))
                .toArray(URI[]::new);
        long base = cursor == null ? 0 : cursor[0];
        AtomicLong next = new AtomicLong(base);
        long limit = base + events;
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long[][] latencies = new long[concurrency][];
        int[] done = new int[concurrency];
        AtomicLong errors = new AtomicLong();
        Thread[] workers = new Thread[concurrency];
        double serverCpuAtStart = cpuSeconds(servers);
        double databaseCpuAtStart = database == null ? 0 : database.cpuSeconds();
        double ownCpuAtStart = ownCpuSeconds();
        long start = System.nanoTime();
        for (int w = 0; w < concurrency; w++) {
            int id = w;
            latencies[w] = new long[events];
            workers[w] = new Thread(() -> {
                while (System.nanoTime() < deadline) {
                    long j = next.getAndIncrement();
                    if (j >= limit) {
                        break;
                    }
                    int index = (int) (j % runs);
                    String channel = BenchFixture.channel(index);
                    String ts = stepTs(index);
                    String body = j % 2 == 0 ? reaction(j, channel, ts) : threadReply(j, channel, ts);
                    URI uri = uris[(int) (j % uris.length)];
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> response = http.send(signed(uri, body), HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    latencies[id][done[id]++] = System.nanoTime() - t0;
                }
            }, label + "-load-" + w);
            workers[w].start();
        }
        for (Thread t : workers) {
            t.join(TimeUnit.SECONDS.toMillis((long) seconds + 30));
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        double serverCpu = cpuSeconds(servers) - serverCpuAtStart;
        double databaseCpu = database == null ? 0 : database.cpuSeconds() - databaseCpuAtStart;
        double ownCpu = ownCpuSeconds() - ownCpuAtStart;
        if (cursor != null) {
            cursor[0] = Math.min(next.get(), limit);
        }
        long[] all = new long[Arrays.stream(done).sum()];
        int k = 0;
        for (int w = 0; w < concurrency; w++) {
            System.arraycopy(latencies[w], 0, all, k, done[w]);
            k += done[w];
        }
        Arrays.sort(all);
        ObjectNode r = JSON.createObjectNode();
        r.put("events", all.length);
        r.put("errors", errors.get());
        r.put("seconds", Report.round3(elapsed));
        r.put("events_per_s", Report.round1(all.length / elapsed));
        r.put("p50_ms", Report.round3(percentile(all, 0.50) / 1e6));
        r.put("p99_ms", Report.round3(percentile(all, 0.99) / 1e6));
        r.put("max_ms", Report.round3(all.length == 0 ? 0 : all[all.length - 1] / 1e6));
        int n = Math.max(1, all.length);
        r.put("server_cpu_ms_per_event", Report.round3(serverCpu * 1e3 / n));
        r.put("client_and_fake_cpu_ms_per_event", Report.round3(ownCpu * 1e3 / n));
        if (database != null) {
            r.put("database_server_cpu_ms_per_event", Report.round3(databaseCpu * 1e3 / n));
        }
        System.out.printf("%s concurrency %d: %d events (%d errors) in %.2f s = %.1f/s, p50 %.2f ms, p99 %.2f ms;"
                        + " CPU per event: server %.2f ms, load client + fake %.2f ms%s%n",
                label, concurrency, all.length, errors.get(), elapsed, all.length / elapsed,
                percentile(all, 0.5) / 1e6, percentile(all, 0.99) / 1e6, serverCpu * 1e3 / n, ownCpu * 1e3 / n,
                database == null ? "" : String.format(", PostgreSQL %.2f ms", databaseCpu * 1e3 / n));
        return r;
    }

    private static String reaction(long j, String channel, String ts) {
        return "{\"token\":\"bench\",\"team_id\":\"T0BENCH\",\"api_app_id\":\"A0BENCH\",\"type\":\"event_callback\","
                + "\"event_id\":\"EvB" + j + "\",\"event_time\":" + (System.currentTimeMillis() / 1000) + ","
                + "\"event\":{\"type\":\"reaction_added\",\"user\":\"U0BENCH" + (j % 7) + "\",\"reaction\":\"white_check_mark\","
                + "\"item_user\":\"" + FakeSlack.BOT_USER + "\",\"item\":{\"type\":\"message\",\"channel\":\"" + channel
                + "\",\"ts\":\"" + ts + "\"},\"event_ts\":\"" + (1_800_000_000L + j) + ".000100\"}}";
    }

    private static String threadReply(long j, String channel, String ts) {
        return "{\"token\":\"bench\",\"team_id\":\"T0BENCH\",\"api_app_id\":\"A0BENCH\",\"type\":\"event_callback\","
                + "\"event_id\":\"EvB" + j + "\",\"event_time\":" + (System.currentTimeMillis() / 1000) + ","
                + "\"event\":{\"type\":\"message\",\"channel\":\"" + channel + "\",\"user\":\"U0BENCH" + (j % 7)
                + "\",\"text\":\"done\",\"ts\":\"" + (1_800_000_000L + j) + ".000200\",\"thread_ts\":\"" + ts
                + "\",\"event_ts\":\"" + (1_800_000_000L + j) + ".000200\",\"channel_type\":\"channel\"}}";
    }

    /** An event's JSON body, signed as Slack signs it. */
    private static HttpRequest signed(URI uri, String body) throws Exception {
        return signed(uri, body, "application/json");
    }

    private static HttpRequest signed(URI uri, String body, String contentType) throws Exception {
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = "v0=" + HexFormat.of().formatHex(mac.doFinal(("v0:" + timestamp + ":" + body)
                .getBytes(StandardCharsets.UTF_8)));
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("Content-Type", contentType)
                .header("X-Slack-Request-Timestamp", timestamp)
                .header("X-Slack-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    // ---- 3-5. memory, recovery, start-up ----

    private void startup() throws Exception {
        ObjectNode node = JSON.createObjectNode();
        ArrayNode tries = node.putArray("tries_s");
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Path db = BenchFixture.freshDatabase("serve-startup").toAbsolutePath();
            try (FakeSlack fake = new FakeSlack()) {
                ServeProcess serve = startServe(fake, db);
                try {
                    times.add(serve.healthyAfter);
                    tries.add(Report.round3(serve.healthyAfter));
                    if (i == 0) {
                        Thread.sleep(2_000);
                        writeMemoryAfterStart(serve.rssMb());
                    }
                } finally {
                    serve.stop();
                }
            }
        }
        double median = times.stream().sorted().toList().get(1);
        node.put("status", "measured");
        node.put("healthy_after_s", Report.round3(median));
        node.put("target_s", 2.0);
        node.put("met", median < 2.0);
        node.put("method", "time from spawning `java " + SERVE_JAVA_OPTS + " -jar target/checklist-bot.jar serve` to"
                + " GET /health = 200 (polled every 10 ms), empty database; median of 3");
        write("startup", node);
    }

    private double rssAfterStart = -1;

    private void writeMemoryAfterStart(double rss) {
        rssAfterStart = rss;
    }

    private void recoveryAndMemory() throws Exception {
        Path db = BenchFixture.freshDatabase("serve-recovery").toAbsolutePath();
        prepareRecoveryDatabase(db, 10_000, 1_000, true);
        try (FakeSlack fake = new FakeSlack()) {
            ServeProcess serve = startServe(fake, db);
            try {
                double drained = waitUndelivered(db, 120);
                double deliveredAfter = drained < 0 ? -1 : (System.nanoTime() - serve.spawnedAt) / 1e9;
                ObjectNode rec = JSON.createObjectNode();
                rec.put("status", "measured");
                rec.put("active_runs", 10_000);
                rec.put("undelivered_at_start", 1_000);
                rec.put("healthy_after_s", Report.round3(serve.healthyAfter));
                rec.put("target_s", 5.0);
                rec.put("met", serve.healthyAfter < 5.0);
                rec.put("delivered_after_s", Report.round3(deliveredAfter));
                rec.put("fake_deliveries", fake.deliveries.get());
                rec.put("platforms", "5,000 runs in Slack channels, 5,000 in Discord channels (discord:<snowflake>);"
                        + " serve with Slack only, the 1,000 messages in Slack channels");
                // A person's command with that many active runs: a slash command that starts a run in a new channel
                // (it reads the channel's active run and writes the new one), ack latency, one after the other.
                List<Long> acks = new ArrayList<>();
                URI events = URI.create("http://127.0.0.1:" + serve.port + "/slack/events");
                for (int i = 0; i < COMMANDS_WITH_RUNS; i++) {
                    long t0 = System.nanoTime();
                    HttpResponse<String> r = http.send(signedForm(events, command(String.format("CR%07d", i + 1))),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200 && r.body().contains("Started")) {
                        acks.add(System.nanoTime() - t0);
                    }
                }
                ObjectNode command = latencyNode(acks, COMMANDS_WITH_RUNS - acks.size());
                command.put("what", "slash command 'start backup' in a new Slack channel, ack latency, one after the other");
                rec.set("command_with_runs", command);
                rec.put("heap_used_mb_with_runs", heapUsedMb(serve.process.pid()));
                write("recovery", rec);
                Thread.sleep(1_000);
                ObjectNode mem = JSON.createObjectNode();
                mem.put("status", "measured");
                mem.put("rss_after_start_mb", Report.round1(rssAfterStart));
                mem.put("after_start_met", rssAfterStart >= 0 && rssAfterStart < 256);
                mem.put("rss_with_runs_mb", Report.round1(serve.rssMb()));
                mem.put("active_runs", 10_000);
                mem.put("target_mb", 256);
                mem.put("met", serve.rssMb() < 256);
                mem.put("java_opts", SERVE_JAVA_OPTS);
                mem.put("method", "VmRSS from /proc/PID/status: 2 s after healthy on an empty database; and with"
                        + " 10,000 active runs after the 1,000 outbox messages were delivered");
                write("memory", mem);
            } finally {
                serve.stop();
            }
        }
    }

    /**
     * 10,000 active runs: one started through the engine, copied by SQL (channel and id patched in its JSON
     * state), in one transaction; then {@code undelivered} HEADER_POST outbox rows for the first runs.
     */
    static void prepareRecoveryDatabase(Path db, int runs, int undelivered) throws SQLException {
        prepareRecoveryDatabase(db, runs, undelivered, false);
    }

    /**
     * The same; with {@code bothPlatforms}, every other run is in a Discord channel ({@code discord:<snowflake>}), and
     * the undelivered messages are the first Slack runs' (serve runs with Slack only here: Discord's wait for a process
     * that serves Discord).
     */
    static void prepareRecoveryDatabase(Path db, int runs, int undelivered, boolean bothPlatforms) throws SQLException {
        try (JdbcRunStore store = JdbcRunStore.open(db.toString())) {
            BenchFixture.startRuns(BenchFixture.service(store, BenchFixture.catalog()), 1);
        }
        try (Connection c = BenchAccess.productionConnection(db); Statement st = c.createStatement()) {
            st.execute("BEGIN IMMEDIATE");
            st.execute("UPDATE outbox SET delivered_at = created_at");
            st.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + (runs - 1) + ")"
                    + " INSERT INTO runs (channel, checklist_id, title, status, started_at, ended_at, state)"
                    + " SELECT printf('C%07d', i), r.checklist_id, r.title, r.status, r.started_at, NULL,"
                    + " json_set(r.state, '$.channel', printf('C%07d', i)) FROM n, runs r WHERE r.id = 1");
            if (bothPlatforms) {
                st.execute("UPDATE runs SET channel = printf('discord:%d', 1100000000000000000 + id) WHERE id % 2 = 0");
                st.execute("UPDATE runs SET state = json_set(state, '$.channel', channel)");
            }
            st.execute("UPDATE runs SET state = json_set(state, '$.id', id)");
            st.execute("INSERT INTO outbox (channel, kind, run_id, step, event, created_at)"
                    + " SELECT channel, 'HEADER_POST', id, 0, NULL, started_at FROM runs"
                    + (bothPlatforms ? " WHERE channel NOT LIKE 'discord:%'" : "") + " ORDER BY id LIMIT " + undelivered);
            st.execute("COMMIT");
        }
    }

    /** Item 4: commands timed with 10,000 active runs. */
    static final int COMMANDS_WITH_RUNS = Integer.getInteger("bench.commandsWithRuns", 50);

    /** The process's heap in use after a full GC (jcmd GC.run then GC.heap_info), MB; -1 if jcmd cannot tell. */
    static double heapUsedMb(long pid) {
        try {
            String jcmd = System.getProperty("java.home") + File.separator + "bin" + File.separator + "jcmd";
            new ProcessBuilder(jcmd, Long.toString(pid), "GC.run").redirectErrorStream(true).start().waitFor(30, TimeUnit.SECONDS);
            Process p = new ProcessBuilder(jcmd, Long.toString(pid), "GC.heap_info").redirectErrorStream(true).start();
            String info = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            // Serial GC: "def new generation total 1234K, used 567K ..." and "tenured generation total ..., used ...K"
            // (G1: "garbage-first heap total ..., used ...K"); Metaspace's lines are not heap.
            java.util.regex.Pattern used = java.util.regex.Pattern.compile("used (\\d+)K");
            long kb = 0;
            boolean any = false;
            for (String line : info.split("\n")) {
                java.util.regex.Matcher m = used.matcher(line);
                if ((line.contains("generation") || line.contains("heap")) && m.find()) {
                    kb += Long.parseLong(m.group(1));
                    any = true;
                }
            }
            return any ? Report.round1(kb / 1024.0) : -1;
        } catch (Exception e) {
            return -1;
        }
    }

    /** Seconds until the outbox has no undelivered message (polled every 20 ms), or -1 after {@code maxSeconds}. */
    static long undelivered(Path db) throws SQLException {
        return undelivered(BenchDatabase.sqlite(db));
    }

    static long undelivered(BenchDatabase db) throws SQLException {
        try (Connection c = db.connection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL AND abandoned_at IS NULL")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static double waitUndelivered(Path db, int maxSeconds) throws Exception {
        return waitUndelivered(BenchDatabase.sqlite(db), maxSeconds);
    }

    static double waitUndelivered(BenchDatabase db, int maxSeconds) throws Exception {
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(maxSeconds);
        try (Connection c = db.connection(); Statement st = c.createStatement()) {
            while (System.nanoTime() < end) {
                // EXISTS, not COUNT: a poll reads at most one row, whatever the backlog (PostgreSQL counts rows read).
                POLLS.incrementAndGet();
                try (ResultSet rs = st.executeQuery("SELECT EXISTS (SELECT 1 FROM outbox"
                        + " WHERE delivered_at IS NULL AND abandoned_at IS NULL)")) {
                    if (rs.next() && !rs.getBoolean(1)) {
                        return (System.nanoTime() - start) / 1e9;
                    }
                }
                Thread.sleep(20);
            }
        }
        return -1;
    }

    /** How many times the bench polled a database for its undelivered messages (each poll is one transaction). */
    static final AtomicLong POLLS = new AtomicLong();

    // ---- processes ----

    private final class ServeProcess {
        final Process process;
        final int port;
        final long spawnedAt;
        final double healthyAfter;

        ServeProcess(Process process, int port, long spawnedAt, double healthyAfter) {
            this.process = process;
            this.port = port;
            this.spawnedAt = spawnedAt;
            this.healthyAfter = healthyAfter;
        }

        double rssMb() {
            return rss(process.pid());
        }

        void stop() {
            ServeBench.stop(process);
        }
    }

    private ServeProcess startServe(FakeSlack fake, Path db) throws Exception {
        return startServe(fake, BenchDatabase.sqlite(db), "serve");
    }

    /** Spawns serve on {@code database}, logging to {@code name}.log, and waits until /health answers 200. */
    private ServeProcess startServe(FakeSlack fake, BenchDatabase database, String name) throws Exception {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(java());
        if (!SERVE_JAVA_OPTS.isBlank()) {
            command.addAll(Arrays.asList(SERVE_JAVA_OPTS.trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", "target/checklist-bot.jar", "serve", "--bind", "127.0.0.1"));
        Map<String, String> env = env(fake, null);
        env.putAll(database.env());
        env.put("PORT", Integer.toString(port));
        long spawned = System.nanoTime();
        Process p = spawn(command, env, name);
        long deadline = spawned + TimeUnit.SECONDS.toNanos(60);
        URI health = URI.create("http://127.0.0.1:" + port + "/health");
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("serve exited with " + p.exitValue() + " (see target/bench/" + name + ".log)");
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(1)).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return new ServeProcess(p, port, spawned, (System.nanoTime() - spawned) / 1e9);
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Thread.sleep(10);
        }
        stop(p);
        throw new IllegalStateException("serve was not healthy within 60 s");
    }

    private Map<String, String> env(FakeSlack fake, Path db) {
        Map<String, String> env = new java.util.HashMap<>();
        env.put("SLACK_API_URL", fake.url());
        env.put("SLACK_BOT_TOKEN", TOKEN);
        env.put("SLACK_SIGNING_SECRET", SECRET);
        env.put("CHECKLISTS_DIR", BenchFixture.CHECKLISTS.toAbsolutePath().toString());
        env.put("LOG_LEVEL", "WARN");
        if (db != null) {
            env.put("CHECKLIST_BOT_DB", db.toString());
        }
        return env;
    }

    /** Every process this bench spawned: stopped when the bench's JVM ends, also when bench/run's timeout ends it. */
    private static final List<Process> SPAWNED = new java.util.concurrent.CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> SPAWNED.forEach(p -> {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }), "bench-spawned-stop"));
    }

    private Process spawn(List<String> command, Map<String, String> env, String name) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        pb.redirectError(ProcessBuilder.Redirect.appendTo(out.resolve(name + ".log").toFile()));
        if (!name.startsWith("bolt-floor")) {
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(out.resolve(name + ".log").toFile()));
        }
        Process p = pb.start();
        SPAWNED.add(p);
        return p;
    }

    private static int readPort(Process p) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String line;
        while (System.nanoTime() < deadline && (line = in.readLine()) != null) {
            if (line.startsWith("listening ")) {
                return Integer.parseInt(line.substring("listening ".length()).trim());
            }
        }
        throw new IllegalStateException("the Bolt floor server did not start (see target/bench/bolt-floor.log)");
    }

    static void stop(Process p) {
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** User + system CPU seconds a process has used so far (/proc/PID/stat), or NaN where that cannot be read. */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // Fields after the command name, which is in parentheses and may hold spaces: utime is 14th, stime 15th.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) CLOCK_TICKS;
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    /** The same, summed over several processes. */
    static double cpuSeconds(List<Process> processes) {
        double total = 0;
        for (Process p : processes) {
            total += cpuSeconds(p.pid());
        }
        return total;
    }

    /** {@link #cpuSeconds(long)} plus the CPU of the children the process has waited for (cutime, cstime). */
    static double cpuSecondsWithReapedChildren(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]))
                    / (double) CLOCK_TICKS;
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    /** Linux's USER_HZ, which /proc/PID/stat counts in: 100 on every Linux this runs on (getconf CLK_TCK). */
    private static final int CLOCK_TICKS = 100;

    private static double ownCpuSeconds() {
        return cpuSeconds(ProcessHandle.current().pid());
    }

    static double rss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }

    static int freePort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static String java() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }

    static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void write(String name, ObjectNode node) throws Exception {
        String variant = System.getProperty("bench.variant", "");
        node.put("java_opts", SERVE_JAVA_OPTS);
        JSON.writerWithDefaultPrettyPrinter().writeValue(
                out.resolve("parts/" + name + (variant.isEmpty() ? "" : "-" + variant) + ".json").toFile(), node);
    }
}
