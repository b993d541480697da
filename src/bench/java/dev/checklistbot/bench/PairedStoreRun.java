package dev.checklistbot.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

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

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/bench");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        double slice = args.length > 2 ? Double.parseDouble(args[2]) : 2.0;
        int runs = 1000;
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
