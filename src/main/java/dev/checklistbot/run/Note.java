package dev.checklistbot.run;

import java.time.Instant;

/** Free text someone attached to a step; it appears in the summary. */
public record Note(Actor actor, Instant at, String text) {
}
