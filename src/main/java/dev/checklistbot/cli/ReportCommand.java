package dev.checklistbot.cli;

import dev.checklistbot.audit.ChainAuditVerifier;
import dev.checklistbot.run.Run;
import dev.checklistbot.run.RunEvent;
import dev.checklistbot.store.JdbcRunStore;
import dev.checklistbot.web.ReportAccess;
import dev.checklistbot.web.ReportConfig;
import dev.checklistbot.web.ReportLinks;
import dev.checklistbot.web.ReportPage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code checklist-bot report RUN_ID --out FILE.html}: a run's report page as one self-contained file (the page
 * {@code serve} shows at {@code /runs/RUN_ID}, its downloads inside). {@code --link} prints a signed link instead: to
 * the run's page, or without RUN_ID to the list of recent runs (REPORT_URL and REPORT_SECRET must be set).
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write a run's report page as one self-contained HTML file, or print a signed link to it.")
public final class ReportCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RUN_ID", arity = "0..1", description = "the run (see `checklist-bot runs`)")
    Long runId;

    @Option(names = "--out", paramLabel = "FILE.html", description = "where to write the page (default: standard output)")
    Path out;

    @Option(names = "--link", description = "print a signed link to the run's page (or, without RUN_ID, to /runs)"
            + " from REPORT_URL and REPORT_SECRET, instead of writing the page")
    boolean link;

    @Mixin
    DatabaseOption database;

    @Spec
    CommandSpec spec;

    private final Settings settings;

    public ReportCommand() {
        this(Settings.fromEnvironment());
    }

    ReportCommand(Settings settings) {
        this.settings = settings;
    }

    @Override
    public Integer call() throws IOException {
        if (link) {
            return printLink();
        }
        if (runId == null) {
            spec.commandLine().getErr().println("Give the RUN_ID of the run to report (see `checklist-bot runs`).");
            return 2;
        }
        try (JdbcRunStore store = database.open()) {
            Optional<Run> run = store.read(r -> r.run(runId));
            if (run.isEmpty()) {
                spec.commandLine().getErr().println("No run " + runId + " in " + database.setting() + ".");
                return 1;
            }
            List<RunEvent> events = store.read(r -> r.events(runId));
            Instant now = Instant.now();
            dev.checklistbot.render.People people = dev.checklistbot.render.People.of(
                    store.displayNames(ReportPage.idsIn(run.get(), events, now)));
            String html = ReportPage.standalone(run.get(), events,
                    new ChainAuditVerifier(store, store.auditChain()).verify(runId), now, people);
            if (out == null) {
                spec.commandLine().getOut().print(html);
                spec.commandLine().getOut().flush();
            } else {
                Files.writeString(out, html, StandardCharsets.UTF_8);
                spec.commandLine().getErr().println("Wrote the report of run " + runId + " to " + out + ".");
            }
            return 0;
        }
    }

    private int printLink() {
        ReportConfig report = settings.report();
        if (report == null) {
            throw new ConfigException(Settings.REPORT_URL, "is not set: it is the public base URL of the report links");
        }
        ReportLinks links = new ReportLinks(report.baseUrl(), new ReportAccess(report.secret()), report.linkLifetime(),
                Clock.systemUTC());
        spec.commandLine().getOut().println(runId == null ? links.runs() : links.run(runId));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
