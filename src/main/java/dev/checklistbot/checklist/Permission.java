package dev.checklistbot.checklist;

import java.util.List;
import java.util.Objects;

/**
 * Who may do one kind of thing in a run of a checklist: {@code everyone} (the default), {@code owner} (whoever
 * started the run), or a list of user ids (qualified by platform: bare for Slack, {@code discord:<id>}). Admins
 * ({@code ADMINS}) may always; that is decided in the engine, not here.
 */
public record Permission(Kind kind, List<String> users) {
    public enum Kind { EVERYONE, OWNER, USERS }

    public static final Permission EVERYONE = new Permission(Kind.EVERYONE, List.of());
    public static final Permission OWNER = new Permission(Kind.OWNER, List.of());

    public Permission {
        Objects.requireNonNull(kind, "kind");
        users = users == null ? List.of() : List.copyOf(users);
        if (kind == Kind.USERS && users.isEmpty()) {
            throw new IllegalArgumentException("a list permission needs at least one user id");
        }
    }

    public static Permission users(List<String> ids) {
        return new Permission(Kind.USERS, ids);
    }
}
