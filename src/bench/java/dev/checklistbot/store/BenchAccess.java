package dev.checklistbot.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Benchmark-only access to the store's package: the floor benchmark opens its plain JDBC connection with
 * exactly the production settings ({@link Database#config()}), not a copy of them that could drift.
 */
public final class BenchAccess {
    private BenchAccess() {
    }

    /** A new connection to the SQLite file with the production pragmas (WAL, synchronous FULL, BEGIN IMMEDIATE, ...). */
    public static Connection productionConnection(Path file) throws SQLException {
        return Database.config().createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }
}
