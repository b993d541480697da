package dev.checklistbot.chat;

import dev.checklistbot.checklist.ChecklistCatalog;
import dev.checklistbot.run.RunService;
import dev.checklistbot.run.RunSettings;
import dev.checklistbot.run.RunStore;
import dev.checklistbot.store.Outbox;
import dev.checklistbot.store.PostedMessages;

import java.time.Clock;

/**
 * The engine as every chat platform uses it: the run service on a store, the outbox delivered through the
 * platform's client, and the command handling that wakes the outbox after each commit. Wired once here so
 * that the console and Slack (and any later adapter) get the same thing.
 */
public final class ChatEngine implements AutoCloseable {
    private final RunService service;
    private final OutboxDispatcher dispatcher;
    private final ChatCommandHandler handler;
    private final RunScheduler scheduler;

    public <S extends RunStore & Outbox & PostedMessages> ChatEngine(S store, ChecklistCatalog catalog,
                                                                      RunSettings settings, ChatClient client,
                                                                      Clock clock, int deliveryWorkers,
                                                                      ChannelPacer pacer) {
        this(store, catalog, settings, client, clock, deliveryWorkers, pacer, id -> { });
    }

    /** @param peopleSeen told each user id a command comes from or names (see {@link NameLookups#noticed}) */
    public <S extends RunStore & Outbox & PostedMessages> ChatEngine(S store, ChecklistCatalog catalog,
                                                                      RunSettings settings, ChatClient client,
                                                                      Clock clock, int deliveryWorkers,
                                                                      ChannelPacer pacer,
                                                                      java.util.function.Consumer<String> peopleSeen) {
        this.service = new RunService(store, catalog, clock, settings);
        this.dispatcher = new OutboxDispatcher(store, store, store, client, clock, deliveryWorkers, pacer);
        this.handler = new ChatCommandHandler(service, store, catalog, dispatcher::wake, clock, peopleSeen);
        this.scheduler = new RunScheduler(service, store, catalog, clock, dispatcher::wake);
    }

    /** Nudges and scheduled starts; started by whoever runs the bot ({@code serve}, {@code console}). */
    public RunScheduler scheduler() {
        return scheduler;
    }

    public RunService service() {
        return service;
    }

    public OutboxDispatcher dispatcher() {
        return dispatcher;
    }

    public ChatCommandHandler handler() {
        return handler;
    }

    /** Stops delivery; what is not delivered yet stays in the outbox for the next start. */
    @Override
    public void close() {
        scheduler.close();
        dispatcher.close();
    }
}
