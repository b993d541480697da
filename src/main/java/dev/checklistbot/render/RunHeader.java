package dev.checklistbot.render;

import dev.checklistbot.run.Run;
import dev.checklistbot.run.RunStatus;

/** The run's header message: title, who started it, progress; kept up to date as the run moves. */
public record RunHeader(Run run) implements ChatMessage {

    /** "3/6 done", counting skipped steps apart: "3/6 done, 1 skipped". */
    public String progress() {
        long done = run.doneCount();
        long skipped = run.finishedCount() - done;
        return done + "/" + run.size() + " done" + (skipped > 0 ? ", " + skipped + " skipped" : "");
    }

    public String statusLabel() {
        if (run.status() == RunStatus.ACTIVE) {
            return run.currentStep().map(s -> "in progress, step " + s.number() + " open").orElse("in progress");
        }
        return run.status().label() + run.duration().map(d -> " after " + Formats.duration(d)).orElse("");
    }
}
