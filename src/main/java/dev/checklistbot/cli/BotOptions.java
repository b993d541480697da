package dev.checklistbot.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The flags that the commands running the bot (serve, console) share; each wins over its environment variable.
 * Read them through {@link Settings}, which checks them.
 */
public final class BotOptions {
    @Option(names = "--db", paramLabel = "FILE", description = "SQLite file, jdbc:sqlite: or jdbc:postgresql: URL (env CHECKLIST_BOT_DB,"
            + " default checklist-bot.db; PostgreSQL's credentials: env CHECKLIST_BOT_DB_USER, CHECKLIST_BOT_DB_PASSWORD)")
    String database;

    @Option(names = "--checklists", paramLabel = "DIR", description = "folder of checklist files (env CHECKLISTS_DIR, default checklists)")
    String checklistsDir;

    @Option(names = "--command-name", paramLabel = "NAME", description = "the slash command (env COMMAND_NAME, default /backup-checklist)")
    String commandName;

    @Option(names = "--summary-channel", paramLabel = "CHANNEL", description = "channel that receives every summary (env SUMMARY_CHANNEL)")
    String summaryChannel;

    @Option(names = "--nudge-after", paramLabel = "DURATION", description = "nudge a step open this long when it has no"
            + " expected time of its own, e.g. 30m (env NUDGE_AFTER; default: only steps with expected)")
    String nudgeAfter;

    java.time.Duration nudgeAfter(Settings settings) {
        return settings.nudgeAfter(nudgeAfter);
    }

    @Option(names = "--retention-outbox", paramLabel = "DURATION", description = "how long delivered outbox messages"
            + " are kept, like 7d or 12h (env RETENTION_OUTBOX, default 7d)")
    String retentionOutbox;

    java.time.Duration retentionOutbox(Settings settings) {
        return settings.duration(Settings.RETENTION_OUTBOX, retentionOutbox, "7d");
    }

    String database(Settings settings) {
        return settings.database(database);
    }

    Path checklistsDir(Settings settings) {
        return settings.checklistsDir(checklistsDir);
    }

    String commandName(Settings settings) {
        return settings.commandName(commandName);
    }

    String summaryChannel(Settings settings) {
        return settings.summaryChannel(summaryChannel);
    }
}
