package dev.checklistbot.cli;

import dev.checklistbot.store.JdbcRunStore;
import picocli.CommandLine.Option;

/** The {@code --db} option of the commands that read the database, and opening it. */
public final class DatabaseOption {
    @Option(names = "--db", paramLabel = "FILE", description = "SQLite file, jdbc:sqlite: or jdbc:postgresql: URL (env CHECKLIST_BOT_DB,"
            + " default checklist-bot.db; PostgreSQL's credentials: env CHECKLIST_BOT_DB_USER, CHECKLIST_BOT_DB_PASSWORD)")
    String database;

    /** The database setting: the flag, else CHECKLIST_BOT_DB, else the default. */
    public String setting() {
        return Settings.fromEnvironment().database(database);
    }

    public JdbcRunStore open() {
        return Settings.fromEnvironment().openStore(setting());
    }
}
