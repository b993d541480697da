package dev.checklistbot.cli;

import dev.checklistbot.audit.AuditTrail;
import dev.checklistbot.render.AuditHead;
import dev.checklistbot.render.People;
import dev.checklistbot.render.Summary;
import dev.checklistbot.render.SummaryRenderer;
import dev.checklistbot.run.Run;
import dev.checklistbot.store.JdbcRunStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code checklist-bot export RUN_ID --format markdown|json}: a run's summary, from the database. */
@Command(name = "export", mixinStandardHelpOptions = true, description = "Print a run's summary as Markdown or JSON.")
public final class ExportCommand implements Callable<Integer> {
    enum Format { markdown, json }

    @Parameters(paramLabel = "RUN_ID", description = "the run (see `checklist-bot runs`)")
    long runId;

    @Option(names = "--format", defaultValue = "markdown", description = "markdown or json (default ${DEFAULT-VALUE})")
    Format format;

    @Mixin
    DatabaseOption database;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (JdbcRunStore store = database.open()) {
            Optional<Run> run = store.read(r -> r.run(runId));
            if (run.isEmpty()) {
                spec.commandLine().getErr().println("No run " + runId + " in " + database.setting() + ".");
                return 1;
            }
            Summary summary = Summary.of(run.get(), Instant.now());
            SummaryRenderer renderer = new SummaryRenderer();
            AuditHead audit = store.trail(runId).map(ExportCommand::head).orElse(null);
            People people = People.of(store.displayNames(People.idsIn(summary)));
            spec.commandLine().getOut().print(format == Format.json ? renderer.json(summary, audit, people)
                    : renderer.markdown(summary, audit, people));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    /** The chain's head as the run records it (checked by {@code verify}, not here). */
    private static AuditHead head(AuditTrail trail) {
        return new AuditHead(trail.recordedCount(), trail.chainFrom(), trail.recordedHead());
    }
}
