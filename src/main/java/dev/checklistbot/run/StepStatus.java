package dev.checklistbot.run;

/** Where one step of a run stands. */
public enum StepStatus {
    PENDING, CLAIMED, DONE, SKIPPED;

    public boolean finished() {
        return this == DONE || this == SKIPPED;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
