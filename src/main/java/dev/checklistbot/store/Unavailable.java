package dev.checklistbot.store;

import dev.checklistbot.run.StoreUnavailableException;

import java.sql.SQLException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * The database's answers that mean "the database cannot take a write now, try again later". SQLite: busy or locked
 * (another process holds the write lock), read-only, full, or an I/O error (the disk, or the file, is gone or failing).
 * PostgreSQL: the server cannot be reached or went away (SQLSTATE class 08, a shutdown, a pool with no connection to
 * give), a lock or statement timeout, a serialization failure or deadlock, a full disk, a read-only server. A write
 * that fails so changed nothing, and the same write may succeed later; anything else (a constraint, a bug) is not one
 * of these and stays as it is.
 */
final class Unavailable {
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_READONLY = 8;
    private static final int SQLITE_IOERR = 10;
    private static final int SQLITE_FULL = 13;
    private static final int SQLITE_CANTOPEN = 14;

    private Unavailable() {
    }

    /** What the database is ("busy", "read-only", "full", ...) if {@code failure} is one of these answers, else null. */
    static String reason(Throwable failure) {
        return reason(failure, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static String reason(Throwable failure, Set<Throwable> seen) {
        if (failure == null || !seen.add(failure)) {
            return null;
        }
        if (failure instanceof StoreUnavailableException) {
            return "unavailable";
        }
        if (failure instanceof java.sql.SQLTransientConnectionException) {
            return "unreachable"; // the pool had no connection to give within its timeout
        }
        if (failure instanceof SQLException e && e.getSQLState() != null) {
            String postgres = postgres(e.getSQLState());
            if (postgres != null) {
                return postgres;
            }
        }
        if (failure instanceof SQLException e && e.getSQLState() == null) {
            // sqlite-jdbc puts SQLite's result code in the error code; the low byte is the primary code.
            switch (e.getErrorCode() & 0xFF) {
                case SQLITE_BUSY:
                case SQLITE_LOCKED:
                    return "busy";
                case SQLITE_READONLY:
                    return "read-only";
                case SQLITE_FULL:
                    return "full";
                case SQLITE_IOERR:
                case SQLITE_CANTOPEN:
                    return "unreachable (disk I/O error)";
                default:
                    break;
            }
        }
        String cause = reason(failure.getCause(), seen);
        if (cause != null) {
            return cause;
        }
        for (Throwable suppressed : failure.getSuppressed()) {
            String reason = reason(suppressed, seen);
            if (reason != null) {
                return reason;
            }
        }
        return null;
    }

    /** What a PostgreSQL SQLSTATE says, if it is one of the answers above. */
    private static String postgres(String state) {
        if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
            return "unreachable";
        }
        switch (state) {
            case "55P03": // lock_not_available: lock_timeout
            case "57014": // query_canceled: statement_timeout
            case "40001": // serialization_failure
            case "40P01": // deadlock_detected
            case "53300": // too_many_connections
                return "busy";
            case "53100": // disk_full
                return "full";
            case "25006": // read_only_sql_transaction (a standby, or default_transaction_read_only)
                return "read-only";
            default:
                return null;
        }
    }

    /** {@code failure} as a StoreUnavailableException if it is one of these answers; else {@code failure} itself. */
    static RuntimeException map(RuntimeException failure) {
        if (failure instanceof StoreUnavailableException) {
            return failure;
        }
        String reason = reason(failure);
        if (reason == null) {
            return failure;
        }
        return new StoreUnavailableException("the database is " + reason + ": nothing was changed ("
                + failure.getMessage() + ")", failure);
    }

    /** A write that could not start within its deadline. */
    static StoreUnavailableException busy(String why, Throwable cause) {
        return new StoreUnavailableException("the database is busy: nothing was changed (" + why + ")", cause);
    }
}
