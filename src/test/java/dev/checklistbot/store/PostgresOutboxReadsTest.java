package dev.checklistbot.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.checklistbot.run.MessageKind;
import dev.checklistbot.run.OutboxMessage;
import dev.checklistbot.testing.MutableClock;
import dev.checklistbot.testing.Postgres;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16, on a real PostgreSQL: every outbox statement of a delivery (the claim, the waits, a channel's next head,
 * the record of a delivery and its coalescing of updates) reads a number of outbox rows bounded by the channels waiting,
 * whatever the backlog and the delivered history, both before the table has statistics (a database grown fast from
 * empty: where PostgreSQL picked plans that read the whole table) and after ANALYZE. Counts, not times: each statement
 * runs under {@code EXPLAIN (ANALYZE, FORMAT JSON)}, in a transaction rolled back, and the rows its plan read from
 * {@code outbox} are added up (returned, filtered out, rechecked; times the node's loops).
 */
class PostgresOutboxReadsTest {
    private static final int CHANNELS = 40;
    /** Per channel: this many messages delivered (history), then as many waiting (backlog): 2,400 rows, 1,200 waiting. */
    private static final int ROUNDS = 30;
    private static final MessageKind[] KINDS = {MessageKind.STEP_UPDATE, MessageKind.HEADER_UPDATE,
            MessageKind.STEP_POST, MessageKind.STEP_NOTICE};

    private final MutableClock clock = new MutableClock(Fixtures.T0);
    private final Dialect postgres = new PostgresDialect();
    private String url;
    private JdbcRunStore store;
    private Connection connection;

    @BeforeEach
    void backlog() throws SQLException {
        url = Postgres.freshDatabase("outbox_reads");
        store = new JdbcRunStore(Database.open(url, Postgres.credentials()), clock);
        connection = DriverManager.getConnection(url, Postgres.USER, Postgres.PASSWORD);
        try (Statement s = connection.createStatement()) {
            // No statistics until the test says so: autovacuum's ANALYZE would otherwise come at a time of its own.
            s.execute("ALTER TABLE outbox SET (autovacuum_enabled = false)");
            s.execute("ALTER TABLE channel_leases SET (autovacuum_enabled = false)");
        }
        long[] runs = new long[CHANNELS];
        for (int c = 0; c < CHANNELS; c++) {
            String channel = "C" + c;
            runs[c] = store.write(tx -> tx.insertRun(Fixtures.newRun(Fixtures.BACKUP, channel, Fixtures.T0)));
        }
        enqueue(runs, 0);
        try (Statement s = connection.createStatement()) {
            s.execute("UPDATE outbox SET delivered_at = '" + Times.text(Fixtures.T0) + "'");
        }
        enqueue(runs, ROUNDS);
        clock.advance(Duration.ofMinutes(1));
    }

    private void enqueue(long[] runs, int firstRound) {
        for (int round = firstRound; round < firstRound + ROUNDS; round++) {
            MessageKind kind = KINDS[round % KINDS.length];
            int step = kind == MessageKind.HEADER_UPDATE ? 0 : 1 + round / KINDS.length;
            store.write(tx -> {
                for (int c = 0; c < CHANNELS; c++) {
                    tx.enqueue(new OutboxMessage("C" + c, kind, runs[c], step, null));
                }
                return null;
            });
        }
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
        store.close();
    }

    @Test
    void each_delivery_statement_reads_at_most_one_outbox_row_per_channel_waiting_with_or_without_statistics()
            throws SQLException {
        assertThat(store.undeliveredCount()).isEqualTo(CHANNELS * ROUNDS);

        assertBounded(readsOfEachStatement(), "without statistics");
        try (Statement s = connection.createStatement()) {
            s.execute("ANALYZE outbox");
            s.execute("ANALYZE channel_leases");
        }
        assertBounded(readsOfEachStatement(), "after ANALYZE");
    }

    private static void assertBounded(Map<String, Reads> reads, String when) {
        SoftAssertions.assertSoftly(softly -> reads.forEach((statement, read) -> {
            softly.assertThat(read.sequentialScans()).as("%s: sequential scans of outbox by %s", when, statement)
                    .isZero();
            softly.assertThat(read.rows()).as("%s: outbox rows read by %s", when, statement)
                    .isLessThanOrEqualTo(CHANNELS);
        }));
        // The statements did run on the backlog (a bound met by reading nothing would prove nothing).
        assertThat(reads.get("claim").returned()).isEqualTo(16);
        assertThat(reads.get("coalesce the updates").returned()).isEqualTo(ROUNDS / KINDS.length);
    }

    /** Each outbox statement of a delivery, explained with the arguments the store gives it. */
    private Map<String, Reads> readsOfEachStatement() throws SQLException {
        String at = Times.text(clock.instant());
        String channel = "C7";
        long head = firstWaiting(channel, null);
        long headerUpdate = firstWaiting(channel, MessageKind.HEADER_UPDATE);
        long lastId = store.lastId();
        Object none = connection.createArrayOf("text", new String[0]);
        Map<String, Reads> reads = new LinkedHashMap<>();
        reads.put("any claimable", explain(ChannelLeases.anyClaimable(postgres, ""), at, "p1", at, at, none));
        reads.put("claim", explain(ChannelLeases.claimable(postgres, ""), at, "p1", at, at, none, 16));
        reads.put("next claim", explain(ChannelLeases.nextClaimable(postgres, ""), "p1", "p1", "p1", none));
        reads.put("due heads", explain(JdbcOutbox.dueHeads(postgres), at, none, 16));
        reads.put("next due", explain(JdbcOutbox.nextDue(postgres), none));
        reads.put("a channel's next head", explain(JdbcOutbox.DUE_HEAD, channel));
        reads.put("still the head", explain(ChannelLeases.STILL_HEAD, channel));
        reads.put("delivered", explain(JdbcOutbox.DELIVERED, at, head));
        reads.put("delivered, coalescing", explain(JdbcOutbox.MARK_DELIVERED, at, headerUpdate));
        reads.put("coalesce the updates", explain(JdbcOutbox.COALESCE_UPDATES, at, headerUpdate, headerUpdate,
                headerUpdate, headerUpdate, lastId));
        return reads;
    }

    private long firstWaiting(String channel, MessageKind kind) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement("SELECT MIN(id) FROM outbox WHERE channel = ? AND "
                + JdbcOutbox.UNDELIVERED + (kind == null ? "" : " AND kind = '" + kind.name() + "'"))) {
            p.setString(1, channel);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The statement run under EXPLAIN ANALYZE in a transaction rolled back: what its plan read from outbox. */
    private Reads explain(String sql, Object... args) throws SQLException {
        connection.setAutoCommit(false);
        try (PreparedStatement p = connection.prepareStatement("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)) {
            for (int i = 0; i < args.length; i++) {
                p.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                JsonNode plan = new ObjectMapper().readTree(rs.getString(1)).get(0).get("Plan");
                Reads reads = new Reads();
                reads.add(plan);
                // What the statement returned, or for an UPDATE (which returns nothing) the rows it changed.
                JsonNode result = "ModifyTable".equals(plan.path("Node Type").asText()) ? outer(plan) : plan;
                reads.returned = Math.round(result.path("Actual Rows").asDouble());
                return reads;
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        } finally {
            connection.rollback();
            connection.setAutoCommit(true);
        }
    }

    private static JsonNode outer(JsonNode plan) {
        for (JsonNode child : plan.path("Plans")) {
            if ("Outer".equals(child.path("Parent Relationship").asText())) {
                return child;
            }
        }
        throw new IllegalStateException("no outer plan in " + plan);
    }

    /** Rows of outbox read by a plan, its nodes and subplans added up. */
    private static final class Reads {
        private long rows;
        private long sequentialScans;
        private long returned;

        void add(JsonNode node) {
            if ("outbox".equals(node.path("Relation Name").asText())) {
                double loops = node.path("Actual Loops").asDouble();
                rows += Math.round(loops * (node.path("Actual Rows").asDouble()
                        + node.path("Rows Removed by Filter").asDouble()
                        + node.path("Rows Removed by Index Recheck").asDouble()));
                if ("Seq Scan".equals(node.path("Node Type").asText())) {
                    sequentialScans++;
                }
            }
            List<JsonNode> children = new ArrayList<>();
            node.path("Plans").forEach(children::add);
            children.forEach(this::add);
        }

        long rows() {
            return rows;
        }

        long sequentialScans() {
            return sequentialScans;
        }

        long returned() {
            return returned;
        }
    }
}
