package dev.checklistbot.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line as a person uses it: a real JVM, environment variables, a pipe on stdin, exit codes. */
class CliProcessTest {
    @TempDir
    Path dir;

    record Result(int exitCode, String out, String err) {
    }

    Result run(Map<String, String> env, String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("SLACK_") || k.startsWith("CHECKLIST") || k.equals("COMMAND_NAME")
                || k.equals("PORT") || k.equals("SUMMARY_CHANNEL"));
        builder.environment().putAll(env);
        Path out = dir.resolve("out-" + System.nanoTime());
        Path err = dir.resolve("err-" + System.nanoTime());
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = builder.start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the command ends").isTrue();
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void aPipedConsoleSessionRunsTheBackupChecklistToTheEndAndPrintsTheSummary() throws Exception {
        Path db = dir.resolve("bot.db");
        String script = String.join("\n", "/backup-checklist", "done", "as bob done", "as carol done 3 job every 15 min",
                "as bob done", "skip not using BAM", "as bob done master secret exported", "") ;

        Result result = run(Map.of("CHECKLIST_BOT_DB", db.toString()), script, "console", "--user", "alice");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out())
                .contains("Step 1 of 6: Learn how to back up and restore BizTalk Server.")
                .contains("https://learn.microsoft.com/en-us/biztalk/core/best-practices-for-backing-up-and-restoring-databases")
                .contains("Step 6 of 6 (optional): If you are using Enterprise Single Sign-on, back up the master secret.")
                .contains("--- summary for console ---")
                .contains("- Outcome: **completed**")
                .contains("| 2 | Ensure that you have appropriate permissions to back up and restore BizTalk Server. | done | bob |")
                .contains("| 3 | Configure the Backup BizTalk Server job. | done | carol |")
                .contains("skipped | alice |")
                .contains("- Skipped: not using BAM")
                .contains("Note by carol");

        Result runs = run(Map.of("CHECKLIST_BOT_DB", db.toString()), "", "runs");
        assertThat(runs.out()).contains("completed").contains("5/6 done, 1 skipped");

        Result json = run(Map.of(), "", "export", "1", "--format", "json", "--db", db.toString());
        assertThat(json.exitCode()).isZero();
        assertThat(json.out()).contains("\"outcome\" : \"completed\"").contains("\"skip_reason\" : \"not using BAM\"");
    }

    @Test
    void aMalformedSettingStopsStartUpWithOneLineNamingIt() throws Exception {
        Result result = run(Map.of("COMMAND_NAME", "backup checklist"), "", "console");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().strip()).startsWith("COMMAND_NAME: ").doesNotContain("\n").doesNotContain("Exception");
    }

    @Test
    void validateReportsEveryErrorAndExitsNonZero() throws Exception {
        Files.writeString(dir.resolve("a.yaml"), "id: a\ntitle: A\nsteps: []\n");
        Files.writeString(dir.resolve("b.yaml"), "id: B\ntitle: B\nsteps:\n  - text: x\n    links:\n      - title: t\n        url: nope\n");

        Result result = run(Map.of(), "", "validate", dir.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("a.yaml:3: 'steps' is empty").contains("b.yaml:1: bad id 'B'")
                .contains("b.yaml:7: malformed URL 'nope'").contains("3 errors");
        Result ok = run(Map.of(), "", "validate", "checklists");
        assertThat(ok.exitCode()).isZero();
        assertThat(ok.out()).contains("ok  backup").contains("ok  restore");
    }

    @Test
    void theConsoleRefusesToStartOnAnInvalidChecklist() throws Exception {
        Files.writeString(dir.resolve("a.yaml"), "id: a\ntitle: A\n");

        Result result = run(Map.of("CHECKLISTS_DIR", dir.toString(), "CHECKLIST_BOT_DB", dir.resolve("x.db").toString()),
                "done\n", "console");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("CHECKLISTS_DIR: invalid checklists").contains("a.yaml:1: missing field 'steps'");
        assertThat(dir.resolve("x.db")).doesNotExist();
    }
}
