package dev.checklistbot.render;

import dev.checklistbot.checklist.Checklist;
import dev.checklistbot.checklist.Link;
import dev.checklistbot.checklist.Mode;
import dev.checklistbot.checklist.Step;
import dev.checklistbot.run.Actor;
import dev.checklistbot.run.Confirmation;
import dev.checklistbot.run.Note;
import dev.checklistbot.run.Run;
import dev.checklistbot.run.RunStatus;
import dev.checklistbot.run.StepState;
import dev.checklistbot.run.StepStatus;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden files: what users see of a summary is kept in src/test/resources/golden/, so that a change of it
 * is a visible diff. Run with -Dgolden.update=true to rewrite them after a deliberate change.
 */
class SummaryRendererTest {
    static final Actor ALICE = new Actor("U1", "alice");
    static final Actor BOB = new Actor("U2", "bob");
    static final Instant T0 = Instant.parse("2026-11-26T03:00:00Z");

    static Run finishedRun() {
        Checklist checklist = new Checklist("restore", "Restoring BizTalk Server", null,
                "https://learn.microsoft.com/en-us/biztalk/core/checklist-back-up-and-restore-biztalk-server-databases",
                Mode.SEQUENTIAL, null, List.of(
                Step.of("Restore your databases.", new Link("How to Restore Your Databases",
                        "https://learn.microsoft.com/en-us/biztalk/core/how-to-restore-your-databases")),
                Step.of("Update references to the BAM database names."),
                new Step("If you are using Enterprise Single Sign-on, restore the master secret.", null, List.of(), true, 1)));
        StepState one = new StepState(1, checklist.step(1), StepStatus.DONE, ALICE, T0, true,
                List.of(new Confirmation(ALICE, T0.plusSeconds(2520)), new Confirmation(BOB, T0.plusSeconds(2530))),
                ALICE, T0.plusSeconds(2520), 1, null,
                List.of(new Note(ALICE, T0.plusSeconds(600), "restore of <!channel> *BizTalkMsgBoxDb* | took long")));
        StepState two = new StepState(2, checklist.step(2), StepStatus.SKIPPED, null, T0.plusSeconds(2520), true,
                List.of(), BOB, T0.plusSeconds(2580), 2, "no BAM on this farm", List.of());
        StepState three = new StepState(3, checklist.step(3), StepStatus.DONE, null, T0.plusSeconds(2580), true,
                List.of(new Confirmation(BOB, T0.plusSeconds(3725))), BOB, T0.plusSeconds(3725), 3, null, List.of());
        return new Run(7, "C0OPS", checklist, "Restore after disk failure", ALICE, T0, RunStatus.COMPLETED,
                T0.plusSeconds(3725), null, List.of(one, two, three));
    }

    @Test
    void markdownSummaryMatchesTheGoldenFile() throws IOException {
        String markdown = new SummaryRenderer().markdown(Summary.of(finishedRun(), T0.plusSeconds(9999)));
        assertGolden("summary.md", markdown);
        assertThat(markdown).doesNotContain("<!channel>").contains("\\<!channel\\>");
    }

    @Test
    void jsonSummaryMatchesTheGoldenFile() throws IOException {
        assertGolden("summary.json", new SummaryRenderer().json(Summary.of(finishedRun(), T0.plusSeconds(9999))));
    }

    /** An export is the summary and the audit chain's head (one line in Markdown, an object in JSON). */
    @Test
    void anExportCarriesTheAuditChainHead() throws IOException {
        AuditHead head = new AuditHead(9, 1, "sha256:" + "0123456789abcdef".repeat(4));
        Summary summary = Summary.of(finishedRun(), T0.plusSeconds(9999));
        assertGolden("export.md", new SummaryRenderer().markdown(summary, head));
        assertGolden("export.json", new SummaryRenderer().json(summary, head));
        assertThat(new SummaryRenderer().markdown(summary, new AuditHead(5, 4, null)))
                .contains("- Audit: 5 events, chained from event 4, none chained\n");
    }

    @Test
    void aRunStillActiveHasItsDurationSoFar() {
        Run run = finishedRun();
        Run active = new Run(run.id(), run.channel(), run.checklist(), run.title(), run.startedBy(), run.startedAt(),
                RunStatus.ACTIVE, null, null, run.steps());
        Summary summary = Summary.of(active, T0.plusSeconds(60));
        assertThat(summary.duration().getSeconds()).isEqualTo(60);
        assertThat(new SummaryRenderer().markdown(summary)).contains("- Ended: not yet").contains("- Duration: 1m 00s");
    }

    @Test
    void aSummaryWithTheReportOnCarriesTheRunsLink() throws IOException {
        Summary summary = Summary.of(finishedRun(), T0.plusSeconds(9999))
                .withReportUrl("https://bot.example.com/runs/7?exp=1796000000&sig=AbC-_x");
        String markdown = new SummaryRenderer().markdown(summary);
        assertGolden("summary-with-report-link.md", markdown);
        assertThat(markdown).contains("- Report: <https://bot.example.com/runs/7?exp=1796000000&sig=AbC-_x>\n");
        assertThat(new SummaryRenderer().markdown(Summary.of(finishedRun(), T0))).doesNotContain("Report:");
    }

    static void assertGolden(String name, String actual) throws IOException {
        Path file = Path.of("src/test/resources/golden", name);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        assertThat(actual).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }
}
