package dev.checklistbot.checklist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChecklistLoaderTest {
    private final ChecklistLoader loader = new ChecklistLoader();

    private List<ChecklistError> errorsOf(String yaml) {
        List<ChecklistError> errors = new ArrayList<>();
        Checklist checklist = loader.parse(yaml, "x.yaml", false, errors);
        if (!errors.isEmpty()) {
            assertThat(checklist).isNull();
        }
        return errors;
    }

    private static String valid(String extraTop, String stepExtra) {
        return "id: restore\n"
                + "title: Restore\n"
                + extraTop
                + "steps:\n"
                + "  - text: Restore your databases.\n"
                + stepExtra;
    }

    @Test
    void theShippedChecklistsLoadAsTheDocumentHasThem() {
        ChecklistLoader.Result result = loader.loadDirectory(Path.of("checklists"));

        assertThat(result.errors()).isEmpty();
        ChecklistCatalog catalog = result.catalog();
        Checklist backup = catalog.find("backup").orElseThrow();
        Checklist restore = catalog.find("restore").orElseThrow();
        assertThat(backup.steps()).hasSize(6);
        assertThat(restore.steps()).hasSize(3);
        assertThat(restore.step(2).links()).hasSize(6);
        assertThat(backup.step(5).optional()).isTrue();
        assertThat(backup.step(6).optional()).isTrue();
        assertThat(backup.step(1).optional()).isFalse();
        assertThat(restore.step(3).optional()).isTrue();
        assertThat(backup.steps()).flatExtracting(Step::links).extracting(Link::url)
                .allMatch(url -> url.startsWith("https://learn.microsoft.com/en-us/biztalk/core/") && !url.endsWith(".md"));
        assertThat(backup.source()).startsWith("https://learn.microsoft.com/");
    }

    @Test
    void aValidFileWithEveryFieldLoads() {
        List<ChecklistError> errors = new ArrayList<>();
        Checklist checklist = loader.parse(valid("description: d\nsource: https://example.com/x\nmode: parallel\nsummary_channel: C1\n",
                "    details: \"**more**\"\n    optional: true\n    confirmations: 2\n"
                        + "    links:\n      - title: How\n        url: https://example.com/how\n"), "x.yaml", false, errors);

        assertThat(errors).isEmpty();
        assertThat(checklist.mode()).isEqualTo(Mode.PARALLEL);
        assertThat(checklist.summaryChannel()).isEqualTo("C1");
        assertThat(checklist.step(1)).isEqualTo(new Step("Restore your databases.", "**more**",
                List.of(new Link("How", "https://example.com/how")), true, 2));
    }

    @Test
    void missingFieldsAreReportedWithTheirLine() {
        assertThat(errorsOf("title: T\nsteps:\n  - text: a\n")).extracting(Object::toString)
                .containsExactly("x.yaml:1: checklist: missing field 'id'");
        assertThat(errorsOf("id: a\ntitle: T\nsteps:\n  - details: x\n")).extracting(Object::toString)
                .containsExactly("x.yaml:4: step 1: missing field 'text'");
        assertThat(errorsOf("id: a\ntitle: T\n")).extracting(Object::toString)
                .containsExactly("x.yaml:1: missing field 'steps'");
    }

    @Test
    void everyProblemInAFileIsReportedNotOnlyTheFirst() {
        List<ChecklistError> errors = errorsOf("id: Bad_Id\ntitle: T\nmode: random\nfoo: 1\nsteps:\n"
                + "  - text: a\n    confirmations: 0\n    links:\n      - title: L\n        url: ftp//nowhere\n"
                + "  - text: b\n    optional: maybe\n");

        assertThat(errors).extracting(Object::toString).containsExactlyInAnyOrder(
                "x.yaml:4: checklist: unknown field 'foo' (expected one of [description, id, mode, permissions, questions, schedule, source, steps, summary_channel, title])",
                "x.yaml:1: bad id 'Bad_Id': use lower-case letters, digits and '-', starting with a letter or digit",
                "x.yaml:3: mode must be 'sequential' or 'parallel', not 'random'",
                "x.yaml:7: step 1: 'confirmations' must be a whole number from 1 to 20, found '0'",
                "x.yaml:10: malformed URL 'ftp//nowhere': use an absolute http:// or https:// URL",
                "x.yaml:12: step 2: 'optional' must be true or false, found text");
    }

    @Test
    void emptyStepsAreRefused() {
        assertThat(errorsOf("id: a\ntitle: T\nsteps: []\n")).extracting(Object::toString)
                .containsExactly("x.yaml:3: 'steps' is empty: a checklist needs at least one step");
    }

    @Test
    void brokenYamlIsReportedWithItsLine() {
        List<ChecklistError> errors = errorsOf("id: a\ntitle: T\nsteps:\n  - text: [unclosed\n");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).line()).isGreaterThan(0);
        assertThat(errors.get(0).message()).startsWith("not valid YAML");
    }

    @Test
    void aDuplicateKeyIsAnError() {
        assertThat(errorsOf("id: a\ntitle: T\ntitle: U\nsteps:\n  - text: a\n")).extracting(Object::toString)
                .containsExactly("x.yaml:3: duplicate field 'title'");
    }

    @Test
    void anEmptyFileOrAListIsAnError() {
        assertThat(errorsOf("")).extracting(ChecklistError::message).containsExactly("file is empty");
        assertThat(errorsOf("- a\n- b\n")).extracting(ChecklistError::message)
                .containsExactly("expected a mapping with id, title and steps, found a list");
    }

    @Test
    void hostileSizesAreRefused() {
        assertThat(errorsOf(valid("", "").replace("Restore your databases.", "x".repeat(5000))))
                .extracting(ChecklistError::message).singleElement().asString().contains("too long");
    }

    @Test
    void jsonFilesLoadToo(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.json"), "{\"id\": \"a\", \"title\": \"A\", \"steps\": [{\"text\": \"one\"}]}");
        Files.writeString(dir.resolve("b.yml"), "id: b\ntitle: B\nsteps:\n  - text: two\n");
        Files.writeString(dir.resolve("notes.txt"), "ignored");

        ChecklistLoader.Result result = loader.loadDirectory(dir);

        assertThat(result.errors()).isEmpty();
        assertThat(result.catalog().all()).extracting(Checklist::id).containsExactly("a", "b");
    }

    @Test
    void duplicateIdsAcrossFilesAreReported(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.yaml"), "id: same\ntitle: A\nsteps:\n  - text: one\n");
        Files.writeString(dir.resolve("b.yaml"), "title: B\nid: same\nsteps:\n  - text: two\n");

        ChecklistLoader.Result result = loader.loadDirectory(dir);

        assertThat(result.errors()).extracting(Object::toString)
                .containsExactly("b.yaml:2: duplicate id 'same': a.yaml has it already");
    }

    @Test
    void aMissingFolderIsAnError(@TempDir Path dir) {
        ChecklistLoader.Result result = loader.loadDirectory(dir.resolve("nope"));
        assertThat(result.ok()).isFalse();
        assertThat(result.errors().get(0).message()).isEqualTo("no such folder of checklists");
    }
}
