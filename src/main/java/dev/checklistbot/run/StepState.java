package dev.checklistbot.run;

import dev.checklistbot.checklist.Step;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One step of a run as it stands: the run's own copy of the checklist step and everything people did to it.
 *
 * @param number        1-based position in the run
 * @param step          the step as it was when the run started
 * @param status        pending, claimed, done or skipped
 * @param claimedBy     who said they are on it (or was assigned it), or null
 * @param openedAt      when the step became workable (run start in parallel mode, the previous step's
 *                      end in sequential mode), or null while it waits its turn
 * @param announced     whether the step's message was ever sent: the first opening posts it, later ones update it
 * @param confirmations the people who marked it done, first one first; more than the step needs are extra confirmers
 * @param finishedBy    who completed or skipped it, or null
 * @param finishedAt    when it was completed or skipped, or null
 * @param finishOrder   1 for the first step finished in the run, 2 for the next...; 0 while unfinished (undo takes the highest)
 * @param skipReason    why it was skipped, or null
 * @param notes         notes in the order they were added
 * @param nudgedAt      when the bot nudged it for being open past its expected time, or null (one nudge a step, ever)
 * @param evidence      evidence given for it, in the order given (a correction is a later entry); empty in states
 *                      stored before evidence existed
 */
public record StepState(int number, Step step, StepStatus status, Actor claimedBy, Instant openedAt, boolean announced,
                        List<Confirmation> confirmations, Actor finishedBy, Instant finishedAt, int finishOrder,
                        String skipReason, List<Note> notes, Instant nudgedAt,
                        List<Evidence> evidence) {

    public StepState {
        confirmations = List.copyOf(confirmations);
        notes = List.copyOf(notes);
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }

    /** A step state never nudged and without evidence (the form before nudges and evidence existed). */
    public StepState(int number, Step step, StepStatus status, Actor claimedBy, Instant openedAt, boolean announced,
                     List<Confirmation> confirmations, Actor finishedBy, Instant finishedAt, int finishOrder,
                     String skipReason, List<Note> notes) {
        this(number, step, status, claimedBy, openedAt, announced, confirmations, finishedBy, finishedAt, finishOrder,
                skipReason, notes, null, List.of());
    }

    /** The evidence given last (what counts if there are corrections), if any. */
    public java.util.Optional<Evidence> latestEvidence() {
        return evidence.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(evidence.get(evidence.size() - 1));
    }

    StepState withEvidence(Evidence entry) {
        List<Evidence> list = new ArrayList<>(evidence);
        list.add(entry);
        return new StepState(number, step, status, claimedBy, openedAt, announced, confirmations, finishedBy,
                finishedAt, finishOrder, skipReason, notes, nudgedAt, list);
    }

    /** Ruled out by an answer as the run reaches it: shown (announced), finished at once, by no one, order 0. */
    StepState notApplicable(Instant at) {
        return new StepState(number, step, StepStatus.NOT_APPLICABLE, claimedBy, openedAt == null ? at : openedAt, true,
                List.of(), null, at, 0, null, notes, nudgedAt, evidence);
    }

    /** Back to waiting its turn (an undo before it, in a sequential run): its answer may be changed again. */
    StepState notReachedYet() {
        StepStatus newStatus = claimedBy != null ? StepStatus.CLAIMED : StepStatus.PENDING;
        return new StepState(number, step, newStatus, claimedBy, null, announced, List.of(), null, null, 0, null,
                notes, nudgedAt, evidence);
    }

    public static StepState fresh(int number, Step step) {
        return new StepState(number, step, StepStatus.PENDING, null, null, false, List.of(), null, null, 0, null, List.of());
    }

    /** Skipping it needs a reason: every step but an optional one (a conditional "If you use BAM, ..."). */
    public boolean skipNeedsReason() {
        return !step.optional();
    }

    public boolean finished() {
        return status.finished();
    }

    public boolean open() {
        return !finished() && openedAt != null;
    }

    public int requiredConfirmations() {
        return step.confirmations();
    }

    public boolean confirmedBy(Actor actor) {
        return confirmations.stream().anyMatch(c -> c.actor().sameAs(actor));
    }

    /** Everyone who confirmed the step beyond the person who finished it. */
    public List<Actor> confirmers() {
        return confirmations.stream().map(Confirmation::actor).filter(a -> !a.sameAs(finishedBy)).toList();
    }

    /** How long the step took from being opened to being finished, if both are known. */
    public Optional<Duration> duration() {
        if (openedAt == null || finishedAt == null) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(openedAt, finishedAt));
    }

    StepState claimed(Actor actor) {
        StepStatus newStatus = status.finished() ? status : StepStatus.CLAIMED;
        return new StepState(number, step, newStatus, actor, openedAt, announced, confirmations, finishedBy,
                finishedAt, finishOrder, skipReason, notes, nudgedAt, evidence);
    }

    StepState opened(Instant at) {
        return new StepState(number, step, status, claimedBy, at, true, confirmations, finishedBy, finishedAt,
                finishOrder, skipReason, notes, nudgedAt, evidence);
    }

    StepState closedForNow() {
        return new StepState(number, step, status, claimedBy, null, announced, confirmations, finishedBy, finishedAt,
                finishOrder, skipReason, notes, nudgedAt, evidence);
    }

    StepState withConfirmation(Confirmation confirmation) {
        List<Confirmation> list = new ArrayList<>(confirmations);
        list.add(confirmation);
        return new StepState(number, step, status, claimedBy, openedAt, announced, list, finishedBy, finishedAt,
                finishOrder, skipReason, notes, nudgedAt, evidence);
    }

    StepState withoutConfirmationOf(Actor actor) {
        List<Confirmation> list = confirmations.stream().filter(c -> !c.actor().sameAs(actor)).toList();
        return new StepState(number, step, status, claimedBy, openedAt, announced, list, finishedBy, finishedAt,
                finishOrder, skipReason, notes, nudgedAt, evidence);
    }

    StepState done(Actor by, Instant at, int order) {
        return new StepState(number, step, StepStatus.DONE, claimedBy, openedAt, announced, confirmations, by, at,
                order, null, notes, nudgedAt, evidence);
    }

    StepState skipped(Actor by, Instant at, int order, String reason) {
        return new StepState(number, step, StepStatus.SKIPPED, claimedBy, openedAt, announced, confirmations, by, at,
                order, reason, notes, nudgedAt, evidence);
    }

    /** Back to work: unfinished, confirmations cleared, claimed again if someone had claimed it. */
    StepState reopened() {
        StepStatus newStatus = claimedBy != null ? StepStatus.CLAIMED : StepStatus.PENDING;
        return new StepState(number, step, newStatus, claimedBy, openedAt, announced, List.of(), null, null, 0, null,
                notes, nudgedAt, evidence);
    }

    StepState nudged(Instant at) {
        return new StepState(number, step, status, claimedBy, openedAt, announced, confirmations, finishedBy,
                finishedAt, finishOrder, skipReason, notes, at, evidence);
    }

    StepState withNote(Note note) {
        List<Note> list = new ArrayList<>(notes);
        list.add(note);
        return new StepState(number, step, status, claimedBy, openedAt, announced, confirmations, finishedBy,
                finishedAt, finishOrder, skipReason, list, nudgedAt, evidence);
    }
}
