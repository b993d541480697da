package dev.checklistbot.store;

/**
 * A database user and password (PostgreSQL; SQLite has none). Either may be null: the URL's own, or none. Never part
 * of a message: {@link #toString()} hides the password.
 */
public record Credentials(String user, String password) {
    public static final Credentials NONE = new Credentials(null, null);

    @Override
    public String toString() {
        return "Credentials[user=" + user + ", password=" + (password == null ? "none" : "(hidden)") + "]";
    }
}
