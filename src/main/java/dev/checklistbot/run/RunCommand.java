package dev.checklistbot.run;

/**
 * What a person asks the engine to change. A null step number means "the current step".
 * Queries (status, list, history, help) are not commands: they change nothing and are answered by the chat layer.
 */
public sealed interface RunCommand {

    /**
     * Starts a checklist; {@code answers} are the answers given up front ({@code start restore bam=no}: question id
     * to the typed value, checked by the engine).
     */
    record Start(String checklistId, String title, java.util.Map<String, String> answers) implements RunCommand {
        public Start {
            answers = answers == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(
                    new java.util.LinkedHashMap<>(answers));
        }

        public Start(String checklistId, String title) {
            this(checklistId, title, null);
        }
    }

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

    /** Answers (or changes the answer to) one of the run's questions; {@code answer} is the typed yes/no. */
    record AnswerQuestion(String question, String answer) implements RunCommand { }

    /** Adds evidence to a step (a correction is a new entry; nothing is edited). */
    record AddEvidence(Integer step, String text) implements RunCommand { }
}
