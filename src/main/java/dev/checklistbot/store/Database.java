package dev.checklistbot.store;

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
 * The SQLite database named by the {@code CHECKLIST_BOT_DB} setting (a file path or a {@code jdbc:sqlite:} URL),
 * migrated to the current schema when opened. Hands out connections configured for safe concurrent use.
 *
 * <p>An in-memory database ({@code jdbc:sqlite::memory:}) lives in one connection, which everything shares.
 */
public final class Database implements AutoCloseable {
    private static final String SQLITE_PREFIX = "jdbc:sqlite:";

    private final String url;
    private final String description;
    /** The one connection of an in-memory database, or null. */
    private final Connection memory;

    private Database(String url, String description, Connection memory) {
        this.url = url;
        this.description = description;
        this.memory = memory;
    }

    /** Opens (creating it if need be) and migrates the database named by a file path or a JDBC URL. */
    public static Database open(String setting) {
        if (setting == null || setting.isBlank()) {
            throw new IllegalArgumentException("CHECKLIST_BOT_DB is empty: give a SQLite file path or a jdbc:sqlite: URL");
        }
        String value = setting.strip();
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
                    + " is not supported yet; give a SQLite file path or a jdbc:sqlite: URL");
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
        Database database = new Database(url, description, memory);
        try {
            database.migrate();
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        return database;
    }

    /** What the database is (its file), for messages. */
    public String description() {
        return description;
    }

    boolean inMemory() {
        return memory != null;
    }

    /** A new connection configured as {@link #config()} says (for an in-memory database: its one connection). */
    Connection connect() {
        return memory != null ? memory : connect(url, description);
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

    /** Applies the migrations in {@code db/migration} (Flyway, V{n}__*.sql) not yet applied. */
    private void migrate() {
        try {
            Flyway.configure(Database.class.getClassLoader())
                    .dataSource(dataSource())
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new StoreException("cannot migrate the database " + description + ": " + e.getMessage(), e);
        }
    }

    private DataSource dataSource() {
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
        if (memory != null) {
            try {
                memory.close();
            } catch (SQLException e) {
                throw new StoreException("cannot close the database " + description + ": " + e.getMessage(), e);
            }
        }
    }
}
