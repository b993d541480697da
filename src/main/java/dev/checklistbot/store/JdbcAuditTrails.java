package dev.checklistbot.store;

import dev.checklistbot.audit.AuditTrail;
import dev.checklistbot.audit.ChainedEvent;
import dev.checklistbot.run.Actor;
import dev.checklistbot.run.RunEvent;

import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads the audit trails as stored, chain columns included, for verification: one snapshot per run. */
final class JdbcAuditTrails {
    private final Connections db;

    JdbcAuditTrails(Connections db) {
        this.db = db;
    }

    Optional<AuditTrail> trail(long runId) {
        return db.query("reading the audit trail of run " + runId, sql -> {
            long from = 1; // a run without its row of run_audit: as if nothing were chained nor counted, so that
            long count = 0; // every event it has shows as a failure
            String head = null;
            try (ResultSet rs = sql.bind("SELECT 1 FROM runs WHERE id = ?", runId).executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
            }
            try (ResultSet rs = sql.bind("SELECT chain_from, event_count, head FROM run_audit WHERE run_id = ?", runId)
                    .executeQuery()) {
                if (rs.next()) {
                    from = rs.getLong(1);
                    count = rs.getLong(2);
                    head = rs.getString(3);
                }
            }
            List<ChainedEvent> events = new ArrayList<>();
            try (ResultSet rs = sql.bind("SELECT id, seq, run_id, at, actor_id, actor_name, type, step, text, other_id,"
                    + " other_name, prev_hash, hash FROM run_events WHERE run_id = ? ORDER BY id", runId).executeQuery()) {
                while (rs.next()) {
                    long seq = rs.getLong(2);
                    Long sequence = rs.wasNull() ? null : seq;
                    events.add(new ChainedEvent(rs.getLong(1), sequence, event(rs), rs.getString(12), rs.getString(13)));
                }
            }
            return Optional.of(new AuditTrail(runId, from, count, head, events));
        });
    }

    List<Long> runIds() {
        return db.query("listing the runs", sql -> {
            List<Long> ids = new ArrayList<>();
            try (ResultSet rs = sql.bind("SELECT id FROM runs ORDER BY id").executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            return ids;
        });
    }

    /** The row as an event, or null if it cannot be read as one any more (an unknown type, a mangled time). */
    private static RunEvent event(ResultSet rs) {
        try {
            String otherId = rs.getString(10);
            return new RunEvent(rs.getLong(3), Times.instant(rs.getString(4)), new Actor(rs.getString(5), rs.getString(6)),
                    RunEvent.Type.valueOf(rs.getString(7)), rs.getInt(8), rs.getString(9),
                    otherId == null ? null : new Actor(otherId, rs.getString(11)));
        } catch (RuntimeException | java.sql.SQLException e) {
            return null;
        }
    }
}
