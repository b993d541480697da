package dev.checklistbot.bench;

import dev.checklistbot.store.JdbcRunStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

/**
 * Item 1's floor on PostgreSQL: the transaction shape of {@link StoreThroughputBench#floor} (one UPDATE of the run
 * state, one audit event, one outbox row, COMMIT) in plain JDBC with prepared statements and no reads, on one
 * connection to the same server as the engine's, over the same 1,000 runs started through the engine. With
 * {@code synced} false it runs on a second connection whose session has {@code synchronous_commit = off}: the same
 * round trips and server work without waiting for the WAL flush, a diagnosis of what the flush costs.
 */
final class PostgresFloor implements AutoCloseable {
    private final Side synced;
    private final Side unsynced;
    private final long[] runIds;
    private final String[] channels;
    private final String[] states;
    private long commands;

    private PostgresFloor(BenchDatabase database, long[] runIds, String[] channels, String[] states) throws SQLException {
        this.runIds = runIds;
        this.channels = channels;
        this.states = states;
        this.synced = new Side(database.connection(), true);
        this.unsynced = new Side(database.connection(), false);
    }

    static PostgresFloor start(BenchDatabase database, int runs) throws SQLException {
        try (JdbcRunStore store = database.open()) {
            BenchFixture.startRuns(BenchFixture.service(store, BenchFixture.catalog()), runs);
        }
        long[] ids = new long[runs];
        String[] channels = new String[runs];
        String[] states = new String[runs];
        try (Connection c = database.connection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, channel, state FROM runs ORDER BY id")) {
            for (int i = 0; rs.next() && i < runs; i++) {
                ids[i] = rs.getLong(1);
                channels[i] = rs.getString(2);
                states[i] = rs.getString(3);
            }
        }
        return new PostgresFloor(database, ids, channels, states);
    }

    /** One command of the floor's shape, committed (synced: the WAL flushed to disk before COMMIT returns). */
    int command(boolean sync) throws SQLException {
        return (sync ? synced : unsynced).command(commands++);
    }

    @Override
    public void close() throws SQLException {
        synced.connection.close();
        unsynced.connection.close();
    }

    private final class Side {
        final Connection connection;
        final PreparedStatement updateRun;
        final PreparedStatement insertEvent;
        final PreparedStatement insertOutbox;

        Side(Connection connection, boolean sync) throws SQLException {
            this.connection = connection;
            try (Statement st = connection.createStatement()) {
                st.execute("SET synchronous_commit = " + (sync ? "on" : "off"));
            }
            connection.setAutoCommit(false);
            updateRun = connection.prepareStatement("UPDATE runs SET state = ? WHERE id = ?");
            insertEvent = connection.prepareStatement("INSERT INTO run_events (run_id, at, actor_id, actor_name, type,"
                    + " step, text, other_id, other_name) VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, NULL)");
            insertOutbox = connection.prepareStatement(
                    "INSERT INTO outbox (channel, kind, run_id, step, event, created_at) VALUES (?, ?, ?, ?, NULL, ?)");
        }

        int command(long n) throws SQLException {
            int i = (int) (n % runIds.length);
            String now = Instant.now().toString();
            try {
                updateRun.setString(1, states[i]);
                updateRun.setLong(2, runIds[i]);
                int rows = updateRun.executeUpdate();
                insertEvent.setLong(1, runIds[i]);
                insertEvent.setString(2, now);
                insertEvent.setString(3, "U0BENCH02");
                insertEvent.setString(4, "bob");
                insertEvent.setString(5, "STEP_DONE");
                insertEvent.setInt(6, 1 + (int) ((n / runIds.length) % 5));
                rows += insertEvent.executeUpdate();
                insertOutbox.setString(1, channels[i]);
                insertOutbox.setString(2, "STEP_UPDATE");
                insertOutbox.setLong(3, runIds[i]);
                insertOutbox.setInt(4, 1 + (int) ((n / runIds.length) % 5));
                insertOutbox.setString(5, now);
                rows += insertOutbox.executeUpdate();
                connection.commit();
                return rows;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }
}
