package dev.checklistbot.render;

import dev.checklistbot.checklist.Checklist;
import dev.checklistbot.checklist.Mode;
import dev.checklistbot.run.Run;
import dev.checklistbot.run.StepState;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The answers to questions (status, list, history, help), as replies that every platform can show. */
public final class Replies {
    private Replies() {
    }

    public static Reply status(Run run, Instant now) {
        List<Object> parts = new ArrayList<>();
        RunHeader header = new RunHeader(run);
        parts.add(run.title() + ": " + header.progress() + " (" + header.statusLabel() + ")\nStarted by ");
        parts.add(run.startedBy());
        Duration elapsed = Duration.between(run.startedAt(), run.endedAt() != null ? run.endedAt() : now);
        parts.add(" at " + Formats.time(run.startedAt()) + (run.endedAt() == null ? ", running for " : ", took ")
                + Formats.duration(elapsed));
        for (StepState step : run.steps()) {
            parts.add("\n" + StepCard.icon(step.status()) + " " + step.number() + ". " + step.step().text());
            if (step.finished()) {
                parts.add(" (" + step.status().label() + " by ");
                parts.add(step.finishedBy());
                parts.add(step.duration().map(d -> ", " + Formats.duration(d)).orElse("") + ")");
            } else if (step.claimedBy() != null) {
                parts.add(" (");
                parts.add(step.claimedBy());
                parts.add(" is on it)");
            }
        }
        return new Reply(new dev.checklistbot.run.ReplyText(parts));
    }

    public static Reply checklists(List<Checklist> checklists, String commandName) {
        StringBuilder out = new StringBuilder("Checklists you can start:");
        for (Checklist checklist : checklists) {
            out.append("\n• `").append(checklist.id()).append("`: ").append(checklist.title()).append(" (")
                    .append(checklist.size()).append(" steps").append(checklist.mode() == Mode.PARALLEL ? ", parallel" : "")
                    .append(")");
        }
        out.append("\nStart one with `").append(commandName).append(" start ID`.");
        return Reply.of(out.toString());
    }

    public static Reply history(List<Run> runs) {
        if (runs.isEmpty()) {
            return Reply.of("No runs in this channel yet.");
        }
        List<Object> parts = new ArrayList<>();
        parts.add("Recent runs here:");
        for (Run run : runs) {
            parts.add("\n• #" + run.id() + " " + run.title() + ": " + run.status().label() + ", "
                    + new RunHeader(run).progress() + ", started " + Formats.time(run.startedAt()) + " by ");
            parts.add(run.startedBy());
            if (run.endReason() != null) {
                parts.add(" (" + run.endReason() + ")");
            }
        }
        return new Reply(new dev.checklistbot.run.ReplyText(parts));
    }

    public static Reply help(String command) {
        return Reply.of(String.join("\n",
                "`" + command + "`: start the backup checklist here, or show the active run",
                "`" + command + " start ID [title]`: start checklist ID (`" + command + " ID` too)",
                "`" + command + " status`: where the active run stands",
                "`" + command + " list`: the checklists you can start",
                "`" + command + " done [N] [note]`: mark step N (default: the current step) done",
                "`" + command + " skip [N] reason`: skip step N (a reason is needed unless the step is optional)",
                "`" + command + " undo`: reopen the most recently finished step",
                "`" + command + " claim [N]`: say you are on step N",
                "`" + command + " assign N @user`: give step N to someone",
                "`" + command + " note [N] text`: attach a note to step N",
                "`" + command + " abort reason`: end the run as aborted",
                "`" + command + " summary [#channel]`: post the run's summary",
                "`" + command + " history`: recent runs in this channel",
                "`" + command + " answer QUESTION yes|no`: answer a question of the run (`start ID bam=no` answers at start)",
                "`" + command + " evidence [N] text`: add evidence to step N (`done N EVIDENCE` on a step that needs it)",
                "On a step message: react ✅ (done), ⏩ (skip an optional step), 👀 (claim); or reply `done`, "
                        + "`skip REASON`, `claim`, `undo` in its thread; any other reply is kept as a note."));
    }
}
