package dev.checklistbot.cli;

import dev.checklistbot.checklist.ChecklistLoader;
import dev.checklistbot.checklist.markdown.BuiltInQuestions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ImportCommandTest {

    private static final String BASE = "https://learn.microsoft.com/en-us/";

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new ImportCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    /**
     * An empty checklists folder: the project's own checklists/ (ids backup, restore) is the default one, and
     * importing the page they were made from again would rightly be reported as a clash.
     */
    private static final String NO_CHECKLISTS = "target/no-checklists-for-import-tests";

    private static Path sourcePage() throws URISyntaxException {
        return Path.of(ImportCommandTest.class.getResource(
                "/biztalk-docs/biztalk/core/checklist-back-up-and-restore-biztalk-server-databases.md").toURI());
    }

    @Test
    void writes_one_file_per_checklist_and_says_what_it_wrote(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("checklists");
        int code = run(sourcePage().toString(), "--base-url", BASE, "--license", "CC-BY-4.0", "--out", target.toString(),
                "--checklists", dir.resolve("none").toString());
        assertThat(code).isZero();
        assertThat(err.toString()).isEmpty();
        assertThat(out.toString()).isEqualTo(
                "wrote " + target.resolve("biztalk-backup.yaml") + " (id backup, 6 steps)\n"
                        + "wrote " + target.resolve("biztalk-restore.yaml") + " (id restore, 3 steps)\n");
        for (String name : new String[] {"biztalk-backup.yaml", "biztalk-restore.yaml"}) {
            // The shipped files add questions and when lines by hand (issue 14): compared without exactly those.
            assertThat(Files.readString(target.resolve(name))).isEqualTo(
                    BuiltInQuestions.withoutHandAdded(Files.readString(Path.of("checklists", name))));
        }
        assertThat(new ChecklistLoader().loadDirectory(target).errors()).isEmpty();
    }

    @Test
    void importing_again_into_the_same_folder_leaves_the_identical_files_as_they_are(@TempDir Path dir) throws Exception {
        assertThat(run(sourcePage().toString(), "--base-url", BASE, "--license", "CC-BY-4.0", "--out", dir.toString(), "--checklists", NO_CHECKLISTS)).isZero();
        byte[] first = Files.readAllBytes(dir.resolve("biztalk-backup.yaml"));
        out.getBuffer().setLength(0);
        assertThat(run(sourcePage().toString(), "--base-url", BASE, "--license", "CC-BY-4.0", "--out", dir.toString(), "--checklists", NO_CHECKLISTS)).isZero();
        assertThat(Files.readAllBytes(dir.resolve("biztalk-backup.yaml"))).isEqualTo(first);
        assertThat(out.toString()).startsWith("unchanged " + dir.resolve("biztalk-backup.yaml") + " (id backup, 6 steps)\n");
        try (var files = Files.list(dir)) {
            assertThat(files).hasSize(2);
        }
    }

    @Test
    void without_out_prints_the_yaml_documents_separated_by_three_dashes() throws Exception {
        assertThat(run(sourcePage().toString(), "--base-url", BASE, "--license", "cc-by-4.0", "--checklists", NO_CHECKLISTS)).isZero();
        String expected = BuiltInQuestions.withoutHandAdded(Files.readString(Path.of("checklists/biztalk-backup.yaml")))
                + "---\n" + BuiltInQuestions.withoutHandAdded(Files.readString(Path.of("checklists/biztalk-restore.yaml")));
        assertThat(out.toString()).isEqualTo(expected);
    }

    @Test
    void a_page_with_nothing_to_run_is_refused_with_one_line_and_exit_code_1(@TempDir Path dir) throws Exception {
        Path page = Files.writeString(dir.resolve("moved.md"), "# Checklist: Moved\nSee [the new page](new.md).\n");
        assertThat(run(page.toString(), "--base-url", BASE, "--out", dir.resolve("out").toString())).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("import: moved.md: nothing to import: the page has no step table, step list or procedure"
                + " (Steps, Diagnosis, Mitigation... sections, step headings, commands in code blocks) (it only points to other pages)\n");
        assertThat(out.toString()).isEmpty();
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void a_missing_file_is_refused_without_a_stack_trace(@TempDir Path dir) {
        assertThat(run(dir.resolve("nope.md").toString())).isEqualTo(1);
        assertThat(err.toString()).startsWith("import: ").endsWith("nope.md: no such file\n").doesNotContain("\tat ");
    }

    @Test
    void an_id_already_used_by_another_file_in_the_folder_is_a_reported_clash_resolved_with_a_unique_id(@TempDir Path dir) throws Exception {
        String mine = "id: backup\ntitle: Mine\nsteps:\n  - text: Do it.\n";
        Files.writeString(dir.resolve("mine.yaml"), mine);
        assertThat(run(sourcePage().toString(), "--base-url", BASE, "--out", dir.toString())).isZero();
        assertThat(err.toString()).contains("clash: id 'backup' is already used by " + dir.resolve("mine.yaml"))
                .contains("gets id 'backup-2'");
        assertThat(dir.resolve("mine.yaml")).hasContent(mine);
        assertThat(dir.resolve("biztalk-backup-2.yaml")).content().contains("id: backup-2\n");
        assertThat(new ChecklistLoader().loadDirectory(dir).errors()).isEmpty();
        assertThat(run(sourcePage().toString(), "--base-url", BASE, "--out", dir.toString(), "--id-prefix", "bts")).isZero();
        assertThat(dir.resolve("biztalk-bts-backup.yaml")).exists();
    }

    @Test
    void usage_errors_exit_with_2() throws Exception {
        assertThat(run()).isEqualTo(2);
        assertThat(run(sourcePage().toString(), "--base-url", "not a url")).isEqualTo(2);
        assertThat(run(sourcePage().toString(), "--base-url", "ftp://example.org/")).isEqualTo(2);
        assertThat(err.toString()).doesNotContain("\tat ");
    }

    @Test
    void relative_links_without_a_base_url_are_reported_as_a_warning() throws Exception {
        assertThat(run(sourcePage().toString())).isZero();
        assertThat(err.toString()).startsWith("warning: checklist-back-up-and-restore-biztalk-server-databases.md: left out 14 link(s) that could not be made absolute http(s) URLs (no base URL given)");
        assertThat(out.toString()).doesNotContain("source:").doesNotContain("links:");
    }
}
