package dev.checklistbot.checklist;

/**
 * One problem found in a checklist file.
 *
 * @param file    the file's name as the user gave it (path relative to the checklists folder where possible)
 * @param line    1-based line of the problem, or 0 when it concerns the whole file
 * @param message what is wrong, in words an operator understands
 */
public record ChecklistError(String file, int line, String message) {
    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
    }
}
