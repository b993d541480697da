package dev.checklistbot.slack;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Stand-in for the SQLite store until it is merged: one in-memory store per "file", kept across restarts. */
final class InMemoryTestStore {
    private static final Map<Path, Handle> STORES = new ConcurrentHashMap<>();

    private InMemoryTestStore() {
    }

    static BotHarness.TestStore open(Path file) {
        return STORES.computeIfAbsent(file, f -> new Handle());
    }

    private static final class Handle extends InMemoryStoreBase implements BotHarness.TestStore {
        @Override
        public void close() {
        }
    }
}
