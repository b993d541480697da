package dev.checklistbot.slack;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Ack latency of every request the end-to-end suite sent: p50 / p99 / max, printed and kept in target/. */
final class LatencyReport {
    private LatencyReport() {
    }

    static void write(List<Long> nanos, Duration suite) throws Exception {
        List<Long> sorted;
        synchronized (nanos) {
            sorted = new ArrayList<>(nanos);
        }
        if (sorted.isEmpty()) {
            return;
        }
        Collections.sort(sorted);
        String line = String.format("slack e2e: %d requests, ack p50 %.1f ms, p99 %.1f ms, max %.1f ms; suite %.1f s",
                sorted.size(), ms(percentile(sorted, 50)), ms(percentile(sorted, 99)), ms(sorted.get(sorted.size() - 1)),
                suite.toMillis() / 1000.0);
        System.out.println(line);
        if (System.getProperty("latency.detail") != null) {
            System.out.println("all (ms): " + sorted.stream().map(n -> String.format("%.0f", ms(n))).toList());
        }
        Path out = Path.of("target", "e2e-latency.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, line + "\n", StandardCharsets.UTF_8);
        // Slack's hard limit: every request acknowledged within 3 seconds.
        assertThat(sorted.get(sorted.size() - 1)).as("slowest ack (ns)").isLessThan(Duration.ofSeconds(3).toNanos());
    }

    private static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }
}
