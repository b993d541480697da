package dev.checklistbot.store;

/**
 * A message the bot posted, so that reactions, replies and later updates find their run and step.
 *
 * @param channel   the channel it is in
 * @param messageId the platform's id of the message (Slack's ts)
 * @param runId     its run
 * @param step      its step, or 0 for the run header
 */
public record PostedMessage(String channel, String messageId, long runId, int step) {
}
