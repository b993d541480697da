package dev.checklistbot.store;

/** The database failed or refused an operation. The message says what was being done; it never holds credentials. */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
