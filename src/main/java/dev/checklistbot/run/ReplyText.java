package dev.checklistbot.run;

import java.util.ArrayList;
import java.util.List;

/**
 * A sentence for a person, made of plain text and mentions of people. The engine speaks in these so
 * that each chat platform can write a mention its own way (Slack {@code <@U123>}, the console a name)
 * and escape the plain parts, without the engine knowing any platform.
 */
public record ReplyText(List<Object> parts) {

    public ReplyText {
        parts = List.copyOf(parts);
        for (Object part : parts) {
            if (!(part instanceof String) && !(part instanceof Actor)) {
                throw new IllegalArgumentException("a reply holds only text and actors: " + part);
            }
        }
    }

    /** Builds a reply from strings, actors and anything else (written with {@code String.valueOf}). */
    public static ReplyText of(Object... parts) {
        List<Object> list = new ArrayList<>();
        for (Object part : parts) {
            list.add(part instanceof Actor ? part : String.valueOf(part));
        }
        return new ReplyText(list);
    }

    /** The reply with actors written as their display names. */
    public String plain() {
        StringBuilder out = new StringBuilder();
        for (Object part : parts) {
            out.append(part instanceof Actor actor ? actor.name() : (String) part);
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return plain();
    }
}
