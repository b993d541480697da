package dev.checklistbot.store;

import dev.checklistbot.testing.Postgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The contract on a real PostgreSQL (one server for the test run, a fresh database for this class). */
class PostgresRunStoreTest extends RunStoreContractTest {
    private static String url;

    @BeforeAll
    static void freshDatabase() {
        url = Postgres.freshDatabase("contract");
    }

    /** Each test starts on empty tables (the class's database is migrated by the first store opened on it). */
    @BeforeEach
    void emptyTables() {
        Postgres.empty(url);
    }

    @Override
    protected JdbcRunStore openStore() {
        return new JdbcRunStore(openDatabase(), clock);
    }

    @Override
    protected Database openDatabase() {
        return Database.open(url, Postgres.credentials());
    }
}
