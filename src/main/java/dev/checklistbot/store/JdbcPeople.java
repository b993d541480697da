package dev.checklistbot.store;

import dev.checklistbot.run.PeopleDirectory;

import java.sql.ResultSet;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;

/** The people table: display names by qualified user id, a cache filled in the background. */
final class JdbcPeople {
    /** A read asks for at most this many ids (a run has a handful of people; the report page a few runs' worth). */
    private static final int MAX_IDS_PER_READ = 1000;
    private static final String SELECT = "SELECT user_id, display_name, fetched_at FROM people WHERE user_id = ?";

    private final Connections db;

    JdbcPeople(Connections db) {
        this.db = db;
    }

    Optional<PeopleDirectory.Person> person(String userId) {
        return db.query("reading the name of a person", sql -> {
            try (ResultSet rs = sql.bind(SELECT, userId).executeQuery()) {
                return rs.next() ? Optional.of(person(rs)) : Optional.<PeopleDirectory.Person>empty();
            }
        });
    }

    Map<String, String> displayNames(Collection<String> userIds) {
        LinkedHashSet<String> wanted = new LinkedHashSet<>(userIds);
        wanted.remove(null);
        if (wanted.isEmpty()) {
            return Map.of();
        }
        return db.query("reading the names of people", sql -> {
            Map<String, String> names = new LinkedHashMap<>();
            int asked = 0;
            for (String id : wanted) {
                if (++asked > MAX_IDS_PER_READ) {
                    break;
                }
                // one indexed lookup each, on one prepared statement, in one snapshot: no SQL built per list size
                try (ResultSet rs = sql.bind(SELECT, id).executeQuery()) {
                    if (rs.next()) {
                        names.put(id, rs.getString(2));
                    }
                }
            }
            return names;
        });
    }

    /** Unsynced (a cache: a name lost in a power cut is fetched again). */
    void remember(PeopleDirectory.Person person) {
        db.bookkeeping("remembering the name of a person", sql -> sql.update(
                "INSERT INTO people (user_id, display_name, fetched_at) VALUES (?, ?, ?) ON CONFLICT (user_id)"
                        + " DO UPDATE SET display_name = excluded.display_name, fetched_at = excluded.fetched_at",
                person.userId(), person.displayName(), Times.text(person.fetchedAt())));
    }

    private static PeopleDirectory.Person person(ResultSet rs) throws java.sql.SQLException {
        return new PeopleDirectory.Person(rs.getString(1), rs.getString(2), Times.instant(rs.getString(3)));
    }
}
