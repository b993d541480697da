package dev.checklistbot.run;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What one command does to a run: its new state, the audit events and the messages to send, built up by the rules. */
final class Change {
    private Run run;
    /** The run as the command found it (its timers are what the store holds). */
    private final Run before;
    private final Actor actor;
    private final Instant now;
    private final List<RunEvent> events = new ArrayList<>();
    private final List<OutboxMessage> messages = new ArrayList<>();
    private ReplyText reply;

    Change(Run run, Actor actor, Instant now) {
        this.run = run;
        this.before = run;
        this.actor = actor;
        this.now = now;
    }

    Run run() {
        return run;
    }

    Run before() {
        return before;
    }

    Instant now() {
        return now;
    }

    Actor actor() {
        return actor;
    }

    void update(StepState step) {
        run = run.withStep(step);
    }

    void update(Run newRun) {
        run = newRun;
    }

    RunEvent record(RunEvent.Type type, int step, String text, Actor other) {
        RunEvent event = new RunEvent(run.id(), now, actor, type, step, text, other);
        events.add(event);
        return event;
    }

    /** Records an event and tells it in the step's thread. */
    void recordAndTell(RunEvent.Type type, int step, String text, Actor other) {
        messages.add(OutboxMessage.notice(run, record(type, step, text, other)));
    }

    /** Records an event and tells it in the run's channel (not in a thread). */
    void recordAndTellChannel(RunEvent.Type type, String text) {
        RunEvent event = record(type, 0, text, null);
        messages.add(new OutboxMessage(run.channel(), MessageKind.CHANNEL_NOTICE, run.id(), 0, event));
    }

    void send(MessageKind kind, int step) {
        messages.add(OutboxMessage.of(run, kind, step));
    }

    void sendTo(String channel, MessageKind kind) {
        messages.add(new OutboxMessage(channel, kind, run.id(), 0, null));
    }

    void reply(Object... parts) {
        reply = ReplyText.of(parts);
    }

    ReplyText reply() {
        return reply;
    }

    List<RunEvent> events() {
        return events;
    }

    List<OutboxMessage> messages() {
        return messages;
    }
}
