package dev.checklistbot.run;

import dev.checklistbot.checklist.Condition;
import dev.checklistbot.checklist.Mode;


/**
 * The rules for acting on the steps of an active run: done, skip, undo, claim, assign, note.
 * Each method either changes the {@link Change} it is given or throws a {@link Refusal} and changes nothing.
 */
final class StepRules {
    private final RunSettings settings;
    private final RunLifecycle lifecycle;
    private final Authorizer authorizer;
    private final Questions questions;
    private final EvidenceRules evidenceRules;

    StepRules(RunSettings settings, RunLifecycle lifecycle) {
        this.settings = settings;
        this.lifecycle = lifecycle;
        this.authorizer = new Authorizer(settings);
        this.questions = new Questions(settings);
        this.evidenceRules = new EvidenceRules(settings);
    }

    void done(Change change, RunCommand.Done command) {
        Run run = change.run();
        Actor actor = change.actor();
        String note = TextRules.optional(command.note(), "note");
        StepState step = resolve(run, command.step(), "done");
        if (step.status() == StepStatus.SKIPPED) {
            throw new Refusal("Step ", step.number(), " was skipped by ", step.finishedBy(), ".");
        }
        refuseNotApplicable(step);
        if (step.status() == StepStatus.DONE) {
            if (step.confirmedBy(actor)) {
                throw new Refusal("You already marked step ", step.number(), " done.");
            }
            confirmFinished(change, step, note);
            change.reply("Step ", step.number(), " was already done by ", step.finishedBy(),
                    ": you are recorded as confirming it.");
            return;
        }
        requireOpen(run, step);
        questions.requireAnswered(run, step);
        // On a step that takes evidence, the text after done is the evidence (required: refused without any).
        java.util.Optional<String> evidence = evidenceRules.forDone(change, step, note);
        if (evidence.isPresent()) {
            note = null;
        }
        if (step.confirmedBy(actor)) {
            int missing = step.requiredConfirmations() - step.confirmations().size();
            throw new Refusal("You already confirmed step ", step.number(), ": it needs ", missing,
                    missing == 1 ? " more person." : " more people.");
        }
        if (step.confirmations().isEmpty()) {
            // The first "done" makes its author the finisher: an assignee_only step's must be its assignee.
            authorizer.mayFinish(step, actor, settings.commandName());
        }
        step = step.withConfirmation(new Confirmation(actor, change.now()));
        if (note != null) {
            step = step.withNote(new Note(actor, change.now(), note));
        }
        if (evidence.isPresent()) {
            step = EvidenceRules.add(change, step, evidence.get());
            note = "evidence: " + evidence.get();
        }
        if (step.confirmations().size() < step.requiredConfirmations()) {
            change.update(step);
            change.recordAndTell(RunEvent.Type.STEP_CONFIRMED, step.number(), note, null);
            change.send(MessageKind.STEP_UPDATE, step.number());
            change.reply("Step ", step.number(), ": ", step.confirmations().size(), " of ",
                    step.requiredConfirmations(), " confirmations.");
            return;
        }
        Actor finisher = step.confirmations().get(0).actor();
        change.update(step.done(finisher, change.now(), change.run().nextFinishOrder()));
        change.recordAndTell(RunEvent.Type.STEP_DONE, step.number(), note, null);
        change.send(MessageKind.STEP_UPDATE, step.number());
        change.reply("Step ", step.number(), " done.", afterFinish(change));
    }

    void skip(Change change, RunCommand.Skip command) {
        Run run = change.run();
        String reason = TextRules.optional(command.reason(), "reason");
        StepState step = resolve(run, command.step(), "skip");
        refuseNotApplicable(step);
        refuseFinished(step);
        requireOpen(run, step);
        authorizer.mayFinish(step, change.actor(), settings.commandName());
        authorizer.maySkip(run, step, change.actor());
        if (reason == null && step.skipNeedsReason()) {
            throw new Refusal("Step ", step.number(), " is not optional: say why you skip it, for example `",
                    settings.commandName(), " skip ", step.number(), " not using BAM`.");
        }
        change.update(step.skipped(change.actor(), change.now(), run.nextFinishOrder(), reason));
        change.recordAndTell(RunEvent.Type.STEP_SKIPPED, step.number(), reason, null);
        change.send(MessageKind.STEP_UPDATE, step.number());
        change.reply("Step ", step.number(), " skipped.", afterFinish(change));
    }

    /**
     * Reopens the most recently finished step. With a step number (a removed reaction) it concerns that
     * step only, and a person who had only confirmed it takes back just their confirmation.
     */
    void undo(Change change, RunCommand.Undo command) {
        Run run = change.run();
        Actor actor = change.actor();
        if (command.step() != null) {
            if (!run.hasStep(command.step())) {
                throw new Refusal("There is no step ", command.step(), ".");
            }
            StepState step = run.step(command.step());
            boolean finisher = step.finished() && actor.sameAs(step.finishedBy());
            if (!finisher && step.confirmedBy(actor)) {
                change.update(step.withoutConfirmationOf(actor));
                change.recordAndTell(RunEvent.Type.STEP_UNCONFIRMED, step.number(), null, null);
                change.send(MessageKind.STEP_UPDATE, step.number());
                change.reply("Your confirmation of step ", step.number(), " is taken back.");
                return;
            }
            if (!finisher) {
                throw new Refusal("Only the person who finished step ", step.number(),
                        " can undo it that way; anyone can say `undo`.");
            }
        }
        StepState last = run.lastFinished()
                .orElseThrow(() -> new Refusal("No step has been finished yet: there is nothing to undo."));
        if (command.step() != null && last.number() != command.step()) {
            throw new Refusal("Only the most recently finished step (step ", last.number(), ") can be undone.");
        }
        authorizer.mayUndo(run, last, actor);
        if (!run.active()) {
            change.update(run.reactivated());
            change.record(RunEvent.Type.RUN_REOPENED, 0, null, null);
        }
        StepState reopened = last.reopened();
        change.update(reopened);
        if (run.mode() == Mode.SEQUENTIAL) {
            for (StepState later : change.run().steps()) {
                if (later.number() > last.number() && !later.finished() && later.openedAt() != null) {
                    change.update(later.closedForNow());
                    change.send(MessageKind.STEP_UPDATE, later.number());
                } else if (later.number() > last.number() && later.status() == StepStatus.NOT_APPLICABLE) {
                    // Not reached any more: its answer may change again before the run gets back to it.
                    change.update(later.notReachedYet());
                    change.send(MessageKind.STEP_UPDATE, later.number());
                }
            }
        }
        change.recordAndTell(RunEvent.Type.STEP_REOPENED, last.number(), null, last.finishedBy());
        change.send(MessageKind.STEP_UPDATE, last.number());
        change.send(MessageKind.HEADER_UPDATE, 0);
        change.reply("Step ", last.number(), " is open again.");
    }

    void claim(Change change, RunCommand.Claim command) {
        StepState step = resolve(change.run(), command.step(), "claim");
        refuseFinished(step);
        Actor actor = change.actor();
        if (actor.sameAs(step.claimedBy())) {
            throw new Refusal("You are already on step ", step.number(), ".");
        }
        authorizer.mayTakeOver(change.run(), step, actor);
        Actor previous = step.claimedBy();
        change.update(step.claimed(actor));
        change.recordAndTell(RunEvent.Type.STEP_CLAIMED, step.number(), null, previous);
        change.send(MessageKind.STEP_UPDATE, step.number());
        if (previous != null) {
            change.reply("You are on step ", step.number(), " (taken over from ", previous, ").");
        } else {
            change.reply("You are on step ", step.number(), ".");
        }
    }

    void assign(Change change, RunCommand.Assign command) {
        StepState step = resolve(change.run(), command.step(), "assign");
        refuseFinished(step);
        if (command.assignee().sameAs(step.claimedBy())) {
            throw new Refusal("Step ", step.number(), " is already ", command.assignee(), "'s.");
        }
        authorizer.mayTakeOver(change.run(), step, change.actor());
        change.update(step.claimed(command.assignee()));
        change.recordAndTell(RunEvent.Type.STEP_ASSIGNED, step.number(), null, command.assignee());
        change.send(MessageKind.STEP_UPDATE, step.number());
        change.reply("Step ", step.number(), " is now ", command.assignee(), "'s.");
    }

    void note(Change change, RunCommand.AddNote command, CommandSource source) {
        String text = TextRules.optional(command.text(), "note");
        if (text == null) {
            throw new Refusal("Say what to note, for example `", settings.commandName(), " note 2 job took 40 min`.");
        }
        Run run = change.run();
        StepState step = command.step() == null && run.currentStep().isEmpty()
                ? run.lastFinished().orElseThrow() : resolve(run, command.step(), "note");
        change.update(step.withNote(new Note(change.actor(), change.now(), text)));
        if (source == CommandSource.THREAD_REPLY) {
            // The note is already in the step's thread: saying so again would only add noise.
            change.record(RunEvent.Type.NOTE_ADDED, step.number(), text, null);
        } else {
            change.recordAndTell(RunEvent.Type.NOTE_ADDED, step.number(), text, null);
        }
        change.reply("Noted on step ", step.number(), ".");
    }

    /** After a step is finished: the header, then either the run's end or (sequential) the next step. */
    String afterFinish(Change change) {
        change.send(MessageKind.HEADER_UPDATE, 0);
        // Steps the answers rule out are finished as not applicable as the run reaches them.
        Questions.settle(change);
        Run run = change.run();
        if (run.allFinished()) {
            lifecycle.complete(change);
            return " Every step is finished: the run is complete.";
        }
        if (run.mode() == Mode.SEQUENTIAL) {
            StepState next = run.currentStep().orElseThrow();
            if (next.openedAt() == null) {
                boolean wasAnnounced = next.announced();
                change.update(next.opened(change.now()));
                change.send(wasAnnounced ? MessageKind.STEP_UPDATE : MessageKind.STEP_POST, next.number());
            }
            return " Next: step " + next.number() + ".";
        }
        return " " + run.finishedCount() + "/" + run.size() + " finished.";
    }

    private void confirmFinished(Change change, StepState step, String note) {
        StepState confirmed = step.withConfirmation(new Confirmation(change.actor(), change.now()));
        if (note != null && EvidenceRules.takesEvidence(step)) {
            confirmed = EvidenceRules.add(change, confirmed, note);
            note = "evidence: " + note;
        } else if (note != null) {
            confirmed = confirmed.withNote(new Note(change.actor(), change.now(), note));
        }
        change.update(confirmed);
        change.recordAndTell(RunEvent.Type.STEP_CONFIRMED, step.number(), note, step.finishedBy());
        change.send(MessageKind.STEP_UPDATE, step.number());
    }

    /** The step a command names, or without a number the one step it can only mean. */
    StepState resolve(Run run, Integer number, String verb) {
        if (number != null) {
            if (!run.hasStep(number)) {
                throw new Refusal("There is no step ", number, ": this run has ", run.size(), " steps.");
            }
            return run.step(number);
        }
        var open = run.openSteps();
        if (open.isEmpty()) {
            throw new Refusal("Every step is finished.");
        }
        if (open.size() > 1) {
            throw new Refusal("Several steps are open: say which one, for example `", settings.commandName(), " ",
                    verb, " ", open.get(0).number(), "`.");
        }
        return open.get(0);
    }

    /** Adds evidence to a step ({@code evidence [N] TEXT}). */
    void evidence(Change change, RunCommand.AddEvidence command) {
        evidenceRules.addEntry(change, command, this);
    }

    /** Answers a question ({@code answer QUESTION yes|no}). */
    void answer(Change change, RunCommand.AnswerQuestion command) {
        questions.answer(change, command, this::afterFinish);
    }

    private static void refuseNotApplicable(StepState step) {
        if (step.status() == StepStatus.NOT_APPLICABLE) {
            Condition when = step.step().when();
            throw new Refusal("Step ", step.number(), " is not applicable (", Answer.label(when.question(), !when.answer()),
                    "): nothing to do.");
        }
    }

    private static void refuseFinished(StepState step) {
        if (step.finished()) {
            throw new Refusal("Step ", step.number(), " is already ", step.status().label(), " (by ",
                    step.finishedBy(), ").");
        }
    }

    private static void requireOpen(Run run, StepState step) {
        if (run.mode() == Mode.SEQUENTIAL) {
            StepState current = run.currentStep().orElseThrow();
            if (current.number() != step.number()) {
                throw new Refusal("Step ", step.number(), " is not open yet: step ", current.number(),
                        " comes first.");
            }
        }
    }
}
