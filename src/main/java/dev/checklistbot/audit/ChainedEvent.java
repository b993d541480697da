package dev.checklistbot.audit;

import dev.checklistbot.run.RunEvent;

/**
 * One audit event as stored, with its place in its run's chain.
 *
 * @param id           the row's id (the trail's order)
 * @param sequence     its number in the run's trail (1 for the first), or null if a process older than the chain
 *                     wrote it after the upgrade
 * @param event        what happened, or null if the row can no longer be read as an event (a changed type or time)
 * @param previousHash the hash of the event before it in the chain, or null for the chain's first event (and for
 *                     unchained events)
 * @param hash         its own hash, or null for an event from before the chain began
 */
public record ChainedEvent(long id, Long sequence, RunEvent event, String previousHash, String hash) {
}
