package dev.checklistbot.slack;

import dev.checklistbot.store.JdbcRunStore;
import dev.checklistbot.testing.Postgres;

import java.nio.file.Path;
import java.util.Map;

/** Three {@code serve} processes on one PostgreSQL database (started by the tests), as replicas would be. */
class PostgresServeProcessesTest extends SeveralServeProcessesTest {
    @Override
    String database(Path dir) {
        return Postgres.freshDatabase("serve_processes");
    }

    @Override
    Map<String, String> databaseEnv() {
        return Map.of("CHECKLIST_BOT_DB_USER", Postgres.USER, "CHECKLIST_BOT_DB_PASSWORD", Postgres.PASSWORD);
    }

    @Override
    JdbcRunStore open(String database) {
        return JdbcRunStore.open(database, Postgres.credentials());
    }

    @Override
    int processes() {
        return 3;
    }
}
