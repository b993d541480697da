package dev.checklistbot.run;

/** Where one step of a run stands. */
public enum StepStatus {
    PENDING, CLAIMED, DONE, SKIPPED,
    /**
     * The step's {@code when} ruled it out when the run reached it (its question was answered the other way): finished
     * by the answers, not by anyone, so it counts neither as done nor as someone's skip.
     */
    NOT_APPLICABLE;

    public boolean finished() {
        return this == DONE || this == SKIPPED || this == NOT_APPLICABLE;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
