package dev.checklistbot.cli;

import dev.checklistbot.render.Formats;
import dev.checklistbot.render.RunHeader;
import dev.checklistbot.run.Run;
import dev.checklistbot.store.JdbcRunStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code checklist-bot runs [--active]}: the runs in the database, newest first. */
@Command(name = "runs", mixinStandardHelpOptions = true, description = "List runs in the database, newest first.")
public final class RunsCommand implements Callable<Integer> {
    @Option(names = "--active", description = "only active runs")
    boolean activeOnly;

    @Option(names = "--limit", defaultValue = "100", description = "at most this many (default ${DEFAULT-VALUE})")
    int limit;

    @Mixin
    DatabaseOption database;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (JdbcRunStore store = database.open()) {
            List<Run> runs = store.read(r -> r.runs(activeOnly, Math.max(1, limit)));
            PrintWriter out = spec.commandLine().getOut();
            if (runs.isEmpty()) {
                out.println(activeOnly ? "No active runs." : "No runs.");
                return 0;
            }
            out.printf("%-6s %-10s %-12s %-16s %-24s %-24s %s%n", "ID", "STATE", "CHECKLIST", "CHANNEL", "STARTED",
                    "PROGRESS", "TITLE");
            for (Run run : runs) {
                out.printf("%-6d %-10s %-12s %-16s %-24s %-24s %s%n", run.id(), run.status().label(),
                        run.checklist().id(), run.channel(), Formats.time(run.startedAt()), new RunHeader(run).progress(),
                        run.title());
            }
            return 0;
        }
    }
}
