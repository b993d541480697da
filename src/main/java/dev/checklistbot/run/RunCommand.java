package dev.checklistbot.run;

/**
 * What a person asks the engine to change. A null step number means "the current step".
 * Queries (status, list, history, help) are not commands: they change nothing and are answered by the chat layer.
 */
public sealed interface RunCommand {

    record Start(String checklistId, String title) implements RunCommand { }

    record Done(Integer step, String note) implements RunCommand { }

    record Skip(Integer step, String reason) implements RunCommand { }

    /** Reopens the most recently finished step; with a step number, only if that is the one. */
    record Undo(Integer step) implements RunCommand { }

    record Claim(Integer step) implements RunCommand { }

    record Assign(int step, Actor assignee) implements RunCommand { }

    record AddNote(Integer step, String text) implements RunCommand { }

    record Abort(String reason) implements RunCommand { }

    /** Posts the summary of the active or last run to the given channel (null: the run's channel) and the summary channel. */
    record PostSummary(String channel) implements RunCommand { }
}
