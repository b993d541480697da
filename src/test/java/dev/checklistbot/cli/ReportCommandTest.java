package dev.checklistbot.cli;

import dev.checklistbot.checklist.Checklist;
import dev.checklistbot.checklist.Mode;
import dev.checklistbot.checklist.Step;
import dev.checklistbot.run.Actor;
import dev.checklistbot.run.Run;
import dev.checklistbot.run.RunEvent;
import dev.checklistbot.run.RunStatus;
import dev.checklistbot.run.StepState;
import dev.checklistbot.run.StepStatus;
import dev.checklistbot.store.JdbcRunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReportCommandTest {
    @TempDir
    Path dir;

    @Test
    void reportWritesTheRunsPageAsOneSelfContainedFile() throws Exception {
        Path db = dir.resolve("bot.db");
        Instant t0 = Instant.parse("2026-11-26T03:00:00Z");
        Actor alice = new Actor("U1", "alice <script>alert(1)</script>");
        Step step = Step.of("Restore your databases.");
        Checklist checklist = new Checklist("restore", "Restore", null, null, Mode.SEQUENTIAL, null, List.of(step));
        long id;
        try (JdbcRunStore store = JdbcRunStore.open(db.toString())) {
            Run run = new Run(0, "C1", checklist, "Restore", alice, t0, RunStatus.COMPLETED, t0.plusSeconds(600), null,
                    List.of(new StepState(1, step, StepStatus.DONE, null, t0, true, List.of(), alice, t0.plusSeconds(600),
                            1, null, List.of())));
            id = store.write(tx -> {
                long runId = tx.insertRun(run);
                tx.appendEvent(new RunEvent(runId, t0, alice, RunEvent.Type.RUN_STARTED, 0, null, null));
                return runId;
            });
        }
        Path out = dir.resolve("report.html");
        assertThat(Main.run("report", Long.toString(id), "--db", db.toString(), "--out", out.toString())).isEqualTo(0);
        String html = Files.readString(out);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<strong id=\"total-time\">10m 00s</strong>")
                .contains("rect class=\"bar done\" data-step=\"1\" data-seconds=\"600\"")
                .contains("href=\"data:application/json;charset=utf-8;base64,")
                .contains("alice &lt;script&gt;").doesNotContain("<script>")
                .doesNotContain("src=\"http").doesNotContain("href=\"/");
        assertThat(Main.run("report", "999", "--db", db.toString(), "--out", dir.resolve("x.html").toString())).isEqualTo(1);
        assertThat(dir.resolve("x.html")).doesNotExist();
    }

    @Test
    void reportLinkPrintsASignedLinkThatTheSiteAccepts() {
        java.util.Map<String, String> env = java.util.Map.of("REPORT_URL", "https://bot.example.com/",
                "REPORT_SECRET", "0123456789abcdef0123456789abcdef");
        java.io.StringWriter out = new java.io.StringWriter();
        picocli.CommandLine line = new picocli.CommandLine(new ReportCommand(new Settings(env)));
        line.setOut(new java.io.PrintWriter(out));
        assertThat(line.execute("42", "--link")).isEqualTo(0);
        assertThat(out.toString().strip()).matches("https://bot\\.example\\.com/runs/42\\?exp=\\d+&sig=[A-Za-z0-9_-]{43}");
        out.getBuffer().setLength(0);
        assertThat(line.execute("--link")).isEqualTo(0);
        assertThat(out.toString().strip()).startsWith("https://bot.example.com/runs?exp=");
    }
}
