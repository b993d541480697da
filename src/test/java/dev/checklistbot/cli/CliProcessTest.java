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
                "as bob done", "skip not using BAM", "answer sso yes", "as bob done master secret exported", "") ;

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
    void aRestoreStartedWithBamNoSkipsTheBamStepAsNotApplicableAndItsSummaryShowsAnswersAndEvidence() throws Exception {
        Path db = dir.resolve("restore.db");
        String script = String.join("\n", "/backup-checklist start restore bam=no",
                "done 1", "evidence 1 restored BizTalkMgmtDb from \\\\backup01\\bts\\BizTalkMgmtDb_Full.bak",
                "as bob done 3", "as bob answer sso yes", "as bob answer bam yes", "as bob done 3", "");

        Result result = run(Map.of("CHECKLIST_BOT_DB", db.toString()), script, "console", "--user", "alice");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out())
                .contains("? Are you using Business Activity Monitoring (BAM)? no (alice)")
                .contains("? Are you using Enterprise Single Sign-On (SSO)? Type `answer sso yes` or `answer sso no`.")
                .doesNotContain("Type `answer bam")
                .contains("Step 2 of 3: Update references to the BAM database names.\n    - ")
                .contains("    Not applicable (BAM: no).")
                .contains("? Are you using Enterprise Single Sign-On (SSO)? Type `answer sso yes` or `answer sso no` first.")
                .contains("(to bob) Step 3 applies only on an answer to")
                .contains("Too late to change bam")
                .contains("- Outcome: **completed**")
                .contains("- Steps: 2 done, 0 skipped, 0 open, of 3, 1 not applicable")
                .contains("- Question: Are you using Business Activity Monitoring (BAM)? (`bam`): **no** (by alice")
                .contains("- Question: Are you using Enterprise Single Sign-On (SSO)? (`sso`): **yes** (by bob")
                .contains("| 2 | Update references to the BAM database names. | not applicable (BAM: no) |  |")
                .contains("- Evidence by alice at ");
        System.out.println(result.out());

        Result json = run(Map.of(), "", "export", "1", "--format", "json", "--db", db.toString());
        assertThat(json.out()).contains("\"not_applicable\" : \"BAM: no\"").contains("\"question\" : \"bam\"")
                .contains("\"state\" : \"not_applicable\"").contains("\"evidence\" : [ {");
    }

    @Test
    void aMalformedSettingStopsStartUpWithOneLineNamingIt() throws Exception {
        Result result = run(Map.of("COMMAND_NAME", "backup checklist"), "", "console");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().strip()).startsWith("COMMAND_NAME: ").doesNotContain("\n").doesNotContain("Exception");
    }

    @Test
    void inTheConsoleAChecklistsPermissionsRefuseAnotherPersonsAbortAndUndo() throws Exception {
        Path checklists = Files.createDirectories(dir.resolve("checklists"));
        Files.writeString(checklists.resolve("guarded.yaml"), String.join("\n", "id: guarded", "title: Guarded",
                "permissions:", "  abort: owner", "  undo_others: owner", "steps:", "  - text: Restore",
                "  - text: Verify", ""));
        String script = String.join("\n", "start guarded", "as bob abort x", "as carol done", "as bob undo",
                "undo", "abort not needed", "");

        Result result = run(Map.of("CHECKLISTS_DIR", checklists.toString(), "CHECKLIST_BOT_DB",
                dir.resolve("bot.db").toString()), script, "console", "--user", "alice");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("Only the run's owner (alice) may abort this run.")
                .contains("Only the run's owner (alice) may undo step 1, which carol finished.")
                .contains("Step 1 is open again.")
                .contains("The run is aborted.");
        assertThat(result.out().indexOf("Only the run's owner (alice) may abort"))
                .isLessThan(result.out().indexOf("The run is aborted."));

        Result badAdmins = run(Map.of("ADMINS", "U0123ABCD,alice"), "", "console");
        assertThat(badAdmins.exitCode()).isEqualTo(2);
        assertThat(badAdmins.err().strip()).startsWith("ADMINS: 'alice' is not a user id").doesNotContain("\n");
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

    // ---- PostgreSQL ----

    private static Map<String, String> postgres(String url, String password) {
        return Map.of("CHECKLIST_BOT_DB", url, "CHECKLIST_BOT_DB_USER", dev.checklistbot.testing.Postgres.USER,
                "CHECKLIST_BOT_DB_PASSWORD", password);
    }

    @Test
    void copyDbMovesASqliteDatabaseToAnEmptyPostgresqlOneAndRefusesATargetThatIsNotEmpty() throws Exception {
        Path db = dir.resolve("bot.db");
        Result console = run(Map.of("CHECKLIST_BOT_DB", db.toString()), "/backup-checklist\ndone\n", "console",
                "--user", "alice");
        assertThat(console.exitCode()).as(console.err()).isZero();
        String url = dev.checklistbot.testing.Postgres.freshDatabase("cli_copy");
        Map<String, String> env = new java.util.HashMap<>(postgres(url, dev.checklistbot.testing.Postgres.PASSWORD));
        env.put("CHECKLIST_BOT_DB", db.toString()); // the source; the credentials serve the PostgreSQL target

        Result copy = run(env, "", "copy-db", "--to", url);

        assertThat(copy.exitCode()).as(copy.err()).isZero();
        assertThat(copy.out()).contains("1 runs, 2 audit events").contains("the counts match")
                .doesNotContain(dev.checklistbot.testing.Postgres.PASSWORD);
        Result runs = run(postgres(url, dev.checklistbot.testing.Postgres.PASSWORD), "", "runs");
        assertThat(runs.exitCode()).as(runs.err()).isZero();
        assertThat(runs.out()).contains("active").contains("1/6 done");

        Result again = run(env, "", "copy-db", "--to", url);
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err().strip()).contains("is not empty (1 runs").doesNotContain("\n").doesNotContain("Exception");
    }

    @Test
    void aPostgresqlServerThatCannotBeReachedOrRefusesTheCredentialsStopsStartUpWithOneLineNamingTheSetting()
            throws Exception {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Result unreachable = run(postgres("jdbc:postgresql://127.0.0.1:" + closed + "/bot?password=in-url-77",
                "in-env-88"), "", "runs");
        assertThat(unreachable.exitCode()).isEqualTo(2);
        assertThat(unreachable.err().strip()).startsWith("CHECKLIST_BOT_DB: cannot reach the PostgreSQL server")
                .doesNotContain("\n").doesNotContain("Exception").doesNotContain("in-url-77").doesNotContain("in-env-88");

        String url = dev.checklistbot.testing.Postgres.freshDatabase("cli_refused");
        Map<String, String> serve = new java.util.HashMap<>(postgres(url, "not-the-password-99"));
        serve.putAll(Map.of("SLACK_BOT_TOKEN", "xoxb-0000000000-0000000000000-abcdefghijklmnopqrst",
                "SLACK_SIGNING_SECRET", "0123456789abcdef0123456789abcdef", "PORT", "0"));
        Result refused = run(serve, "", "serve", "--bind", "127.0.0.1");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err().lines().filter(l -> !l.contains(" INFO "))).hasSize(1);
        assertThat(refused.err()).contains("CHECKLIST_BOT_DB_USER/CHECKLIST_BOT_DB_PASSWORD: the server at postgresql://")
                .doesNotContain("Exception").doesNotContain("not-the-password-99");
    }
}
