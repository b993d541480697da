package dev.checklistbot.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Item 1, the ratio: the engine and the floor of {@link StoreThroughputBench}, interleaved in one JVM
 * (engine for a slice, floor for a slice, alternating which goes first), so that the drift of a shared
 * machine (other builds, disk contention) falls on both sides of each pair instead of on one benchmark.
 * A plain timed loop, because JMH runs benchmarks one after the other in separate forks; JMH's own
 * figures for the same two benchmarks are reported beside these as a cross-check.
 *
 * <p>Args: output folder, rounds, slice seconds. Writes parts/engine-paired.json.
 */
public final class PairedStoreRun {
    private PairedStoreRun() {
    }

    public static void main(String[] argv) throws Exception {
        boolean withPostgres = Arrays.asList(argv).contains("--postgres");
        String[] args = Arrays.stream(argv).filter(a -> !a.startsWith("--")).toArray(String[]::new);
        Path out = Path.of(args.length > 0 ? args[0] : "target/bench");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        double slice = args.length > 2 ? Double.parseDouble(args[2]) : 2.0;
        int runs = 1000;
        Postgres pg = withPostgres ? Postgres.start(runs) : null;
        StoreThroughputBench bench = new StoreThroughputBench();
        StoreThroughputBench.EngineState engine = new StoreThroughputBench.EngineState();
        engine.runs = runs;
        StoreThroughputBench.FloorState floor = new StoreThroughputBench.FloorState();
        floor.runs = runs;
        engine.setUp();
        floor.setUp();
        try {
            // Warm-up: both paths compiled and both files warm.
            timed(() -> bench.engine(engine), 3.0);
            timed(() -> bench.floor(floor), 3.0);
            timed(() -> StoreThroughputBench.plain(floor, 4, true), 1.0);
            if (pg != null) {
                pg.warmUp(bench);
            }
            double[] e = new double[rounds];
            double[] p = new double[rounds];
            double[] f = new double[rounds];
            double[] r = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                if (i % 2 == 0) {
                    e[i] = timed(() -> bench.engine(engine), slice);
                    f[i] = timed(() -> bench.floor(floor), slice);
                } else {
                    f[i] = timed(() -> bench.floor(floor), slice);
                    e[i] = timed(() -> bench.engine(engine), slice);
                }
                p[i] = timed(() -> StoreThroughputBench.plain(floor, 4, true), slice);
                r[i] = e[i] / f[i];
                System.out.printf("round %d: engine %.1f/s, floor %.1f/s, ratio %.3f; plain JDBC with the engine's rows %.1f/s%n",
                        i + 1, e[i], f[i], r[i], p[i]);
                if (pg != null) {
                    pg.round(bench, i, slice, e[i]);
                }
            }
            if (pg != null) {
                pg.write(out, rounds, slice);
            }
            ObjectMapper json = new ObjectMapper();
            ObjectNode node = json.createObjectNode();
            node.put("method", "interleaved timed loop in one JVM: " + rounds + " rounds of " + slice
                    + " s engine + " + slice + " s floor (order alternating), after 3 s warm-up each; medians");
            node.put("active_runs", runs);
            node.put("engine_commands_per_s", Report.round1(median(e)));
            node.put("floor_commands_per_s", Report.round1(median(f)));
            node.put("ratio_median", Report.round3(median(r)));
            node.put("plain_jdbc_engine_rows_commands_per_s", Report.round1(median(p)));
            node.put("plain_jdbc_engine_rows_shape", "the engine's rows per command (1 seen event id, 1 run update,"
                    + " 1 audit event, 4 outbox rows) in plain JDBC: a diagnosis, not a floor");
            node.put("ratio_min", Report.round3(Arrays.stream(r).min().orElse(Double.NaN)));
            node.put("ratio_max", Report.round3(Arrays.stream(r).max().orElse(Double.NaN)));
            ArrayNode list = node.putArray("rounds");
            for (int i = 0; i < rounds; i++) {
                list.addObject().put("engine", Report.round1(e[i])).put("floor", Report.round1(f[i]))
                        .put("ratio", Report.round3(r[i]))
                        .put("plain_jdbc_engine_rows", Report.round1(p[i]));
            }
            Path file = out.resolve("parts/engine-paired.json");
            Files.createDirectories(file.getParent());
            json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), node);
        } finally {
            floor.tearDown();
            engine.tearDown();
            if (pg != null) {
                pg.close();
            }
        }
    }

    /**
     * The same engine workload on PostgreSQL (a server of the bench's own, durable: {@link BenchPostgres}), its floor
     * in plain JDBC, and that floor without waiting for the WAL flush; in the same rounds as SQLite's, so that the
     * figures sit side by side. Writes parts/engine-postgres.json; if the server cannot be started, that file says so
     * and the SQLite figures are measured as before.
     */
    private static final class Postgres implements AutoCloseable {
        private BenchPostgres server;
        private StoreThroughputBench.EngineState engine;
        private PostgresFloor floor;
        private ObjectNode settings;
        private String failure;
        private final List<double[]> rounds = new ArrayList<>();

        static Postgres start(int runs) {
            Postgres pg = new Postgres();
            try {
                pg.server = BenchPostgres.start("engine");
                String engineUrl = pg.server.freshDatabase("engine");
                pg.settings = pg.server.settings(engineUrl);
                System.out.println("PostgreSQL: " + pg.settings);
                pg.engine = new StoreThroughputBench.EngineState();
                pg.engine.runs = runs;
                pg.engine.target = BenchDatabase.postgres(engineUrl);
                pg.engine.writeRows = false;
                pg.engine.setUp();
                pg.floor = PostgresFloor.start(BenchDatabase.postgres(pg.server.freshDatabase("floor")), runs);
            } catch (Exception | Error e) {
                pg.fail(e);
            }
            return pg;
        }

        private void fail(Throwable e) {
            failure = "PostgreSQL part failed: " + e;
            System.out.println(failure);
            e.printStackTrace(System.out);
        }

        void warmUp(StoreThroughputBench bench) {
            if (failure != null) {
                return;
            }
            try {
                timed(() -> bench.engine(engine), 3.0);
                timed(() -> floor.command(true), 2.0);
                timed(() -> floor.command(false), 0.5);
            } catch (Exception e) {
                fail(e);
            }
        }

        /** One round: engine and floor (order alternating), then the unsynced floor; with the server's CPU per command. */
        void round(StoreThroughputBench bench, int i, double slice, double sqliteEngine) {
            if (failure != null) {
                return;
            }
            try {
                double[] e;
                double[] f;
                if (i % 2 == 0) {
                    e = timedCpu(() -> bench.engine(engine), slice);
                    f = timedCpu(() -> floor.command(true), slice);
                } else {
                    f = timedCpu(() -> floor.command(true), slice);
                    e = timedCpu(() -> bench.engine(engine), slice);
                }
                double u = timed(() -> floor.command(false), slice / 4);
                rounds.add(new double[] {e[0], f[0], u, sqliteEngine, e[1], e[2], f[1], f[2]});
                System.out.printf("round %d, PostgreSQL: engine %.1f/s, floor %.1f/s, ratio %.3f; floor without waiting"
                                + " for the WAL flush %.1f/s; CPU ms per command, server / this JVM: engine %.2f / %.2f,"
                                + " floor %.2f / %.2f%n", i + 1, e[0], f[0], e[0] / f[0], u, e[1], e[2], f[1], f[2]);
            } catch (Exception e) {
                fail(e);
            }
        }

        /** Rate, then the server's and this JVM's CPU ms per operation during the slice. */
        private double[] timedCpu(Op op, double seconds) throws Exception {
            double server0 = server.cpuSeconds();
            double own0 = ServeBench.cpuSeconds(ProcessHandle.current().pid());
            long t0 = System.nanoTime();
            double rate = timed(op, seconds);
            double ops = rate * (System.nanoTime() - t0) / 1e9;
            double serverMs = (server.cpuSeconds() - server0) * 1e3 / ops;
            double ownMs = (ServeBench.cpuSeconds(ProcessHandle.current().pid()) - own0) * 1e3 / ops;
            return new double[] {rate, serverMs, ownMs};
        }

        void write(Path out, int count, double slice) throws Exception {
            ObjectMapper json = new ObjectMapper();
            ObjectNode node = json.createObjectNode();
            if (failure != null || rounds.isEmpty()) {
                node.put("status", Report.NOT_MEASURED);
                node.put("reason", failure != null ? failure : "no round ran");
            } else {
                node.put("status", "measured");
                node.put("method", "in the rounds of the SQLite run (same JVM, one thread): each round " + slice
                        + " s engine + " + slice + " s floor on PostgreSQL (order alternating), then " + slice / 4
                        + " s of the floor with synchronous_commit=off; after a warm-up of 3 s, 2 s and 0.5 s; medians"
                        + " of " + count + " rounds");
                node.set("server", settings);
                node.put("active_runs", engine.runs);
                node.put("floor_shape", "BEGIN; UPDATE runs SET state; INSERT run_events; INSERT outbox; COMMIT (plain"
                        + " JDBC, prepared statements, one connection, autocommit off)");
                double[] e = column(0);
                double[] f = column(1);
                double[] ratio = new double[rounds.size()];
                double[] vsSqlite = new double[rounds.size()];
                for (int i = 0; i < rounds.size(); i++) {
                    ratio[i] = e[i] / f[i];
                    vsSqlite[i] = e[i] / rounds.get(i)[3];
                }
                node.put("engine_commands_per_s", Report.round1(median(e)));
                node.put("floor_commands_per_s", Report.round1(median(f)));
                node.put("ratio_median", Report.round3(median(ratio)));
                node.put("ratio_min", Report.round3(Arrays.stream(ratio).min().orElse(Double.NaN)));
                node.put("ratio_max", Report.round3(Arrays.stream(ratio).max().orElse(Double.NaN)));
                node.put("floor_unsynced_commands_per_s", Report.round1(median(column(2))));
                node.put("sqlite_engine_commands_per_s", Report.round1(median(column(3))));
                node.put("engine_vs_sqlite_engine_median", Report.round3(median(vsSqlite)));
                node.put("engine_server_cpu_ms_per_command", Report.round3(median(column(4))));
                node.put("engine_client_cpu_ms_per_command", Report.round3(median(column(5))));
                node.put("floor_server_cpu_ms_per_command", Report.round3(median(column(6))));
                node.put("floor_client_cpu_ms_per_command", Report.round3(median(column(7))));
                ArrayNode list = node.putArray("rounds");
                for (double[] r : rounds) {
                    list.addObject().put("engine", Report.round1(r[0])).put("floor", Report.round1(r[1]))
                            .put("ratio", Report.round3(r[0] / r[1])).put("floor_unsynced", Report.round1(r[2]))
                            .put("sqlite_engine", Report.round1(r[3]));
                }
            }
            Path file = out.resolve("parts/engine-postgres.json");
            Files.createDirectories(file.getParent());
            json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), node);
        }

        private double[] column(int k) {
            return rounds.stream().mapToDouble(r -> r[k]).toArray();
        }

        @Override
        public void close() throws Exception {
            if (engine != null && engine.store != null) {
                engine.tearDown();
            }
            if (floor != null) {
                floor.close();
            }
            if (server != null) {
                server.close();
            }
        }
    }

    interface Op {
        Object run() throws Exception;
    }

    /** Operations per second over {@code seconds}. */
    static double timed(Op op, double seconds) throws Exception {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long start = System.nanoTime();
        long n = 0;
        long now;
        do {
            op.run();
            n++;
            now = System.nanoTime();
        } while (now < end);
        return n / ((now - start) / 1e9);
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
