package dev.checklistbot.run;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The display names of people as their chat platform last gave them, by qualified user id ({@code U0123},
 * {@code discord:123}): a cache that the chat adapters fill in the background and that exports and the report read.
 * A name is never needed for a rule: identity checks compare ids only.
 */
public interface PeopleDirectory {
    /** The longest display name kept; a longer one is cut (it is hostile input like any text from a platform). */
    int MAX_NAME_LENGTH = 80;

    /** A known name, and when the platform gave it. */
    record Person(String userId, String displayName, Instant fetchedAt) {
        public Person {
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(fetchedAt, "fetchedAt");
            displayName = clean(displayName);
            if (displayName.isEmpty()) {
                throw new IllegalArgumentException("a display name cannot be blank");
            }
        }

        /** The name stripped of control characters and surrounding blanks, at most {@link #MAX_NAME_LENGTH} long. */
        public static String clean(String name) {
            String clean = Objects.requireNonNull(name, "displayName").replaceAll("\\p{Cntrl}", " ").strip();
            return clean.codePointCount(0, clean.length()) <= MAX_NAME_LENGTH ? clean
                    : clean.substring(0, clean.offsetByCodePoints(0, MAX_NAME_LENGTH));
        }
    }

    /** The person's known name, if any. */
    Optional<Person> person(String userId);

    /** The known names of those of {@code userIds} that have one, by user id. */
    Map<String, String> displayNames(Collection<String> userIds);

    /** Records (or replaces) a person's name. */
    void remember(Person person);

    /** A directory that knows nobody (no database at hand). */
    PeopleDirectory NONE = new PeopleDirectory() {
        @Override
        public Optional<Person> person(String userId) {
            return Optional.empty();
        }

        @Override
        public Map<String, String> displayNames(Collection<String> userIds) {
            return Map.of();
        }

        @Override
        public void remember(Person person) {
        }
    };
}
