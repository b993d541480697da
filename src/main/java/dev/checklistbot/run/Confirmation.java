package dev.checklistbot.run;

import java.time.Instant;

/** One person's "done" on a step. A step needs as many distinct confirmations as its checklist asks. */
public record Confirmation(Actor actor, Instant at) {
}
