package dev.checklistbot.store;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The database named by the {@code CHECKLIST_BOT_DB} setting: a SQLite file path or {@code jdbc:sqlite:} URL, or a
 * {@code jdbc:postgresql://} URL (with its credentials), migrated to the current schema when opened (Flyway, from this
 * database's own folder of migrations). Hands out connections configured for safe concurrent use, and says through
 * its {@link Dialect} what differs between the two.
 *
 * <p>An in-memory SQLite database ({@code jdbc:sqlite::memory:}) lives in one connection, which everything shares.
 * PostgreSQL's connections come from a small pool, borrowed for each unit of work.
 */
public final class Database implements AutoCloseable {
    private static final String SQLITE_PREFIX = "jdbc:sqlite:";

    private final String url;
    private final String description;
    private final Dialect dialect;
    /** The one connection of an in-memory database, or null. */
    private final Connection memory;
    /** PostgreSQL's pool, or null. */
    private final HikariDataSource pool;
    private final PostgresConnections postgres;

    private Database(String url, String description, Connection memory) {
        this.url = url;
        this.description = description;
        this.memory = memory;
        this.dialect = new SqliteDialect(memory != null);
        this.pool = null;
        this.postgres = null;
    }

    private Database(PostgresConnections postgres) {
        this.url = null;
        this.description = postgres.description();
        this.memory = null;
        this.dialect = new PostgresDialect();
        this.postgres = postgres;
        this.pool = postgres.pool();
    }

    /** Whether the setting (CHECKLIST_BOT_DB, {@code --db}) names a PostgreSQL database, as {@link #open} reads it. */
    public static boolean namesPostgres(String setting) {
        if (setting == null) {
            return false;
        }
        String value = setting.strip();
        return value.regionMatches(true, 0, PostgresConnections.PREFIX, 0, PostgresConnections.PREFIX.length());
    }

    /** Opens (creating it if need be) and migrates the SQLite database named by a file path or a JDBC URL. */
    public static Database open(String setting) {
        return open(setting, Credentials.NONE);
    }

    /**
     * Opens and migrates the database named by a SQLite file path or JDBC URL, or a PostgreSQL URL reached with
     * {@code credentials}. A PostgreSQL URL that is malformed, a server that cannot be reached and credentials it
     * refuses are a {@link DatabaseSettingException} naming the setting, in one line without the password or the URL.
     */
    public static Database open(String setting, Credentials credentials) {
        if (setting == null || setting.isBlank()) {
            throw new IllegalArgumentException("CHECKLIST_BOT_DB is empty: give a SQLite file path, a jdbc:sqlite: URL"
                    + " or a jdbc:postgresql: URL");
        }
        String value = setting.strip();
        if (namesPostgres(value)) {
            PostgresConnections postgres = PostgresConnections.of(value, credentials);
            postgres.check();
            return migrated(new Database(postgres));
        }
        String url;
        String description;
        if (value.startsWith(SQLITE_PREFIX)) {
            url = value;
            description = value;
        } else if (value.regionMatches(true, 0, "jdbc:", 0, 5)) {
            // Name only the scheme: the rest of such a URL may hold a user name or password.
            int end = value.indexOf(':', 5);
            String scheme = end < 0 ? value : value.substring(0, end);
            throw new IllegalArgumentException("CHECKLIST_BOT_DB: " + scheme.toLowerCase(Locale.ROOT)
                    + " is not supported; give a SQLite file path, a jdbc:sqlite: URL or a jdbc:postgresql: URL");
        } else {
            Path path = Path.of(value).toAbsolutePath();
            try {
                if (path.getParent() != null) {
                    Files.createDirectories(path.getParent());
                }
            } catch (IOException e) {
                throw new StoreException("cannot create the folder of the database " + path + ": " + e, e);
            }
            url = SQLITE_PREFIX + path;
            description = path.toString();
        }
        // ":memory:", "file::memory:?cache=shared", "file:x?mode=memory" and "" (a private temporary file)
        // exist only as long as a connection is open, so they get one connection for everything.
        boolean inMemory = url.equals(SQLITE_PREFIX) || url.contains(":memory:") || url.contains("mode=memory");
        Connection memory = null;
        if (inMemory) {
            memory = connect(url, description);
        }
        return migrated(new Database(url, description, memory));
    }

    private static Database migrated(Database database) {
        try {
            database.migrate();
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        return database;
    }

    /** What the database is (its file, or {@code postgresql://host:port/database}), for messages. */
    public String description() {
        return description;
    }

    /** Whether this is a PostgreSQL database (else SQLite). */
    public boolean isPostgres() {
        return pool != null;
    }

    boolean inMemory() {
        return memory != null;
    }

    Dialect dialect() {
        return dialect;
    }

    /**
     * A connection for a store's writer or reader: on SQLite a new one configured as {@link #config()} says, kept by
     * its user (for an in-memory database: its one connection); on PostgreSQL one borrowed from the pool for each unit
     * of work.
     */
    Sql sql() {
        if (pool != null) {
            return new Sql(pool::getConnection, true);
        }
        return new Sql(memory != null ? memory : connect(url, description));
    }

    /**
     * Every connection: WAL (readers never block the writer), foreign keys, a 5 s busy timeout for other
     * processes on the same file, and BEGIN IMMEDIATE so that a transaction takes the write lock before it
     * reads (deferred transactions that read then write fail with SQLITE_BUSY under concurrency).
     */
    static SQLiteConfig config() {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // Durability: with WAL + FULL every commit is fsynced before it returns, so a power cut loses nothing
        // that was committed (NORMAL would risk the last commits before the cut; the file would stay consistent).
        // The one exception is the outbox's delivery records, which JdbcRunStore commits with NORMAL on purpose.
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(5_000);
        config.enforceForeignKeys(true);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        return config;
    }

    private static Connection connect(String url, String description) {
        try {
            return config().createConnection(url);
        } catch (SQLException e) {
            throw new StoreException("cannot open the database " + description + ": " + e.getMessage(), e);
        }
    }

    /**
     * Applies the migrations of this database's folder ({@code db/migration/sqlite} or {@code db/migration/postgresql},
     * Flyway, V{n}__*.sql) not yet applied. Flyway knows a migration by its version and checksum, not its folder: a
     * SQLite file migrated when the files were in {@code db/migration} carries on.
     */
    private void migrate() {
        try {
            Flyway.configure(Database.class.getClassLoader())
                    .dataSource(dataSource())
                    .locations(dialect.migrations())
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            String why = postgres == null ? e.getMessage() : postgres.redact(e.getMessage());
            throw new StoreException("cannot migrate the database " + description + ": " + why, e);
        }
    }

    private DataSource dataSource() {
        if (pool != null) {
            return pool;
        }
        if (memory == null) {
            SQLiteDataSource dataSource = new SQLiteDataSource(config());
            dataSource.setUrl(url);
            return dataSource;
        }
        // Flyway closes the connections it gets; the in-memory database must outlive that.
        Connection shared = (Connection) Proxy.newProxyInstance(Database.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        return null;
                    }
                    try {
                        return method.invoke(memory, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        SQLiteDataSource base = new SQLiteDataSource(config());
        return (DataSource) Proxy.newProxyInstance(Database.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        return shared;
                    }
                    try {
                        return method.invoke(base, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.close();
        }
        if (memory != null) {
            try {
                memory.close();
            } catch (SQLException e) {
                throw new StoreException("cannot close the database " + description + ": " + e.getMessage(), e);
            }
        }
    }
}
