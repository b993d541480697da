package dev.checklistbot.cli;

import dev.checklistbot.chat.ChatClient;
import dev.checklistbot.chat.ChannelPacer;
import dev.checklistbot.chat.ChatCommandHandler;
import dev.checklistbot.chat.ChatEngine;
import dev.checklistbot.chat.OutboxDispatcher;
import dev.checklistbot.checklist.ChecklistCatalog;
import dev.checklistbot.checklist.ChecklistLoader;
import dev.checklistbot.run.RunSettings;
import dev.checklistbot.store.JdbcRunStore;

import java.nio.file.Path;
import java.time.Clock;
import java.util.stream.Collectors;

/**
 * The composition root shared by every way of running the bot: checklists, store, engine, outbox
 * delivery and command handling, wired by constructor. Chat adapters add their client and their listeners.
 */
public final class BotCore implements AutoCloseable {
    private final JdbcRunStore store;
    private final ChecklistCatalog catalog;
    private final ChatEngine engine;

    private BotCore(JdbcRunStore store, ChecklistCatalog catalog, RunSettings settings, ChatClient client, Clock clock,
                    int deliveryWorkers) {
        this.store = store;
        this.catalog = catalog;
        this.engine = new ChatEngine(store, catalog, settings, client, clock, deliveryWorkers, ChannelPacer.unlimited());
    }

    /**
     * Loads the checklists (refusing to start on any error, all of them listed), opens the database, and wires
     * the engine to the given chat client.
     */
    public static BotCore open(Path checklistsDir, String database, Settings environment, RunSettings settings,
                               ChatClient client, Clock clock, int deliveryWorkers) {
        ChecklistCatalog catalog = loadChecklists(checklistsDir);
        JdbcRunStore store = environment.openStore(database);
        return new BotCore(store, catalog, settings, client, clock, deliveryWorkers);
    }

    /** Every checklist of the folder, or a {@link ConfigException} listing every error. */
    public static ChecklistCatalog loadChecklists(Path dir) {
        ChecklistLoader.Result result = new ChecklistLoader().loadDirectory(dir);
        if (!result.ok()) {
            throw new ConfigException(Settings.CHECKLISTS_DIR, "invalid checklists, not starting:\n  "
                    + result.errors().stream().map(Object::toString).collect(Collectors.joining("\n  ")));
        }
        return result.catalog();
    }

    public JdbcRunStore store() {
        return store;
    }

    public ChecklistCatalog catalog() {
        return catalog;
    }

    public OutboxDispatcher dispatcher() {
        return engine.dispatcher();
    }

    public dev.checklistbot.chat.RunScheduler scheduler() {
        return engine.scheduler();
    }

    public ChatCommandHandler handler() {
        return engine.handler();
    }

    @Override
    public void close() {
        engine.close();
        store.close();
    }
}
