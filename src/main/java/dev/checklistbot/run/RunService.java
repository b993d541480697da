package dev.checklistbot.run;

import dev.checklistbot.checklist.Checklist;
import dev.checklistbot.checklist.ChecklistCatalog;

import java.time.Clock;
import java.time.Instant;
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

    public RunService(RunStore store, ChecklistCatalog catalog, Clock clock, RunSettings settings) {
        this.store = store;
        this.catalog = catalog;
        this.clock = clock;
        this.settings = settings;
        this.lifecycle = new RunLifecycle(settings);
        this.stepRules = new StepRules(settings, lifecycle);
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
        Run run = lifecycle.newRun(checklist, command.title(), context.channel(), context.actor(), now);
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

    private static void save(RunStore.Transaction tx, Change change) {
        tx.updateRun(change.run());
        change.events().forEach(tx::appendEvent);
        // What people wait for first (the next step's card), thread notices last: see DeliveryOrder.
        DeliveryOrder.of(change.messages()).forEach(tx::enqueue);
    }
}
