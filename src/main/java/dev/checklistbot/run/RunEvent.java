package dev.checklistbot.run;

import java.time.Instant;

/**
 * One line of a run's audit trail: who did what, when, to which step.
 *
 * @param runId the run
 * @param at    when
 * @param actor who
 * @param type  what
 * @param step  the step's number, or 0 when the event concerns the whole run
 * @param text  the note, skip reason or abort reason, or null
 * @param other the other person concerned (the assignee; whoever had finished a step someone confirms), or null
 */
public record RunEvent(long runId, Instant at, Actor actor, Type type, int step, String text, Actor other) {

    public enum Type {
        RUN_STARTED, STEP_DONE, STEP_CONFIRMED, STEP_UNCONFIRMED, STEP_SKIPPED, STEP_REOPENED, STEP_CLAIMED,
        STEP_ASSIGNED, NOTE_ADDED, RUN_COMPLETED, RUN_ABORTED, RUN_REOPENED, SUMMARY_POSTED,
        /** The bot nudged a step open past its expected time ({@code text}: the expected time; {@code other}: whom). */
        STEP_NUDGED,
        /** A scheduled start of another checklist was not made: this run was active ({@code text}: its title). */
        SCHEDULED_START_SKIPPED,
        /** A question answered (text "bam: no"), at the start or later. */
        QUESTION_ANSWERED,
        /** Evidence given for a step (text: the evidence). */
        EVIDENCE_ADDED,
        /** A step ruled out by an answer when the run reached it (text "BAM: no"). */
        STEP_NOT_APPLICABLE
    }
}
