package dev.checklistbot.cli;

import dev.checklistbot.render.Formats;
import dev.checklistbot.store.JdbcRunStore;
import dev.checklistbot.store.Retention;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/**
 * {@code checklist-bot prune --runs-older-than 400d}: deletes the runs that ended before then, whole (their audit
 * trails, outbox messages and posted-message records), and says how many of each; active runs and newer ones are kept,
 * their chains untouched. Runs and their audit are never deleted otherwise.
 */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = "Delete the runs that ended more than a given time ago, with their audit trails, and say what"
                + " was removed. Active and newer runs, and their audit chains, are kept.")
public final class PruneCommand implements Callable<Integer> {
    @Option(names = "--runs-older-than", required = true, paramLabel = "DURATION",
            description = "delete the runs that ended longer ago than this, like 400d")
    String olderThan;

    @Option(names = "--dry-run", description = "only say what would be removed")
    boolean dryRun;

    @Mixin
    DatabaseOption database;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Duration age = Settings.fromEnvironment().duration("--runs-older-than", olderThan, null);
        Instant cutoff = Instant.now().minus(age);
        PrintWriter out = spec.commandLine().getOut();
        try (JdbcRunStore store = database.open()) {
            Retention.PrunedRuns pruned = store.pruneRuns(cutoff, dryRun);
            out.println((dryRun ? "Would remove " : "Removed ") + pruned.runs() + (pruned.runs() == 1 ? " run" : " runs")
                    + " that ended before " + Formats.time(cutoff) + ", with " + pruned.events() + " audit events, "
                    + pruned.outboxMessages() + " outbox messages and " + pruned.postedMessages()
                    + " posted-message records.");
            out.println((dryRun ? "Would keep " : "Kept ") + pruned.keptRuns() + (pruned.keptRuns() == 1 ? " run" : " runs")
                    + "; their audit chains are untouched (`checklist-bot verify` checks them).");
            out.flush();
            return 0;
        }
    }
}
