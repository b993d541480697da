package dev.checklistbot.render;

/**
 * Where a run's audit chain stands, for an export: keep it, and {@code checklist-bot verify} can later tell whether
 * the trail still leads to it.
 *
 * @param events    how many events the run's trail has
 * @param chainFrom the number of the chain's first event (events before it are from before the chain existed)
 * @param head      the last event's hash, or null if nothing is chained yet
 */
public record AuditHead(long events, long chainFrom, String head) {
}
