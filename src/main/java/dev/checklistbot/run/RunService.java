package dev.checklistbot.run;

import dev.checklistbot.checklist.Checklist;
import dev.checklistbot.checklist.ChecklistCatalog;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Applies a command to the channel's run: one transaction that reads the run, applies the rules, and saves
 * the new state, the audit events and the outgoing messages together. A refusal saves nothing.
 */
public final class RunService {
    private final RunStore store;
    private final ChecklistCatalog catalog;
    private final Clock clock;
    private final RunSettings settings;
    private final RunLifecycle lifecycle;
    private final StepRules stepRules;
    private final Nudges nudges;
    private final ScheduledStarts scheduledStarts = new ScheduledStarts();

    public RunService(RunStore store, ChecklistCatalog catalog, Clock clock, RunSettings settings) {
        this.store = store;
        this.catalog = catalog;
        this.clock = clock;
        this.settings = settings;
        this.lifecycle = new RunLifecycle(settings);
        this.stepRules = new StepRules(settings, lifecycle);
        this.nudges = new Nudges(settings);
    }

    public RunSettings settings() {
        return settings;
    }

    public Outcome handle(CommandContext context, RunCommand command) {
        try {
            return store.write(tx -> {
                if (context.eventId() != null && !tx.recordEventId(context.eventId())) {
                    return Outcome.duplicate();
                }
                Instant now = clock.instant();
                Change change = command instanceof RunCommand.Start start
                        ? start(tx, context, start, now)
                        : apply(tx, context, command, now);
                save(tx, change);
                return Outcome.accepted(change.run(), change.reply());
            });
        } catch (Refusal refusal) {
            return Outcome.refused(refusal.reply());
        }
    }

    private Change start(RunStore.Transaction tx, CommandContext context, RunCommand.Start command, Instant now) {
        Checklist checklist = catalog.find(command.checklistId()).orElseThrow(() -> new Refusal(
                "There is no checklist '", command.checklistId(), "'. You can start: ",
                catalog.all().stream().map(Checklist::id).collect(Collectors.joining(", ")), "."));
        Optional<Run> active = tx.activeRun(context.channel());
        if (active.isPresent()) {
            Run run = active.get();
            throw new Refusal("A run is already active here: ", run.title(), " (", run.finishedCount(), "/",
                    run.size(), " finished). Finish or abort it first.");
        }
        List<Answer> answers = new Questions(settings).startAnswers(checklist, command.answers(), context.actor(), now);
        Run run = lifecycle.newRun(checklist, command.title(), context.channel(), context.actor(), now);
        for (Answer answer : answers) {
            run = run.withAnswer(answer);
        }
        long id = tx.insertRun(run);
        Change change = new Change(run.withId(id), context.actor(), now);
        lifecycle.started(change);
        return change;
    }

    private Change apply(RunStore.Transaction tx, CommandContext context, RunCommand command, Instant now) {
        Run run = runFor(tx, context.channel(), command, now);
        Change change = new Change(run, context.actor(), now);
        if (command instanceof RunCommand.Done done) {
            stepRules.done(change, done);
        } else if (command instanceof RunCommand.Skip skip) {
            stepRules.skip(change, skip);
        } else if (command instanceof RunCommand.Undo undo) {
            stepRules.undo(change, undo);
        } else if (command instanceof RunCommand.Claim claim) {
            stepRules.claim(change, claim);
        } else if (command instanceof RunCommand.Assign assign) {
            stepRules.assign(change, assign);
        } else if (command instanceof RunCommand.AddNote note) {
            stepRules.note(change, note, context.source());
        } else if (command instanceof RunCommand.Abort abort) {
            lifecycle.abort(change, abort);
        } else if (command instanceof RunCommand.PostSummary summary) {
            lifecycle.postSummary(change, summary);
        } else if (command instanceof RunCommand.AnswerQuestion answer) {
            stepRules.answer(change, answer);
        } else if (command instanceof RunCommand.AddEvidence evidence) {
            stepRules.evidence(change, evidence);
        } else {
            throw new IllegalArgumentException("unknown command " + command);
        }
        return change;
    }

    /**
     * The run a command acts on: the channel's active run; for a summary also the last finished one; for an
     * undo also a run that completed a moment ago (its last step marked done by mistake).
     */
    private Run runFor(RunStore.Reader tx, String channel, RunCommand command, Instant now) {
        Optional<Run> active = tx.activeRun(channel);
        if (active.isPresent()) {
            return active.get();
        }
        Optional<Run> last = tx.lastRun(channel);
        if (command instanceof RunCommand.PostSummary && last.isPresent()) {
            return last.get();
        }
        if (command instanceof RunCommand.Undo && last.isPresent() && last.get().status() == RunStatus.COMPLETED
                && !now.isAfter(last.get().endedAt().plus(settings.reopenWindow()))) {
            return last.get();
        }
        throw new Refusal("There is no active run in this channel. Start one with `", settings.commandName(),
                " start ID`; `", settings.commandName(), " list` shows the checklists.");
    }

    /**
     * Applies a due timer: nudges its step if it is still open, not nudged yet and past its expected time (one
     * transaction: the step's state, the audit event, the message, the timer gone). Otherwise the run's timers are
     * written again as they now stand (a timer left over, or moved by a changed NUDGE_AFTER). Returns whether it
     * nudged: of two processes applying the same timer, one does.
     */
    public boolean nudge(Timer timer) {
        return store.write(tx -> {
            Optional<Run> run = tx.run(timer.runId());
            if (run.isEmpty()) {
                tx.replaceTimers(timer.runId(), java.util.List.of());
                return false;
            }
            Change change = new Change(run.get(), SystemActor.BOT, clock.instant());
            if (!nudges.nudge(change, timer.step())) {
                tx.replaceTimers(timer.runId(), nudges.timers(run.get()));
                return false;
            }
            save(tx, change);
            return true;
        });
    }

    /**
     * Looks at a scheduled checklist now: if its time has come (and no process started it for that time yet), starts
     * it in its channel as the bot, titled with the date, or says there that a run is active and starts nothing.
     * Returns the outcome, or null when there was nothing to do.
     */
    public Outcome startScheduled(Checklist checklist) {
        if (checklist.schedule() == null) {
            throw new IllegalArgumentException("checklist " + checklist.id() + " has no schedule");
        }
        try {
            return store.write(tx -> startScheduled(tx, checklist));
        } catch (Refusal refusal) {
            return Outcome.refused(refusal.reply());
        }
    }

    private Outcome startScheduled(RunStore.Transaction tx, Checklist checklist) {
        {
            Instant now = clock.instant();
            ScheduledStarts.Due due = scheduledStarts.claim(tx, checklist, now);
            CommandContext context = CommandContext.of(checklist.schedule().channel(), SystemActor.BOT);
            if (due instanceof ScheduledStarts.Start start) {
                Change change = start(tx, context, new RunCommand.Start(checklist.id(), start.title()), now);
                save(tx, change);
                return Outcome.accepted(change.run(), change.reply());
            }
            if (due instanceof ScheduledStarts.Busy busy) {
                Change change = new Change(busy.active(), SystemActor.BOT, now);
                change.recordAndTellChannel(RunEvent.Type.SCHEDULED_START_SKIPPED, checklist.title());
                change.reply("Scheduled start of ", checklist.title(), " skipped: a run of ", busy.active().title(),
                        " is active in ", busy.active().channel(), ".");
                save(tx, change);
                return Outcome.refused(change.reply());
            }
            return null;
        }
    }

    private void save(RunStore.Transaction tx, Change change) {
        nudges.syncTimers(tx, change);
        tx.updateRun(change.run());
        change.events().forEach(tx::appendEvent);
        // What people wait for first (the next step's card), thread notices last: see DeliveryOrder.
        DeliveryOrder.of(change.messages()).forEach(tx::enqueue);
    }
}
