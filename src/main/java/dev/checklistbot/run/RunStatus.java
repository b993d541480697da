package dev.checklistbot.run;

/** Where a run stands: active until every step is done or skipped (completed) or someone aborts it. */
public enum RunStatus {
    ACTIVE, COMPLETED, ABORTED;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
