package dev.checklistbot.checklist.markdown;

import dev.checklistbot.checklist.Checklist;
import dev.checklistbot.checklist.ChecklistError;
import dev.checklistbot.checklist.ChecklistLoader;
import dev.checklistbot.checklist.ChecklistYamlWriter;
import dev.checklistbot.checklist.Link;
import dev.checklistbot.checklist.Step;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The real documentation pages: each imports into files the loader accepts; the source page gives exactly checklists/. */
class ReferencePagesTest {

    private final MarkdownChecklistImporter importer = new MarkdownChecklistImporter(Pages.BASE_URL);
    private final ChecklistYamlWriter writer = new ChecklistYamlWriter();

    @TestFactory
    Stream<DynamicTest> every_shared_reference_page_imports_into_valid_files(@TempDir Path out) {
        Path docs = Pages.sharedDocs();
        assumeTrue(Files.isDirectory(docs), "no shared reference docs at " + docs);
        return Pages.pages(docs).stream().map(page -> DynamicTest.dynamicTest(docs.relativize(page).toString(),
                () -> importsCleanlyOrIsRefused(page, out.resolve(docs.relativize(page).toString()))));
    }

    @TestFactory
    Stream<DynamicTest> every_bundled_page_imports_into_valid_files(@TempDir Path out) {
        Path docs = Pages.bundledDocs();
        List<Path> pages = Pages.pages(docs);
        assertThat(pages).hasSize(6);
        return pages.stream().map(page -> DynamicTest.dynamicTest(docs.relativize(page).toString(),
                () -> importsCleanlyOrIsRefused(page, out.resolve(docs.relativize(page).toString()))));
    }

    private void importsCleanlyOrIsRefused(Path page, Path out) throws IOException {
        ImportedPage imported;
        try {
            imported = importer.importFile(page);
        } catch (ChecklistImportException refused) {
            assertThat(refused.getMessage()).doesNotContain("\n").contains(page.getFileName().toString());
            return;
        }
        assertThat(imported.warnings()).isEmpty();
        Files.createDirectories(out);
        for (int i = 0; i < imported.checklists().size(); i++) {
            Checklist checklist = imported.checklists().get(i);
            String yaml = writer.write(checklist, ChecklistYamlWriter.Attribution.ccBy4(imported.pageTitle()));
            List<ChecklistError> errors = new ArrayList<>();
            Checklist reloaded = new ChecklistLoader().parse(yaml, imported.fileNames().get(i), false, errors);
            assertThat(errors).isEmpty();
            assertThat(reloaded).isEqualTo(checklist);
            assertClean(checklist);
            Files.writeString(out.resolve(imported.fileNames().get(i)), yaml);
        }
        ChecklistLoader.Result loaded = new ChecklistLoader().loadDirectory(out);
        assertThat(loaded.errors()).isEmpty();
        assertThat(loaded.checklists()).hasSameSizeAs(imported.checklists());
    }

    /** No Markdown or HTML syntax, no include token left in what users read; every link absolute http(s) (absolute links stay as written). */
    static void assertClean(Checklist checklist) {
        List<String> texts = new ArrayList<>(List.of(checklist.title()));
        if (checklist.description() != null) {
            texts.add(checklist.description());
        }
        for (Step step : checklist.steps()) {
            texts.add(step.text());
            if (step.details() != null) {
                texts.add(step.details());
            }
            for (Link link : step.links()) {
                texts.add(link.title());
                assertThat(link.url()).matches("https?://[^/]+/.*").doesNotEndWith(".md").doesNotContain(".md#");
            }
        }
        for (String text : texts) {
            assertThat(text).doesNotContain("[!INCLUDE", "](", "<br", "<a ", "</a>", "**", "__", "|", "\uE000", "\uE001");
        }
    }

    @Test
    void the_source_page_gives_exactly_the_shipped_checklist_files(@TempDir Path out) throws Exception {
        Path shipped = Pages.projectRoot().resolve("checklists");
        Map<String, String> expected = new TreeMap<>();
        try (Stream<Path> files = Files.list(shipped)) {
            for (Path file : files.filter(ChecklistLoader::isChecklistFile).toList()) {
                // The shipped files add questions and when lines by hand (issue 14): compared without exactly those.
                expected.put(file.getFileName().toString(), BuiltInQuestions.withoutHandAdded(Files.readString(file)));
            }
        }
        assertThat(written(Pages.bundledDocs().resolve(Pages.SOURCE_PAGE))).isEqualTo(expected);
        Path shared = Pages.sharedDocs().resolve(Pages.SOURCE_PAGE);
        if (Files.isRegularFile(shared)) {
            assertThat(written(shared)).isEqualTo(expected);
        }
    }

    @Test
    void the_shipped_checklists_keep_their_ids_steps_links_and_optional_steps() throws Exception {
        ImportedPage page = importer.importFile(Pages.bundledDocs().resolve(Pages.SOURCE_PAGE));
        assertThat(page.fileNames()).containsExactly("biztalk-backup.yaml", "biztalk-restore.yaml");
        Checklist backup = page.checklists().get(0);
        Checklist restore = page.checklists().get(1);
        assertThat(backup.id()).isEqualTo("backup");
        assertThat(restore.id()).isEqualTo("restore");
        assertThat(backup.steps()).hasSize(6);
        assertThat(restore.steps()).hasSize(3);
        assertThat(backup.steps()).extracting(Step::optional).containsExactly(false, false, false, false, true, true);
        assertThat(restore.steps()).extracting(Step::optional).containsExactly(false, false, true);
        assertThat(restore.step(2).text()).isEqualTo("Update references to the BAM database names.");
        assertThat(restore.step(2).links()).hasSize(6).allSatisfy(l -> assertThat(l.url()).startsWith("https://learn.microsoft.com/en-us/biztalk/core/"));
        assertThat(backup.source()).isEqualTo("https://learn.microsoft.com/en-us/biztalk/core/checklist-back-up-and-restore-biztalk-server-databases");
        assertThat(page.pageTitle()).isEqualTo("Checklist: Back Up and Restore BizTalk Server Databases");
    }

    @Test
    void importing_the_same_page_twice_gives_byte_identical_files() throws Exception {
        for (Path page : Pages.pages(Pages.bundledDocs())) {
            assertThat(written(page)).isEqualTo(written(page));
        }
    }

    private Map<String, String> written(Path page) throws Exception {
        ImportedPage imported = new MarkdownChecklistImporter(Pages.BASE_URL).importFile(page);
        Map<String, String> files = new TreeMap<>();
        for (int i = 0; i < imported.checklists().size(); i++) {
            files.put(imported.fileNames().get(i), writer.write(imported.checklists().get(i),
                    ChecklistYamlWriter.Attribution.ccBy4(imported.pageTitle())));
        }
        return files;
    }
}
