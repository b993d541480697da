package dev.checklistbot.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Gathers what the parts of bench/run wrote (JMH's JSON for item 1, target/bench/parts/*.json for the rest),
 * writes target/bench/results.json (shape: bench/PERFORMANCE.md, "Results JSON") and prints the table.
 * A part that did not run is written as {"status": "not measured yet", "reason": ...}: never a number.
 */
public final class Report {
    static final int SCHEMA_VERSION = 1;
    static final String NOT_MEASURED = "not measured yet";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Report() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "target/bench");
        long suiteSeconds = args.length > 1 ? Long.parseLong(args[1]) : -1;
        Path parts = out.resolve("parts");
        ObjectNode root = JSON.createObjectNode();
        root.put("schema_version", SCHEMA_VERSION);
        root.put("generated_at", Instant.now().toString());
        root.put("suite_seconds", suiteSeconds);
        root.set("machine", machine(parts));
        root.set("engine_store", engineStore(out, parts));
        String missing = readText(parts.resolve("serve-missing.txt"));
        missing = missing == null ? null : missing.strip();
        String reason = missing != null ? missing : "this part did not run";
        root.set("slack", part(parts, "slack", reason));
        root.set("memory", part(parts, "memory", reason));
        root.set("recovery", part(parts, "recovery", reason));
        root.set("startup", part(parts, "startup", reason));
        root.set("slack_databases", part(parts, "slack-databases", missing != null ? missing
                : "this part did not run (bench/run: ServeBench --databases)"));
        root.set("latency", part(parts, "latency", missing != null ? missing
                : "this part did not run (bench/run: ServeBench --latency)"));
        ObjectNode old = JSON.createObjectNode();
        for (String name : new String[] {"memory", "recovery", "startup"}) {
            JsonNode node = readJson(parts.resolve(name + "-old_flags.json"));
            if (node != null) {
                old.set(name, node);
            }
        }
        if (old.size() > 0) {
            root.set("old_flags", old);
        }
        Files.createDirectories(out);
        JSON.writerWithDefaultPrettyPrinter().writeValue(out.resolve("results.json").toFile(), root);
        String table = table(root);
        Files.writeString(out.resolve("table.md"), table);
        System.out.println(table);
        System.out.println("results: " + out.resolve("results.json"));
    }

    static ObjectNode machine(Path parts) throws IOException {
        ObjectNode m = JSON.createObjectNode();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        String meminfo = readText(Path.of("/proc/meminfo"));
        if (meminfo != null) {
            for (String line : meminfo.split("\n")) {
                if (line.startsWith("MemTotal:")) {
                    m.put("memory_mb", Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024);
                }
            }
        }
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        String before = readText(parts.resolve("loadavg-start.txt"));
        if (before != null) {
            m.put("loadavg_at_start", before.strip());
        }
        String now = readText(Path.of("/proc/loadavg"));
        if (now != null) {
            m.put("loadavg_at_end", now.strip());
        }
        m.put("report_jvm_uptime_ms", ManagementFactory.getRuntimeMXBean().getUptime());
        return m;
    }

    static ObjectNode engineStore(Path out, Path parts) throws IOException {
        ObjectNode e = JSON.createObjectNode();
        JsonNode paired = readJson(parts.resolve("engine-paired.json"));
        ObjectNode jmh = jmh(out.resolve("jmh-store.json"));
        if (paired == null && jmh == null) {
            e.put("status", NOT_MEASURED);
            e.put("reason", "neither the paired run nor JMH wrote results (see target/bench/*.log)");
            e.set("postgres", part(parts, "engine-postgres", "the paired run did not write it (see target/bench/paired-store.log)"));
            return e;
        }
        e.put("status", "measured");
        e.put("active_runs", 1000);
        e.put("target_ratio", 0.5);
        e.put("floor_shape", "BEGIN IMMEDIATE; UPDATE runs SET state; INSERT run_events; INSERT outbox; COMMIT"
                + " (plain JDBC, prepared statements, production connection settings)");
        JsonNode rows = readJson(parts.resolve("engine-rows.json"));
        if (rows != null) {
            e.set("engine_rows_per_command", rows);
        }
        if (paired != null) {
            // The headline: engine and floor interleaved, so that machine drift cancels in the ratio.
            e.put("engine_commands_per_s", paired.path("engine_commands_per_s").asDouble());
            e.put("floor_commands_per_s", paired.path("floor_commands_per_s").asDouble());
            e.put("ratio", paired.path("ratio_median").asDouble());
            e.put("met", paired.path("ratio_median").asDouble() >= 0.5);
            e.set("paired", paired);
        }
        e.set("postgres", part(parts, "engine-postgres", "the paired run did not write it (see target/bench/paired-store.log)"));
        if (jmh != null) {
            e.set("jmh", jmh);
            if (paired == null && jmh.has("ratio")) {
                e.put("engine_commands_per_s", jmh.path("engine").path("commands_per_s").asDouble());
                e.put("floor_commands_per_s", jmh.path("floor").path("commands_per_s").asDouble());
                e.put("ratio", jmh.path("ratio").asDouble());
                e.put("met", jmh.path("ratio").asDouble() >= 0.5);
            }
        }
        return e;
    }

    /** JMH's figures for StoreThroughputBench.engine / .floor, or null if it wrote none. */
    static ObjectNode jmh(Path file) throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            return null;
        }
        ObjectNode j = JSON.createObjectNode();
        j.put("method", "JMH 1.37, throughput, 1 fork each, 1 thread, 2 x 3 s warm-up, 5 x 3 s measured,"
                + " engine then floor (not interleaved)");
        for (JsonNode r : JSON.readTree(file.toFile())) {
            String name = r.path("benchmark").asText();
            ObjectNode figure = JSON.createObjectNode();
            JsonNode pm = r.path("primaryMetric");
            figure.put("commands_per_s", round1(pm.path("score").asDouble()));
            double error = pm.path("scoreError").asDouble(Double.NaN);
            if (Double.isNaN(error)) {
                figure.putNull("error_99_9");
            } else {
                figure.put("error_99_9", round1(error));
            }
            ArrayNode its = figure.putArray("iterations");
            for (JsonNode fork : pm.path("rawData")) {
                for (JsonNode v : fork) {
                    its.add(round1(v.asDouble()));
                }
            }
            j.set(name.substring(name.lastIndexOf('.') + 1), figure);
        }
        if (j.has("engine") && j.has("floor")) {
            j.put("ratio", round3(j.path("engine").path("commands_per_s").asDouble()
                    / j.path("floor").path("commands_per_s").asDouble()));
        }
        return j;
    }

    static JsonNode part(Path parts, String name, String reason) throws IOException {
        JsonNode node = readJson(parts.resolve(name + ".json"));
        if (node != null) {
            return node;
        }
        ObjectNode e = JSON.createObjectNode();
        e.put("status", NOT_MEASURED);
        e.put("reason", reason);
        return e;
    }

    // ---- the table ----

    static String table(JsonNode root) {
        List<String[]> rows = new ArrayList<>();
        JsonNode es = root.path("engine_store");
        if (measured(es)) {
            rows.add(new String[] {"1. step commands/s, " + es.path("active_runs").asInt()
                    + " active runs, one durable tx each (interleaved, medians)",
                    num(es.path("engine_commands_per_s")), num(es.path("floor_commands_per_s")), pct(es.path("ratio")),
                    ">= 50% of floor", met(es.path("met"))});
            JsonNode jmh = es.path("jmh");
            if (!jmh.isMissingNode()) {
                rows.add(new String[] {"1. same, JMH (one after the other; cross-check)", fig(jmh.path("engine")),
                        fig(jmh.path("floor")), pct(jmh.path("ratio")), "", ""});
            }
        } else {
            rows.add(notMeasured("1. step commands/s", es));
        }
        JsonNode slack = root.path("slack");
        if (measured(slack) || "partial".equals(slack.path("status").asText())) {
            for (JsonNode level : slack.path("levels")) {
                int c = level.path("concurrency").asInt();
                if (level.path("serve").isTextual()) {
                    rows.add(new String[] {"2. Slack events/s, concurrency " + c, level.path("serve").asText(),
                            num(level.path("floor").path("events_per_s")), "", ">= 70% of floor", ""});
                    rows.add(new String[] {"2. ack p50 / p99 ms, concurrency " + c, level.path("serve").asText(),
                            num(level.path("floor").path("p50_ms")) + " / " + num(level.path("floor").path("p99_ms")),
                            "", c == 16 ? "p99 < 50 ms" : "", ""});
                    continue;
                }
                rows.add(new String[] {"2. Slack events/s, concurrency " + c,
                        num(level.path("serve").path("events_per_s")), num(level.path("floor").path("events_per_s")),
                        pct(level.path("ratio")), ">= 70% of floor", met(level.path("met"))});
                if (level.has("full_floor")) {
                    rows.add(new String[] {"2. Slack events/s, concurrency " + c + ", against the full-path floor (a bare"
                            + " Bolt app: the same durable SQLite transaction, group commit, and the same four Web API calls"
                            + " with the SDK)",
                            num(level.path("serve").path("events_per_s")),
                            num(level.path("full_floor").path("events_per_s")), pct(level.path("full_floor_ratio")),
                            ">= 80% of floor", met(level.path("full_floor_met"))});
                    rows.add(new String[] {"2. ack p50 / p99 ms, concurrency " + c + ", full-path floor", "",
                            num(level.path("full_floor").path("p50_ms")) + " / "
                                    + num(level.path("full_floor").path("p99_ms")), "", "", ""});
                }
                rows.add(new String[] {"2. ack p50 / p99 ms, concurrency " + c,
                        num(level.path("serve").path("p50_ms")) + " / " + num(level.path("serve").path("p99_ms")),
                        num(level.path("floor").path("p50_ms")) + " / " + num(level.path("floor").path("p99_ms")), "",
                        c == 16 ? "p99 < 50 ms" : "", c == 16 ? met(level.path("p99_met")) : ""});
            }
            List<String> drains = new ArrayList<>();
            for (JsonNode level : slack.path("levels")) {
                JsonNode serve = level.path("serve");
                if (serve.has("delivered_s_after_last_ack")) {
                    double s = serve.path("delivered_s_after_last_ack").asDouble();
                    drains.add("c" + level.path("concurrency").asInt() + ": " + (s < 0 ? "not within "
                            + slack.path("delivery").path("bound_s").asText() + " s" : num(serve.path("delivered_s_after_last_ack")))
                            + " (" + serve.path("undelivered_at_last_ack").asText() + " left)");
                }
            }
            if (!drains.isEmpty()) {
                rows.add(new String[] {"2. outbox drained, s after each level's last ack (messages undelivered then; delivered"
                    + " per s after it)",
                        String.join("; ", drains), "", "", "", ""});
            } else if (!slack.path("delivery").isMissingNode()) {
                JsonNode d = slack.path("delivery");
                String drained = d.path("all_delivered").asBoolean()
                        ? num(d.path("seconds_after_last_ack"))
                        : "not within " + d.path("bound_s").asText() + " s: " + d.path("undelivered_at_bound").asText()
                        + " of " + d.path("undelivered_at_last_ack").asText() + " left";
                rows.add(new String[] {"2. outbox drained after the load (" + d.path("undelivered_at_last_ack").asText()
                        + " undelivered at last ack), s", drained, "", "", "", ""});
            }
            List<String> cpu = new ArrayList<>();
            for (JsonNode level : slack.path("levels")) {
                JsonNode serve = level.path("serve");
                if (serve.has("server_cpu_ms_per_event")) {
                    cpu.add("c" + level.path("concurrency").asInt() + ": " + num(serve.path("server_cpu_ms_per_event"))
                            + " vs " + num(level.path("floor").path("server_cpu_ms_per_event")));
                }
            }
            if (!cpu.isEmpty()) {
                rows.add(new String[] {"2. server CPU ms per event during the level, serve vs floor",
                        String.join("; ", cpu), "", "", "", ""});
            }
            if (!measured(slack)) {
                rows.add(new String[] {"2. Slack (serve)", NOT_MEASURED + ": " + slack.path("reason").asText(), "", "", "", ""});
            }
        } else {
            rows.add(notMeasured("2. Slack events/s and ack latency", slack));
        }
        JsonNode mem = root.path("memory");
        if (measured(mem)) {
            rows.add(new String[] {"3. RSS of serve after start, MB", num(mem.path("rss_after_start_mb")), "", "",
                    "< 256 MB", met(mem.path("after_start_met"))});
            rows.add(new String[] {"3. RSS of serve, 10,000 active runs, MB", num(mem.path("rss_with_runs_mb")), "", "",
                    "< 256 MB", met(mem.path("met"))});
        } else {
            rows.add(notMeasured("3. resident memory of serve", mem));
        }
        JsonNode rec = root.path("recovery");
        if (measured(rec)) {
            rows.add(new String[] {"4. start -> healthy, 10,000 runs + 1,000 outbox, s", num(rec.path("healthy_after_s")),
                    "", "", "< 5 s", met(rec.path("met"))});
            rows.add(new String[] {"4. 1,000 outbox messages delivered, s after start", num(rec.path("delivered_after_s")),
                    "", "", "", ""});
        } else {
            rows.add(notMeasured("4. recovery", rec));
        }
        JsonNode st = root.path("startup");
        if (measured(st)) {
            rows.add(new String[] {"5. start -> healthy, empty database, s", num(st.path("healthy_after_s")), "", "",
                    "< 2 s", met(st.path("met"))});
        } else {
            rows.add(notMeasured("5. start-up", st));
        }
        JsonNode old = root.path("old_flags");
        if (!old.isMissingNode()) {
            rows.add(new String[] {"3-5. the same with the old Dockerfile flags (" + old.path("memory").path("java_opts").asText()
                    + "): RSS start / 10,000 runs MB; healthy empty / recovery s",
                    num(old.path("memory").path("rss_after_start_mb")) + " / " + num(old.path("memory").path("rss_with_runs_mb"))
                            + "; " + num(old.path("startup").path("healthy_after_s")) + " / "
                            + num(old.path("recovery").path("healthy_after_s")), "", "", "", ""});
        }
        StringBuilder sb = new StringBuilder();
        sb.append("| measure | checklist-bot | floor | ratio | target | met |\n");
        sb.append("|---|---:|---:|---:|---|---|\n");
        for (String[] r : rows) {
            sb.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        sb.append('\n').append(databaseTable(root));
        sb.append('\n').append(latencyTable(root));
        JsonNode m = root.path("machine");
        sb.append("\nmachine: ").append(m.path("cores").asText()).append(" cores, ")
                .append(m.path("memory_mb").asText()).append(" MB, ").append(m.path("java").asText())
                .append("; load average at start ").append(m.path("loadavg_at_start").asText("?"))
                .append(", at end ").append(m.path("loadavg_at_end").asText("?"));
        if (root.path("suite_seconds").asLong() >= 0) {
            sb.append("; suite took ").append(root.path("suite_seconds").asLong()).append(" s");
        }
        sb.append('\n');
        JsonNode opts = root.path("memory").path("java_opts");
        if (!opts.isMissingNode()) {
            sb.append("serve ran with: ").append(opts.asText()).append('\n');
        }
        return sb.toString();
    }

    /**
     * SQLite beside PostgreSQL (issue 12): item 1's engine and floor on both, from the same rounds; item 2's Slack load
     * with one and with two serve processes on one database. SQLite with one process is item 2's own figure.
     */
    static String databaseTable(JsonNode root) {
        List<String[]> rows = new ArrayList<>();
        JsonNode es = root.path("engine_store");
        JsonNode pg = es.path("postgres");
        if (measured(pg)) {
            rows.add(new String[] {"1. engine step commands/s, " + pg.path("active_runs").asInt() + " active runs, one thread,"
                    + " one durable tx each (interleaved rounds, medians)", num(pg.path("sqlite_engine_commands_per_s")),
                    num(pg.path("engine_commands_per_s")), pct(pg.path("engine_vs_sqlite_engine_median"))});
            rows.add(new String[] {"1. floor: plain JDBC, BEGIN; UPDATE; INSERT; INSERT; COMMIT, commands/s",
                    num(es.path("floor_commands_per_s")), num(pg.path("floor_commands_per_s")),
                    pct(ratio(pg.path("floor_commands_per_s"), es.path("floor_commands_per_s")))});
            rows.add(new String[] {"1. engine / its floor (medians of the rounds' ratios)", pct(es.path("ratio")),
                    pct(pg.path("ratio_median")), ""});
            rows.add(new String[] {"1. floor without waiting for the WAL flush (synchronous_commit=off; diagnosis)", "",
                    num(pg.path("floor_unsynced_commands_per_s")), ""});
            rows.add(new String[] {"1. CPU ms per command, PostgreSQL server / bench JVM: engine; floor", "",
                    num(pg.path("engine_server_cpu_ms_per_command")) + " / " + num(pg.path("engine_client_cpu_ms_per_command"))
                            + "; " + num(pg.path("floor_server_cpu_ms_per_command")) + " / "
                            + num(pg.path("floor_client_cpu_ms_per_command")), ""});
        } else {
            rows.add(new String[] {"1. engine step commands/s", "", NOT_MEASURED + " (" + pg.path("reason").asText("") + ")", ""});
        }
        JsonNode dbs = root.path("slack_databases");
        JsonNode slack = root.path("slack");
        if (measured(dbs) || "partial".equals(dbs.path("status").asText())) {
            List<Integer> levels = new ArrayList<>();
            for (JsonNode c : dbs.path("configurations")) {
                for (JsonNode l : c.path("levels")) {
                    if (!levels.contains(l.path("concurrency").asInt())) {
                        levels.add(l.path("concurrency").asInt());
                    }
                }
            }
            java.util.Collections.sort(levels);
            for (int c : levels) {
                JsonNode sqlite1 = sqliteOneProcess(slack, c);
                for (int processes = 1; processes <= 2; processes++) {
                    JsonNode sqlite = processes == 1 ? sqlite1 : level(dbs, "sqlite", processes, c);
                    JsonNode postgres = level(dbs, "postgresql", processes, c);
                    String who = processes == 1 ? "one process" : "two processes (events round-robin)";
                    rows.add(new String[] {"2. Slack events/s, concurrency " + c + ", " + who,
                            cell(sqlite, "events_per_s"), cell(postgres, "events_per_s"),
                            pct(ratio(postgres.path("events_per_s"), sqlite.path("events_per_s")))});
                    rows.add(new String[] {"2. ack p50 / p99 ms, concurrency " + c + ", " + who,
                            pair(sqlite, "p50_ms", "p99_ms"), pair(postgres, "p50_ms", "p99_ms"), ""});
                }
            }
            rows.add(new String[] {"2. outbox drained, s after each level's last ack (messages undelivered then; delivered"
                    + " per s after it)",
                    drains(slack, dbs, "sqlite", levels), drains(slack, dbs, "postgresql", levels), ""});
            rows.add(new String[] {"2. CPU ms per event during the level: serve processes (+ PostgreSQL server)",
                    cpus(slack, dbs, "sqlite", levels), cpus(slack, dbs, "postgresql", levels), ""});
            rows.add(new String[] {"2. Web API calls / outbox rows per event, level and its delivery (equal: each message"
                    + " once)", calls(dbs, "sqlite", levels), calls(dbs, "postgresql", levels), ""});
            rows.add(new String[] {"2. PostgreSQL per event, level and its delivery: transactions; rows read (most read"
                    + " tables)", "", pgWork(dbs, levels), ""});
            rows.add(new String[] {"2. two processes: the outbox lease tables (multi-process delivery) present",
                    leases(dbs, "sqlite"), leases(dbs, "postgresql"), ""});
            for (JsonNode c : dbs.path("configurations")) {
                if (!measured(c)) {
                    rows.add(new String[] {"2. " + c.path("database").asText() + ", " + c.path("processes").asInt()
                            + " process(es)", NOT_MEASURED + " (" + c.path("reason").asText("") + ")", "", ""});
                }
            }
        } else {
            rows.add(new String[] {"2. Slack on PostgreSQL and with two processes", "",
                    NOT_MEASURED + " (" + dbs.path("reason").asText("") + ")", ""});
        }
        StringBuilder sb = new StringBuilder();
        sb.append("SQLite beside PostgreSQL (same run; PostgreSQL ").append(pg.path("server").path("server_version")
                .asText(dbs.path("postgres_server").path("server_version").asText("?")))
                .append(" on 127.0.0.1, fsync=on, synchronous_commit=on):\n\n");
        sb.append("| measure | SQLite | PostgreSQL | PostgreSQL / SQLite |\n");
        sb.append("|---|---:|---:|---:|\n");
        for (String[] r : rows) {
            sb.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        return sb.toString();
    }

    /** Items 6-7 (issue 16): what a person waits for, per database and number of processes. */
    static String latencyTable(JsonNode root) {
        JsonNode lat = root.path("latency");
        StringBuilder sb = new StringBuilder();
        sb.append("What a person waits for (items 6-7; fake Web API enforcing ")
                .append(lat.path("limits").asText("Slack's limits")).append("):\n\n");
        if (!measured(lat) && !"partial".equals(lat.path("status").asText())) {
            return sb.append(NOT_MEASURED).append(" (").append(lat.path("reason").asText("")).append(")\n").toString();
        }
        sb.append("| measure | configuration | p50 ms | p99 ms | max ms | other | target | met |\n");
        sb.append("|---|---|---:|---:|---:|---|---|---|\n");
        for (JsonNode c : lat.path("configurations")) {
            String who = c.path("database").asText() + ", " + c.path("processes").asInt() + " process(es)";
            if (!measured(c)) {
                sb.append("| 6-7. ").append(who).append(" | ").append(NOT_MEASURED).append(" (")
                        .append(c.path("reason").asText("")).append(") | | | | | | |\n");
                continue;
            }
            JsonNode c1 = c.path("action_to_next_step_c1");
            JsonNode many = c.path("action_to_next_step_many");
            JsonNode burst = c.path("incident_burst");
            boolean c1Met = c1.path("missing").asInt() == 0 && c1.path("p99_ms").asDouble() < 150;
            sb.append("| 6. check mark to next step, concurrency 1 | ").append(who).append(" | ")
                    .append(num(c1.path("p50_ms"))).append(" | ").append(num(c1.path("p99_ms"))).append(" | ")
                    .append(num(c1.path("max_ms"))).append(" | ").append(c1.path("events").asInt()).append(" events, ")
                    .append(c1.path("missing").asInt()).append(" missing; 429: ")
                    .append(c.path("rate_limited_c1").asText("?")).append(" | p99 < 150 ms | ")
                    .append(c1Met ? "yes" : "**no**").append(" |\n");
            sb.append("| 6. check mark to next step, ").append(many.path("concurrency").asInt())
                    .append(" channels at once | ").append(who).append(" | ").append(num(many.path("p50_ms")))
                    .append(" | ").append(num(many.path("p99_ms"))).append(" | ").append(num(many.path("max_ms")))
                    .append(" | ").append(many.path("events").asInt()).append(" events, ")
                    .append(many.path("missing").asInt()).append(" missing; 429: ")
                    .append(c.path("rate_limited_action").asLong()).append(" | | |\n");
            // 429s of the burst itself (each part starts from the fake's full buckets); older results: all of them
            long burst429 = c.path("rate_limited_burst").asLong(c.path("rate_limited_total").asLong());
            boolean burstOk = burst.path("missing").asInt() == 0 && burst.path("out_of_order").asInt() == 0
                    && burst.path("command_errors").asInt() == 0 && burst429 == 0;
            sb.append("| 7. incident: ").append(burst.path("channels").asInt())
                    .append(" channels start a run, ack to step 1 posted | ").append(who).append(" | ")
                    .append(num(burst.path("p50_ms"))).append(" | ").append(num(burst.path("p99_ms"))).append(" | ")
                    .append(num(burst.path("max_ms"))).append(" | commands sent in ")
                    .append(num(burst.path("commands_sent_in_s"))).append(" s; all served ")
                    .append(num(burst.path("all_served_s_after_first_command"))).append(" s after the first; ")
                    .append(burst.path("missing").asInt()).append(" missing, ").append(burst.path("out_of_order").asInt())
                    .append(" out of order, ").append(burst.path("command_errors").asInt()).append(" command errors; 429: ")
                    .append(burst429).append(" | none missing, in order, no 429 | ")
                    .append(burstOk ? "yes" : "**no**").append(" |\n");
        }
        return sb.toString();
    }

    /** Item 2's serve figure at concurrency {@code c} (SQLite, one process), or a missing node. */
    private static JsonNode sqliteOneProcess(JsonNode slack, int c) {
        for (JsonNode level : slack.path("levels")) {
            if (level.path("concurrency").asInt() == c && level.path("serve").isObject()) {
                return level.path("serve");
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static JsonNode configuration(JsonNode dbs, String database, int processes) {
        for (JsonNode c : dbs.path("configurations")) {
            if (c.path("database").asText().equals(database) && c.path("processes").asInt() == processes) {
                return c;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static JsonNode level(JsonNode dbs, String database, int processes, int concurrency) {
        for (JsonNode l : configuration(dbs, database, processes).path("levels")) {
            if (l.path("concurrency").asInt() == concurrency) {
                return l;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static String cell(JsonNode level, String field) {
        return level.isMissingNode() ? "" : num(level.path(field));
    }

    private static String pair(JsonNode level, String a, String b) {
        return level.isMissingNode() ? "" : num(level.path(a)) + " / " + num(level.path(b));
    }

    private static JsonNode ratio(JsonNode a, JsonNode b) {
        if (a.isMissingNode() || b.isMissingNode() || b.asDouble() == 0) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        return JSON.getNodeFactory().numberNode(a.asDouble() / b.asDouble());
    }

    /** "1p c16: 4.2 (11186 left); ..." for one and two processes of {@code database}. */
    private static String drains(JsonNode slack, JsonNode dbs, String database, List<Integer> levels) {
        List<String> parts = new ArrayList<>();
        for (int processes = 1; processes <= 2; processes++) {
            for (int c : levels) {
                JsonNode l = processes == 1 && database.equals("sqlite") ? sqliteOneProcess(slack, c)
                        : level(dbs, database, processes, c);
                if (l.has("delivered_s_after_last_ack")) {
                    double s = l.path("delivered_s_after_last_ack").asDouble();
                    String notWithin = dbs.has("drain_bound_s") ? "not within " + dbs.path("drain_bound_s").asText() + " s"
                            : "not within bound";
                    JsonNode rate = l.has("delivered_per_s_after_last_ack") ? l.path("delivered_per_s_after_last_ack")
                            : s > 0 ? JSON.getNodeFactory().numberNode(l.path("undelivered_at_last_ack").asDouble() / s)
                            : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
                    parts.add(processes + "p c" + c + ": " + (s < 0 ? notWithin : num(l.path("delivered_s_after_last_ack")))
                            + " (" + l.path("undelivered_at_last_ack").asText() + " left"
                            + (rate.isMissingNode() ? "" : "; " + num(rate) + " msgs/s") + ")");
                }
            }
        }
        return String.join("; ", parts);
    }

    private static String cpus(JsonNode slack, JsonNode dbs, String database, List<Integer> levels) {
        List<String> parts = new ArrayList<>();
        for (int processes = 1; processes <= 2; processes++) {
            for (int c : levels) {
                JsonNode l = processes == 1 && database.equals("sqlite") ? sqliteOneProcess(slack, c)
                        : level(dbs, database, processes, c);
                if (l.has("server_cpu_ms_per_event")) {
                    parts.add(processes + "p c" + c + ": " + num(l.path("server_cpu_ms_per_event"))
                            + (l.has("database_server_cpu_ms_per_event")
                            ? " + " + num(l.path("database_server_cpu_ms_per_event")) : ""));
                }
            }
        }
        return String.join("; ", parts);
    }

    private static String calls(JsonNode dbs, String database, List<Integer> levels) {
        List<String> parts = new ArrayList<>();
        for (int processes = 1; processes <= 2; processes++) {
            for (int c : levels) {
                JsonNode l = level(dbs, database, processes, c);
                if (l.has("web_api_calls_per_event")) {
                    parts.add(processes + "p c" + c + ": " + num(l.path("web_api_calls_per_event")) + " / "
                            + num(l.path("outbox_rows_per_event")));
                }
            }
        }
        return String.join("; ", parts);
    }

    private static String pgWork(JsonNode dbs, List<Integer> levels) {
        List<String> parts = new ArrayList<>();
        for (int processes = 1; processes <= 2; processes++) {
            for (int c : levels) {
                JsonNode l = level(dbs, "postgresql", processes, c);
                if (!l.has("database_transactions_per_event_with_delivery")) {
                    continue;
                }
                List<Map.Entry<String, JsonNode>> tables = new ArrayList<>();
                l.path("database_rows_read_per_event_with_delivery").fields().forEachRemaining(tables::add);
                tables.sort((a, b) -> Double.compare(b.getValue().asDouble(), a.getValue().asDouble()));
                List<String> top = new ArrayList<>();
                for (Map.Entry<String, JsonNode> t : tables.subList(0, Math.min(3, tables.size()))) {
                    top.add(t.getKey() + " " + num(t.getValue()));
                }
                parts.add(processes + "p c" + c + ": " + num(l.path("database_transactions_per_event_with_delivery"))
                        + "; " + String.join(", ", top));
            }
        }
        return String.join("; ", parts);
    }

    private static String leases(JsonNode dbs, String database) {
        JsonNode c = configuration(dbs, database, 2);
        return c.has("lease_tables_present") ? (c.path("lease_tables_present").asBoolean() ? "yes" : "no") : "";
    }

    private static String[] notMeasured(String what, JsonNode node) {
        return new String[] {what, NOT_MEASURED + " (" + node.path("reason").asText("") + ")", "", "", "", ""};
    }

    private static boolean measured(JsonNode node) {
        return "measured".equals(node.path("status").asText());
    }

    private static String fig(JsonNode f) {
        if (f.isMissingNode()) {
            return "";
        }
        double err = f.path("error_99_9").asDouble(Double.NaN);
        return num(f.path("commands_per_s")) + (Double.isNaN(err) ? "" : " ± " + String.format(Locale.ROOT, "%.0f", err));
    }

    private static String num(JsonNode n) {
        if (n.isMissingNode() || n.isNull()) {
            return "";
        }
        double v = n.asDouble();
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : v >= 10 ? String.format(Locale.ROOT, "%.1f", v)
                : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String pct(JsonNode ratio) {
        return ratio.isMissingNode() || ratio.isNull() ? "" : String.format(Locale.ROOT, "%.0f%%", ratio.asDouble() * 100);
    }

    private static String met(JsonNode met) {
        return met.isMissingNode() || met.isNull() ? "" : met.asBoolean() ? "yes" : "**no**";
    }

    static double round1(double v) {
        return Double.isNaN(v) ? v : Math.round(v * 10) / 10.0;
    }

    static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    static String readText(Path p) throws IOException {
        return Files.exists(p) ? Files.readString(p) : null;
    }

    static JsonNode readJson(Path p) throws IOException {
        return Files.exists(p) ? JSON.readTree(p.toFile()) : null;
    }
}
