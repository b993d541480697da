package dev.checklistbot.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Makes SQLite refuse a store's writes the way a broken disk does, through the store's package-private test hook
 * on its writer connection (public so that the dispatcher's tests in {@code chat} can use it too). Reads go through
 * other connections and keep working, as they do on a full or read-only disk.
 */
public final class StoreFaults {
    private StoreFaults() {
    }

    /** {@code PRAGMA query_only}: every write fails with SQLITE_READONLY, as on a read-only file system. */
    public static void readOnly(JdbcRunStore store, boolean readOnly) {
        exec(store, "PRAGMA query_only = " + (readOnly ? 1 : 0));
    }

    /**
     * {@code PRAGMA max_page_count} at the database's current size (SQLite never sets it lower): any write that needs
     * a new page fails with SQLITE_FULL, as on a full disk; {@code false} lifts the limit again.
     */
    public static void full(JdbcRunStore store, boolean full) {
        exec(store, "PRAGMA max_page_count = " + (full ? 1 : 1_073_741_823));
    }

    /** The writer connection's {@code max_page_count} now. */
    static long maxPageCount(JdbcRunStore store) {
        try {
            return store.withWriterConnection(c -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA max_page_count")) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static void exec(JdbcRunStore store, String sql) {
        try {
            store.withWriterConnection(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute(sql);
                }
                return null;
            });
        } catch (SQLException e) {
            throw new AssertionError("cannot run " + sql + " on the writer: " + e, e);
        }
    }
}
