package dev.checklistbot.run;

import dev.checklistbot.checklist.Checklist;
import dev.checklistbot.checklist.Mode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The rules of a run as a whole: how it starts, completes, is aborted, and where its summary goes. */
final class RunLifecycle {
    static final int MAX_TITLE_CHARS = 150;

    private final RunSettings settings;
    private final Authorizer authorizer;

    RunLifecycle(RunSettings settings) {
        this.settings = settings;
        this.authorizer = new Authorizer(settings);
    }

    /** A new run of the checklist, not yet saved: every step fresh. */
    Run newRun(Checklist checklist, String title, String channel, Actor actor, Instant now) {
        String runTitle = TextRules.optional(title, "title");
        if (runTitle != null && runTitle.length() > MAX_TITLE_CHARS) {
            throw new Refusal("That title is too long (", runTitle.length(), " characters; at most ", MAX_TITLE_CHARS, ").");
        }
        List<StepState> steps = new ArrayList<>();
        for (int i = 0; i < checklist.size(); i++) {
            steps.add(StepState.fresh(i + 1, checklist.steps().get(i)));
        }
        return new Run(0, channel, checklist, runTitle == null ? checklist.title() : runTitle, actor, now,
                RunStatus.ACTIVE, null, null, steps);
    }

    /** What starting a saved run does: the header, then the first step (sequential) or every step (parallel). */
    void started(Change change) {
        change.record(RunEvent.Type.RUN_STARTED, 0, null, null);
        Questions.startAnswered(change);
        change.send(MessageKind.HEADER_POST, 0);
        // Steps that the answers given up front rule out are finished as not applicable as the run reaches them.
        Questions.settle(change);
        for (StepState step : change.run().steps()) {
            if (step.finished()) {
                continue;
            }
            change.update(step.opened(change.now()));
            change.send(MessageKind.STEP_POST, step.number());
            if (change.run().mode() == Mode.SEQUENTIAL) {
                break;
            }
        }
        List<String> unanswered = change.run().checklist().questions().stream()
                .filter(q -> change.run().answer(q.id()).isEmpty()).map(q -> q.id()).toList();
        String asks = unanswered.isEmpty() ? "" : " Please answer " + String.join(", ", unanswered) + ": `"
                + settings.commandName() + " answer " + unanswered.get(0) + " yes` (or `no`), or use the buttons.";
        if (change.run().allFinished()) {
            complete(change);
        }
        change.reply("Started ", change.run().title(), " (", change.run().size(), " steps).", asks);
    }

    void complete(Change change) {
        change.update(change.run().ended(RunStatus.COMPLETED, change.now(), null));
        change.record(RunEvent.Type.RUN_COMPLETED, 0, null, null);
        sendSummary(change, null);
    }

    void abort(Change change, RunCommand.Abort command) {
        authorizer.mayAbort(change.run(), change.actor());
        String reason = TextRules.optional(command.reason(), "reason");
        if (reason == null) {
            throw new Refusal("Say why you abort the run, for example `", settings.commandName(),
                    " abort restore not needed`.");
        }
        change.update(change.run().ended(RunStatus.ABORTED, change.now(), reason));
        change.record(RunEvent.Type.RUN_ABORTED, 0, reason, null);
        change.send(MessageKind.HEADER_UPDATE, 0);
        for (StepState step : change.run().steps()) {
            if (step.announced() && !step.finished()) {
                // Take the buttons off steps nobody can act on any more.
                change.send(MessageKind.STEP_UPDATE, step.number());
            }
        }
        sendSummary(change, null);
        change.reply("The run is aborted.");
    }

    void postSummary(Change change, RunCommand.PostSummary command) {
        change.record(RunEvent.Type.SUMMARY_POSTED, 0, command.channel(), null);
        Set<String> targets = sendSummary(change, command.channel());
        change.reply("Summary posted to ", String.join(", ", targets), ".");
    }

    /** Posts the summary to the given channel (or the run's) and to its platform's summary channel; returns where. */
    private Set<String> sendSummary(Change change, String channel) {
        Set<String> targets = new LinkedHashSet<>();
        targets.add(channel == null ? change.run().channel() : channel);
        // A summary stays on its run's platform: the checklist's summary channel if it is there, else the platform's.
        Platform platform = Platform.of(change.run().channel());
        String ownChannel = change.run().checklist().summaryChannel();
        String summaryChannel = ownChannel != null && Platform.of(ownChannel) == platform
                ? ownChannel : settings.summaryChannel(platform);
        if (summaryChannel != null) {
            targets.add(summaryChannel);
        }
        for (String target : targets) {
            change.sendTo(target, MessageKind.SUMMARY_POST);
        }
        return targets;
    }
}
