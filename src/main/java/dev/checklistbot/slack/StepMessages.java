package dev.checklistbot.slack;

import dev.checklistbot.run.Run;
import dev.checklistbot.run.RunStore;
import dev.checklistbot.store.PostedMessage;
import dev.checklistbot.store.PostedMessages;

import java.util.Optional;

/**
 * Finds the step a Slack message is, so that reactions, replies and buttons act only on the bot's own step
 * messages, and only on the run they belong to.
 */
public final class StepMessages {
    private final PostedMessages posted;
    private final RunStore store;

    public StepMessages(PostedMessages posted, RunStore store) {
        this.posted = posted;
        this.store = store;
    }

    /** The step message with this ts in this channel; empty for any other message (the run header too). */
    public Optional<PostedMessage> step(String channel, String ts) {
        if (channel == null || ts == null) {
            return Optional.empty();
        }
        return posted.find(channel, ts).filter(m -> m.step() > 0);
    }

    /**
     * Whether a command on this run would reach it: the engine acts on the channel's active run (or, for an
     * undo, the run that just completed), so a step message of an older run must not be acted on.
     */
    public boolean current(String channel, long runId) {
        Optional<Run> target = store.read(r -> r.activeRun(channel).or(() -> r.lastRun(channel)));
        return target.isPresent() && target.get().id() == runId;
    }

    /** Whether the step of that run is optional (a run keeps its own copy of the checklist). */
    public boolean optional(long runId, int step) {
        return store.read(r -> r.run(runId)).map(run -> run.hasStep(step) && run.step(step).step().optional())
                .orElse(false);
    }

    /** Whether the step of that run is done or skipped. */
    public boolean finished(long runId, int step) {
        return store.read(r -> r.run(runId)).map(run -> run.hasStep(step) && run.step(step).finished()).orElse(false);
    }
}
