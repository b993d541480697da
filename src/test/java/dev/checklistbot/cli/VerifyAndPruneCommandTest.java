package dev.checklistbot.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code verify}, {@code export}'s chain head and {@code prune} as a person uses them: a real JVM on a real file. */
class VerifyAndPruneCommandTest {
    private static final String KEY = "a-test-audit-key-of-some-length";
    @TempDir
    Path dir;

    record Result(int exitCode, String out, String err) {
    }

    private Result run(Map<String, String> env, String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("SLACK_") || k.startsWith("CHECKLIST")
                || k.equals("COMMAND_NAME") || k.equals("AUDIT_KEY") || k.startsWith("RETENTION"));
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

    private static Map<String, String> env(String db, String key) {
        Map<String, String> env = new HashMap<>();
        env.put("CHECKLIST_BOT_DB", db);
        if (key != null) {
            env.put("AUDIT_KEY", key);
        }
        return env;
    }

    private void sql(Path db, String statement) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.executeUpdate(statement);
        }
    }

    @Test
    void a_keyed_chain_verifies_with_its_key_and_a_changed_event_is_named_with_exit_1() throws Exception {
        Path db = dir.resolve("bot.db");
        String script = String.join("\n", "/backup-checklist start restore Restore drill", "answer bam no", "answer sso yes", "done",
                "as bob done restored from the 02:00 backup", "as bob note 3 checked with the DBA", "");
        assertThat(run(env(db.toString(), KEY), script, "console", "--user", "alice").exitCode()).isZero();

        Result ok = run(env(db.toString(), KEY), "", "verify");
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        Matcher head = Pattern.compile("run 1: OK: (\\d+) events \\(hmac-sha256:[0-9a-f]{8}\\); head (\\S+)")
                .matcher(ok.out());
        assertThat(head.find()).as(ok.out()).isTrue();
        assertThat(ok.out()).doesNotContain(KEY);

        Result export = run(env(db.toString(), KEY), "", "export", "1", "--format", "json");
        assertThat(export.out()).contains("\"head\" : \"" + head.group(2) + "\"");
        Result markdown = run(env(db.toString(), null), "", "export", "1");
        assertThat(markdown.out()).contains("- Audit: " + head.group(1) + " events, chain head `" + head.group(2) + "`");

        Result noKey = run(env(db.toString(), null), "", "verify", "1");
        assertThat(noKey.exitCode()).isEqualTo(1);
        assertThat(noKey.out()).contains("set AUDIT_KEY to the key the bot writes with");
        Result wrongKey = run(env(db.toString(), "another-key-of-some-length"), "", "verify", "1");
        assertThat(wrongKey.exitCode()).isEqualTo(1);
        assertThat(wrongKey.out()).contains("AUDIT_KEY is not the key this chain was written with");
        Result shortKey = run(env(db.toString(), "short"), "", "verify", "1");
        assertThat(shortKey.exitCode()).isEqualTo(2);
        assertThat(shortKey.err()).startsWith("AUDIT_KEY: is too short").doesNotContain("short\n");

        sql(db, "UPDATE run_events SET text = 'restored from the 01:00 backup' WHERE run_id = 1 AND type = 'STEP_DONE'"
                + " AND step = 3");
        Result tampered = run(env(db.toString(), KEY), "", "verify");
        assertThat(tampered.exitCode()).isEqualTo(1);
        assertThat(tampered.out()).containsPattern("run 1: FAILED: event \\d+ \\(STEP_DONE step 3 at ").contains("was changed");
        Result againstExport = run(env(db.toString(), KEY), "", "verify", "1", "--head", head.group(2));
        assertThat(againstExport.exitCode()).isEqualTo(1);
    }

    @Test
    void verify_against_an_exported_head_finds_a_truncation_that_rewound_the_record_too() throws Exception {
        Path db = dir.resolve("bot.db");
        String script = String.join("\n", "/backup-checklist start backup", "done", "done", "");
        assertThat(run(env(db.toString(), null), script, "console", "--user", "alice").exitCode()).isZero();
        String out = run(env(db.toString(), null), "", "verify", "1").out();
        String head = out.substring(out.indexOf("head ") + 5).strip();
        assertThat(run(env(db.toString(), null), "", "verify", "1", "--head", head).out())
                .contains("the head given is event 3 of 3 (the chain's head)");

        // someone who can write the file drops the last event and rewinds the run's record to match
        sql(db, "DELETE FROM run_events WHERE run_id = 1 AND seq = 3");
        sql(db, "UPDATE run_audit SET event_count = 2, head = (SELECT hash FROM run_events WHERE run_id = 1 AND seq = 2)");
        assertThat(run(env(db.toString(), null), "", "verify", "1").exitCode()).as("consistent in itself").isZero();
        Result result = run(env(db.toString(), null), "", "verify", "1", "--head", head);
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("FAILED: the head given is not in this run's chain");
    }

    @Test
    void prune_says_what_it_removes_and_keeps_the_other_runs_verifiable() throws Exception {
        Path db = dir.resolve("bot.db");
        String script = String.join("\n", "/backup-checklist start backup", "abort old drill",
                "/backup-checklist start backup", "abort new drill", "/backup-checklist start backup", "done", "");
        assertThat(run(env(db.toString(), null), script, "console", "--user", "alice").exitCode()).isZero();
        sql(db, "UPDATE runs SET ended_at = '2024-01-01T00:00:00.000000000Z' WHERE id = 1");

        Result dry = run(env(db.toString(), null), "", "prune", "--runs-older-than", "400d", "--dry-run");
        assertThat(dry.exitCode()).as(dry.err()).isZero();
        assertThat(dry.out()).startsWith("Would remove 1 run that ended before ").contains("with 2 audit events")
                .contains("Would keep 2 runs");
        Result pruned = run(env(db.toString(), null), "", "prune", "--runs-older-than", "400d");
        assertThat(pruned.out()).startsWith("Removed 1 run ").contains("Kept 2 runs");

        Result verify = run(env(db.toString(), null), "", "verify");
        assertThat(verify.exitCode()).as(verify.out()).isZero();
        assertThat(verify.out()).doesNotContain("run 1:").contains("run 2: OK").contains("run 3: OK")
                .contains("All 2 runs verified.");
        assertThat(run(env(db.toString(), null), "", "prune", "--runs-older-than", "soon").exitCode()).isEqualTo(2);
    }
}
