package dev.checklistbot.run;

/**
 * A chat message the engine decided to send, written to the outbox in the same transaction as the change
 * that caused it and delivered after it.
 *
 * @param channel where it goes (the run's channel, or a summary channel)
 * @param kind    what it does
 * @param runId   the run it renders
 * @param step    the step it concerns, or 0
 * @param event   for {@link MessageKind#STEP_NOTICE}: the event to tell; otherwise null
 */
public record OutboxMessage(String channel, MessageKind kind, long runId, int step, RunEvent event) {

    public static OutboxMessage of(Run run, MessageKind kind, int step) {
        return new OutboxMessage(run.channel(), kind, run.id(), step, null);
    }

    public static OutboxMessage notice(Run run, RunEvent event) {
        return new OutboxMessage(run.channel(), MessageKind.STEP_NOTICE, run.id(), event.step(), event);
    }
}
