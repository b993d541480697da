package dev.checklistbot.render;

/**
 * What the bot says, before a chat platform gives it its form (Block Kit for Slack, lines of text for the
 * console). Built from the run's current state when the message is delivered.
 */
public sealed interface ChatMessage permits RunHeader, StepCard, StepNotice, Summary, Reply {
}
