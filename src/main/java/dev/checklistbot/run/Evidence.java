package dev.checklistbot.run;

import java.time.Instant;

/**
 * Evidence of what was done on a step (a path, a figure, a link): kept with who gave it and when, never edited;
 * a correction is a new entry after it.
 */
public record Evidence(Actor actor, Instant at, String text) {
}
