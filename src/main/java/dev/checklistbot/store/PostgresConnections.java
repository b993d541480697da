package dev.checklistbot.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.postgresql.Driver;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * The connections to a PostgreSQL server: the URL checked and described without its secrets, a first connection that
 * says in one line what is wrong (the URL, the server, or the credentials), then a small HikariCP pool.
 *
 * <p>Pool: at most {@value #POOL_SIZE} connections (a store uses at most three at once: its writer, its reads, the
 * outbox's reads). Borrowing waits at most {@link #CONNECTION_TIMEOUT} and a connection idle for a while is checked
 * within {@link #VALIDATION_TIMEOUT} before it is handed out, so that a server that is down fails a write well within
 * its 2 s deadline; the driver gives up connecting after {@link #CONNECT_TIMEOUT}, and a statement whose answer never
 * comes (the server's host gone) after {@link #SOCKET_TIMEOUT} ({@code statement_timeout} bounds a slow one first).
 */
final class PostgresConnections {
    static final String PREFIX = "jdbc:postgresql:";
    static final int POOL_SIZE = 4;
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(1);
    static final Duration VALIDATION_TIMEOUT = Duration.ofMillis(250);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(10);

    private final String url;
    private final Properties properties;
    private final String description;
    private final String password;

    private PostgresConnections(String url, Properties properties, String description, String password) {
        this.url = url;
        this.properties = properties;
        this.description = description;
        this.password = password;
    }

    /** Checks the URL (without connecting) and describes it as {@code postgresql://host:port/database}. */
    static PostgresConnections of(String url, Credentials credentials) {
        Properties parsed = Driver.parseURL(url, new Properties());
        if (parsed == null || parsed.getProperty("PGDBNAME", "").isEmpty()) {
            throw new DatabaseSettingException(DatabaseSettingException.URL,
                    "not a valid PostgreSQL URL; give jdbc:postgresql://HOST:PORT/DATABASE");
        }
        String description = "postgresql://" + parsed.getProperty("PGHOST", "localhost") + ":"
                + parsed.getProperty("PGPORT", "5432") + "/" + parsed.getProperty("PGDBNAME");
        Properties properties = new Properties();
        if (credentials.user() != null) {
            properties.setProperty("user", credentials.user());
        }
        if (credentials.password() != null) {
            properties.setProperty("password", credentials.password());
        }
        properties.setProperty("connectTimeout", Long.toString(CONNECT_TIMEOUT.toSeconds()));
        properties.setProperty("socketTimeout", Long.toString(SOCKET_TIMEOUT.toSeconds()));
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("ApplicationName", "checklist-bot");
        String password = parsed.getProperty("password", credentials.password());
        return new PostgresConnections(url, properties, description, password);
    }

    String description() {
        return description;
    }

    /**
     * One connection, made and closed at once: a URL, server or credentials that do not work stop start-up here, in a
     * line that names the setting to fix.
     */
    void check() {
        try (Connection ignored = new Driver().connect(url, properties)) {
            // reached, and let in
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            String why = redact(e.getMessage());
            if (state.equals("28P01") || state.equals("28000")
                    || (state.equals("08004") && why.toLowerCase(java.util.Locale.ROOT).contains("password"))) {
                throw new DatabaseSettingException(DatabaseSettingException.CREDENTIALS,
                        "the server at " + description + " refused them (" + why + ")");
            }
            if (state.equals("3D000")) {
                throw new DatabaseSettingException(DatabaseSettingException.URL,
                        "there is no database " + description + " (" + why + ")");
            }
            throw new DatabaseSettingException(DatabaseSettingException.URL,
                    "cannot reach the PostgreSQL server " + description + " (" + why + ")");
        }
    }

    /** The pool; its first connection is made when first asked for. */
    HikariDataSource pool() {
        HikariConfig config = new HikariConfig();
        config.setPoolName("checklist-bot-db");
        config.setJdbcUrl(url);
        config.setDriverClassName(Driver.class.getName());
        config.setDataSourceProperties(properties);
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        config.setValidationTimeout(VALIDATION_TIMEOUT.toMillis());
        config.setInitializationFailTimeout(-1); // check() connected already, and said in its words what was wrong
        config.setAutoCommit(true);
        return new HikariDataSource(config);
    }

    /** {@code message} without the URL as given and without the password. */
    String redact(String message) {
        if (message == null) {
            return "no reason given";
        }
        String text = message.replace(url, description);
        if (password != null && !password.isEmpty()) {
            text = text.replace(password, "(hidden)");
        }
        return text;
    }
}
