package dev.checklistbot.chat;

import dev.checklistbot.store.Database;
import dev.checklistbot.store.JdbcRunStore;
import dev.checklistbot.testing.Postgres;
import org.junit.jupiter.api.BeforeEach;

import java.time.Clock;

/** Several processes on one PostgreSQL database (a fresh one per test, on the test run's one server). */
class PostgresSeveralDispatchersTest extends SeveralDispatchersTest {
    private String url;
    private String solo;

    @BeforeEach
    void freshDatabases() {
        url = Postgres.freshDatabase("dispatchers");
        solo = Postgres.freshDatabase("solo");
    }

    @Override
    protected JdbcRunStore openStore(Clock clock) {
        return new JdbcRunStore(Database.open(url, Postgres.credentials()), clock);
    }

    @Override
    protected JdbcRunStore openSoloStore(Clock clock) {
        return new JdbcRunStore(Database.open(solo, Postgres.credentials()), clock);
    }
}
