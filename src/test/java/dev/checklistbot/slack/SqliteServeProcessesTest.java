package dev.checklistbot.slack;

import dev.checklistbot.store.JdbcRunStore;

import java.nio.file.Path;
import java.util.Map;

/** Two {@code serve} processes on one SQLite file, as a rolling deploy's old and new process on one host. */
class SqliteServeProcessesTest extends SeveralServeProcessesTest {
    @Override
    String database(Path dir) {
        return dir.resolve("shared.db").toString();
    }

    @Override
    Map<String, String> databaseEnv() {
        return Map.of();
    }

    @Override
    JdbcRunStore open(String database) {
        return JdbcRunStore.open(database);
    }

    @Override
    int processes() {
        return 2;
    }
}
