package dev.checklistbot.checklist.markdown;

/** A page that cannot be imported as a checklist; the message is one line, fit to show a user as is. */
public final class ChecklistImportException extends Exception {
    public ChecklistImportException(String message) {
        super(message);
    }
}
