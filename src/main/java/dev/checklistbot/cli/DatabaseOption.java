package dev.checklistbot.cli;

import dev.checklistbot.store.JdbcRunStore;
import picocli.CommandLine.Option;

/** The {@code --db} option of the commands that read the database, and opening it. */
public final class DatabaseOption {
    @Option(names = "--db", paramLabel = "FILE", description = "SQLite file or JDBC URL (env CHECKLIST_BOT_DB, default checklist-bot.db)")
    String database;

    /** The database setting: the flag, else CHECKLIST_BOT_DB, else the default. */
    public String setting() {
        return Settings.fromEnvironment().database(database);
    }

    public JdbcRunStore open() {
        return JdbcRunStore.open(setting());
    }
}
