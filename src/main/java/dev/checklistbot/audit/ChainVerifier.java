package dev.checklistbot.audit;

import dev.checklistbot.run.RunEvent;

import java.util.List;
import java.util.Objects;

/**
 * Recomputes a run's chain and names the first event that was changed, removed, reordered or added, and events
 * removed from the end (the run's row records how many events its trail has and the last one's hash).
 *
 * <p>What it cannot see: events from before the upgrade are not chained (their removal shows only as a gap in the
 * numbers); an unkeyed chain can be recomputed by whoever can write the database, and so can a keyed one's last
 * events be dropped together with the run row's record of them: compare the head with one kept elsewhere (an export)
 * for that.
 */
public final class ChainVerifier {
    private final AuditChain key;
    private final boolean requireKey;

    /**
     * @param key        the chain of this deployment: with AUDIT_KEY, keyed (and then unkeyed chains are still
     *                   checked); without, only unkeyed chains can be checked
     * @param requireKey an unkeyed event is a failure (for a deployment whose every run was written with a key)
     */
    public ChainVerifier(AuditChain key, boolean requireKey) {
        this.key = key;
        this.requireKey = requireKey;
    }

    public Verification verify(AuditTrail trail) {
        List<ChainedEvent> events = trail.events();
        long expected = 1;
        String previous = null;
        String scheme = null;
        for (int i = 0; i < events.size(); i++) {
            ChainedEvent e = events.get(i);
            Long sequence = e.sequence();
            if (sequence == null) {
                return Verification.failed(trail, name(e, i + 1) + " has no number in the trail: written after the"
                        + " upgrade by a process older than it, or inserted by hand", false);
            }
            if (sequence != expected) {
                return Verification.failed(trail, outOfPlace(events, i, expected), false);
            }
            if (e.event() == null) {
                return Verification.failed(trail, "event " + expected + " was changed: it can no longer be read as an"
                        + " event (an unknown type or a mangled time)", false);
            }
            if (sequence < trail.chainFrom()) { // from before the upgrade: numbered, not chained
                if (e.hash() != null || e.previousHash() != null) {
                    return Verification.failed(trail, name(e, expected) + " carries a hash although the chain begins"
                            + " at event " + trail.chainFrom() + ": the run's record of where its chain begins was"
                            + " changed", false);
                }
                expected++;
                continue;
            }
            if (e.hash() == null) {
                return Verification.failed(trail, name(e, expected) + " carries no hash although the chain begins at"
                        + " event " + trail.chainFrom() + ": its hash was removed, or a process older than the upgrade"
                        + " wrote it", false);
            }
            String its = AuditChain.schemeOf(e.hash());
            if (its == null) {
                return Verification.failed(trail, name(e, expected) + " was changed: its hash is not one this bot"
                        + " writes", false);
            }
            Verification refused = checkScheme(trail, e, expected, its, scheme);
            if (refused != null) {
                return refused;
            }
            if (!Objects.equals(e.previousHash(), previous)) {
                return Verification.failed(trail, name(e, expected) + " does not follow from the event before it (the"
                        + " previous hash it carries is not that event's): an event before it was removed, replaced"
                        + " or moved", false);
            }
            String recomputed = chainFor(its).link(e.event(), sequence, previous);
            if (!recomputed.equals(e.hash())) {
                return Verification.failed(trail, name(e, expected) + " was changed: what it records no longer"
                        + " matches its hash", false);
            }
            previous = e.hash();
            scheme = its;
            expected++;
        }
        long count = expected - 1;
        if (trail.recordedCount() > count) {
            return Verification.failed(trail, "the trail ends at event " + count + " but the run records "
                    + trail.recordedCount() + " events: " + (trail.recordedCount() == count + 1 ? "event " + (count + 1)
                    + " was" : "events " + (count + 1) + "-" + trail.recordedCount() + " were")
                    + " removed from the end", false);
        }
        if (trail.recordedCount() < count) {
            return Verification.failed(trail, "the trail has " + count + " events but the run records "
                    + trail.recordedCount() + ": event " + (trail.recordedCount() + 1) + " was added outside the bot,"
                    + " or the run's record was changed", false);
        }
        if (!Objects.equals(trail.recordedHead(), previous)) {
            return Verification.failed(trail, "the run records another head than its last event's hash: the trail's"
                    + " end was rewritten, or the run's record was changed", false);
        }
        return Verification.passed(trail, previous, scheme);
    }

    /** Whether this event's scheme may be checked here and may follow the chain's scheme so far; null if so. */
    private Verification checkScheme(AuditTrail trail, ChainedEvent e, long n, String its, String before) {
        boolean keyed = !its.equals(AuditChain.SHA256);
        if (keyed && !key.isKeyed()) {
            return Verification.failed(trail, "its chain is keyed (" + its + "): set AUDIT_KEY to the key the bot"
                    + " writes with to verify it", true);
        }
        if (keyed && !its.equals(key.scheme())) {
            return Verification.failed(trail, "AUDIT_KEY is not the key this chain was written with (event " + n
                    + " needs key id " + its.substring(its.lastIndexOf(':') + 1) + ", AUDIT_KEY's id is "
                    + key.keyId() + ")", true);
        }
        if (!keyed && before != null && !before.equals(AuditChain.SHA256)) {
            return Verification.failed(trail, name(e, n) + " is hashed without a key after keyed events: rewritten"
                    + " by someone without the key, or written by a process without AUDIT_KEY", false);
        }
        if (!keyed && requireKey) {
            return Verification.failed(trail, name(e, n) + " is hashed without a key, and a key is required", false);
        }
        return null;
    }

    private AuditChain chainFor(String scheme) {
        return scheme.equals(AuditChain.SHA256) ? AuditChain.unkeyed() : key;
    }

    /** The event at {@code i} carries another number than {@code expected}: removed, or moved. */
    private static String outOfPlace(List<ChainedEvent> events, int i, long expected) {
        ChainedEvent e = events.get(i);
        for (int j = i + 1; j < events.size(); j++) {
            if (Objects.equals(events.get(j).sequence(), expected)) {
                return "event " + expected + " is out of order: it comes after event " + e.sequence()
                        + " (events were reordered)";
            }
        }
        if (e.sequence() > expected) {
            return "event " + expected + (e.sequence() == expected + 1 ? " was" : "-" + (e.sequence() - 1) + " were")
                    + " removed: the trail " + (expected == 1 ? "begins with" : "goes from event " + (expected - 1) + " to")
                    + " event " + e.sequence();
        }
        return "event " + e.sequence() + " appears again after event " + (expected - 1)
                + " (an event was copied or moved)";
    }

    /** An event named for a person: its number, type, step and time (never the text someone typed). */
    static String name(ChainedEvent e, long n) {
        RunEvent event = e.event();
        return "event " + n + " (" + event.type() + (event.step() > 0 ? " step " + event.step() : "") + " at "
                + event.at() + ")";
    }
}
