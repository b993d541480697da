package dev.checklistbot.bench;

import dev.checklistbot.checklist.ChecklistCatalog;
import dev.checklistbot.checklist.ChecklistLoader;
import dev.checklistbot.run.Actor;
import dev.checklistbot.run.CommandContext;
import dev.checklistbot.run.CommandSource;
import dev.checklistbot.run.Outcome;
import dev.checklistbot.run.RunCommand;
import dev.checklistbot.run.RunService;
import dev.checklistbot.run.RunSettings;
import dev.checklistbot.store.JdbcRunStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.stream.Stream;

/** A fresh SQLite file under target/bench/db with N active runs of the shipped `backup` checklist, one per channel. */
final class BenchFixture {
    static final Path CHECKLISTS = Path.of(System.getProperty("bench.checklists", "checklists"));
    static final Path DB_ROOT = Path.of(System.getProperty("bench.dbDir", "target/bench/db"));

    private BenchFixture() {
    }

    static String channel(int i) {
        return String.format("C%07d", i);
    }

    static ChecklistCatalog catalog() {
        ChecklistLoader.Result result = new ChecklistLoader().loadDirectory(CHECKLISTS);
        if (!result.ok()) {
            throw new IllegalStateException("checklists do not load: " + result.errors());
        }
        return result.catalog();
    }

    /** A new, empty database file path in its own folder (the folder is emptied first). */
    static Path freshDatabase(String name) {
        Path dir = DB_ROOT.resolve(name);
        deleteTree(dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir.resolve("bench.db");
    }

    /**
     * Starts {@code runs} runs of `backup` through the engine, one per channel C0000000.., with its questions answered
     * yes (as `start backup bam=yes sso=yes`): all six steps apply, the same work per run as before it asked them.
     */
    static void startRuns(RunService service, int runs) {
        Actor alice = new Actor("U0BENCH01", "alice");
        for (int i = 0; i < runs; i++) {
            Outcome outcome = service.handle(new CommandContext(channel(i), alice, CommandSource.COMMAND, null),
                    new RunCommand.Start("backup", null, java.util.Map.of("bam", "yes", "sso", "yes")));
            if (!outcome.accepted()) {
                throw new IllegalStateException("cannot start run " + i + ": " + outcome.reply());
            }
        }
    }

    static RunService service(JdbcRunStore store, ChecklistCatalog catalog) {
        return new RunService(store, catalog, Clock.systemUTC(), RunSettings.defaults());
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
