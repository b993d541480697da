package dev.checklistbot.audit;

import java.util.List;

/**
 * A run's audit trail as stored, with what the run's own row records about its chain (kept up to date in the same
 * transaction as every event), so that events removed from the end are noticed too.
 *
 * @param runId         the run
 * @param chainFrom     the sequence number of the chain's first event: 1 for a run started since the upgrade; for a
 *                      run from before it, the first event written after it (the earlier ones stay unchained)
 * @param recordedCount how many events the run's row says its trail has
 * @param recordedHead  the hash of the last event, as the run's row records it, or null if none is chained yet
 * @param events        the events, in the trail's order (oldest first)
 */
public record AuditTrail(long runId, long chainFrom, long recordedCount, String recordedHead, List<ChainedEvent> events) {
    public AuditTrail {
        events = List.copyOf(events);
    }
}
