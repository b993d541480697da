package dev.checklistbot.run;

/**
 * The store could not take a change now: the database is busy (another process holds its write lock past the
 * command's deadline), read-only, full, or gone. Nothing of the change was saved, so the same command may be tried
 * again; an adapter answers "try again" (or lets the platform retry), never "done". Thrown by {@link RunStore}
 * implementations; the message says what was being done and never holds credentials.
 */
public class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
