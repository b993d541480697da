package dev.checklistbot.cli;

import dev.checklistbot.store.Database;
import dev.checklistbot.store.DatabaseCopy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * {@code checklist-bot copy-db --to URL}: copies everything from the configured database (CHECKLIST_BOT_DB or --db)
 * into an empty one, typically a SQLite file into PostgreSQL, then checks and prints the counts. The target is migrated
 * first; one that holds anything is refused. PostgreSQL's credentials (CHECKLIST_BOT_DB_USER,
 * CHECKLIST_BOT_DB_PASSWORD) serve whichever side is PostgreSQL; a URL's own {@code user}/{@code password} win. Stop the
 * bot first: what it changes during the copy is not in the copy.
 */
@Command(name = "copy-db", mixinStandardHelpOptions = true,
        description = "Copy every run, audit event, outbox message, posted message and event id from the configured"
                + " database into an empty one (e.g. SQLite to PostgreSQL), keeping ids, and check the counts."
                + " Stop the bot first.")
public final class CopyDbCommand implements Callable<Integer> {
    @Mixin
    DatabaseOption database;

    @Option(names = "--to", required = true, paramLabel = "URL",
            description = "the empty target: jdbc:postgresql://HOST:PORT/DATABASE (credentials: env"
                    + " CHECKLIST_BOT_DB_USER, CHECKLIST_BOT_DB_PASSWORD), or a SQLite file / jdbc:sqlite: URL")
    String to;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Settings settings = Settings.fromEnvironment();
        try (Database from = settings.openDatabase(database.setting(), Settings.DB);
             Database target = settings.openDatabase(to, "--to")) {
            DatabaseCopy.Counts counts = DatabaseCopy.copy(from, target);
            spec.commandLine().getOut().println("Copied " + from.description() + " to " + target.description() + ": "
                    + counts + "; the counts match.");
            return 0;
        }
    }
}
