package dev.checklistbot.run;

import java.util.Objects;

/**
 * A person acting on a run, as the chat platform identifies them.
 *
 * @param id   the platform's stable user id (Slack "U024BE7LH", a console name); what identity checks compare
 * @param name a display name for places that cannot mention by id (the console, exports); may equal the id
 */
public record Actor(String id, String name) {
    public Actor {
        Objects.requireNonNull(id, "id");
        name = name == null || name.isBlank() ? id : name;
    }

    public static Actor of(String id) {
        return new Actor(id, id);
    }

    public boolean sameAs(Actor other) {
        return other != null && id.equals(other.id);
    }
}
