package dev.checklistbot.chat;

import dev.checklistbot.store.Database;
import dev.checklistbot.store.JdbcRunStore;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;

/** Several processes on one SQLite file. */
class SqliteSeveralDispatchersTest extends SeveralDispatchersTest {
    @TempDir
    Path dir;

    @Override
    protected JdbcRunStore openStore(Clock clock) {
        return new JdbcRunStore(Database.open(dir.resolve("bot.db").toString()), clock);
    }

    @Override
    protected JdbcRunStore openSoloStore(Clock clock) {
        return new JdbcRunStore(Database.open(dir.resolve("solo.db").toString()), clock);
    }
}
