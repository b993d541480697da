package dev.checklistbot.render;

import dev.checklistbot.run.Run;
import dev.checklistbot.run.RunEvent;

/** A line in a step's thread saying what just happened to it, so nobody wonders whether it was seen. */
public record StepNotice(Run run, RunEvent event) implements ChatMessage {
}
