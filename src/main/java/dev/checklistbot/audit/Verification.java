package dev.checklistbot.audit;

/**
 * What verifying one run's chain found.
 *
 * @param runId     the run
 * @param ok        whether every chained event is intact, in order, none missing, up to the head the run records
 * @param events    how many events the trail holds
 * @param chainFrom the sequence number of the chain's first event (events before it are from before the upgrade)
 * @param head      the hash of the last chained event (when ok: the chain's head), or null if nothing is chained
 * @param scheme    the chain's scheme ({@code sha256} or {@code hmac-sha256:KEYID}), or null if nothing is chained
 * @param problem   what is wrong, in words naming the first bad event, or null when ok
 * @param needsKey  the chain could not be checked for want of the right AUDIT_KEY (missing or another key)
 */
public record Verification(long runId, boolean ok, long events, long chainFrom, String head, String scheme,
                           String problem, boolean needsKey) {

    static Verification passed(AuditTrail trail, String head, String scheme) {
        return new Verification(trail.runId(), true, trail.events().size(), trail.chainFrom(), head, scheme, null,
                false);
    }

    static Verification failed(AuditTrail trail, String problem, boolean needsKey) {
        return new Verification(trail.runId(), false, trail.events().size(), trail.chainFrom(), null, null, problem,
                needsKey);
    }

    /** One line for a person: OK with the head, or FAILED naming the first bad event. */
    public String describe() {
        if (!ok) {
            return "run " + runId + ": FAILED: " + problem;
        }
        StringBuilder out = new StringBuilder("run ").append(runId).append(": OK: ").append(events)
                .append(events == 1 ? " event" : " events");
        if (chainFrom > 1) {
            out.append(chainFrom == 2 ? "; event 1 unchained" : "; events 1-" + (chainFrom - 1) + " unchained")
                    .append(", from before the upgrade; the chain begins at event ").append(chainFrom);
        }
        if (head == null) {
            out.append("; nothing chained yet");
        } else {
            out.append(" (").append(scheme).append("); head ").append(head);
        }
        return out.toString();
    }
}
