package dev.checklistbot.bench;

import dev.checklistbot.store.BenchAccess;
import dev.checklistbot.store.Credentials;
import dev.checklistbot.store.JdbcRunStore;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The database a part of the benchmark runs on: a SQLite file, or a database on {@link BenchPostgres}. What the bench
 * needs of it: the store opened as the bot opens it, the bot's environment (CHECKLIST_BOT_DB and credentials), and a
 * plain connection for the bench's own queries (SQLite: with the production pragmas).
 */
record BenchDatabase(String kind, String setting, Path file) {
    static final String SQLITE = "sqlite";
    static final String POSTGRESQL = "postgresql";

    static BenchDatabase sqlite(Path file) {
        return new BenchDatabase(SQLITE, file.toAbsolutePath().toString(), file.toAbsolutePath());
    }

    static BenchDatabase postgres(String url) {
        return new BenchDatabase(POSTGRESQL, url, null);
    }

    boolean isPostgres() {
        return POSTGRESQL.equals(kind);
    }

    Credentials credentials() {
        return isPostgres() ? new Credentials(BenchPostgres.USER, BenchPostgres.PASSWORD) : Credentials.NONE;
    }

    JdbcRunStore open() {
        return JdbcRunStore.open(setting, credentials());
    }

    Connection connection() throws SQLException {
        return isPostgres() ? BenchPostgres.connect(setting) : BenchAccess.productionConnection(file);
    }

    /** The environment that points serve at this database. */
    Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("CHECKLIST_BOT_DB", setting);
        if (isPostgres()) {
            env.put("CHECKLIST_BOT_DB_USER", BenchPostgres.USER);
            env.put("CHECKLIST_BOT_DB_PASSWORD", BenchPostgres.PASSWORD);
        }
        return env;
    }
}
