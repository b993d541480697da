package dev.checklistbot.checklist.markdown;

import dev.checklistbot.checklist.Checklist;
import dev.checklistbot.checklist.Link;
import dev.checklistbot.checklist.Step;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The BizTalk sibling-page defects of issue 13, each on a small page of the shape the real page has: a note that
 * is a sentence with links, prose outside tables and lists (a section's intro, a paragraph after its table, a
 * "For more information" paragraph), and one-paragraph sections that recommend something with a link.
 */
class BizTalkSiblingDefectsTest {

    private static final String BASE = "https://docs.example.com/en-us/";

    @TempDir
    Path docs;

    private List<Checklist> checklists(String markdown) throws Exception {
        Path file = docs.resolve("product/guide/page.md");
        Files.createDirectories(file.getParent());
        Files.createDirectories(docs.resolve("product/includes")); // the docset's root, as on the real pages
        Files.writeString(file, markdown);
        List<Checklist> checklists = new MarkdownChecklistImporter(BASE).importFile(file).checklists();
        checklists.forEach(ReferencePagesTest::assertClean);
        return checklists;
    }

    @Test
    void a_note_that_is_a_sentence_with_links_keeps_its_text_and_links() throws Exception {
        Checklist checklist = checklists("""
                # Checklist: Sizing

                |Step|Reference|
                |---|---|
                |Size the virtual machines.|[Sizing](sizing.md)|

                > [!NOTE]
                > For more information about the guest operating systems, see [Supported guests](guests.md) and [http://go.microsoft.com/fwlink/?LinkID=118347](https://go.microsoft.com/fwlink/?LinkID=118347).
                """).get(0);
        assertThat(checklist.description()).isEqualTo("Note: For more information about the guest operating systems, see"
                + " Supported guests (" + BASE + "product/guide/guests) and https://go.microsoft.com/fwlink/?LinkID=118347.");
    }

    @Test
    void a_note_in_a_step_that_only_points_to_links_leaves_no_dangling_label() throws Exception {
        Checklist checklist = checklists("""
                # Checklist: Sizing

                - Size the virtual machines.

                  > [!NOTE]
                  > For more information, see [Supported guests](guests.md).
                """).get(0);
        assertThat(checklist.step(1).details()).isNull();
        assertThat(checklist.step(1).links()).containsExactly(new Link("Supported guests", BASE + "product/guide/guests"));
    }

    @Test
    void a_sections_intro_and_the_paragraph_after_its_table_keep_their_links_in_that_sections_checklist() throws Exception {
        List<Checklist> checklists = checklists("""
                # Checklist: Installing

                ## Before Installing

                |Step|Reference|
                |---|---|
                |Enable virtualization.|[Hyper-V role](role.md)|

                ## When Installing
                 The same practices apply as in a [physical environment](physical.md). Use these resources:

                |Step|Reference|
                |---|---|
                |Run the analyzer.|Download the [BPA](https://example.com/bpa)|

                For more information about the analyzer, see [BPA guide](bpa.md).
                """);
        assertThat(checklists).extracting(Checklist::title).containsExactly("Before Installing", "When Installing");
        assertThat(checklists.get(0).description()).isNull();
        assertThat(checklists.get(1).description()).isEqualTo(
                "The same practices apply as in a physical environment (" + BASE + "product/guide/physical). Use these resources:\n\n"
                        + "For more information about the analyzer, see BPA guide (" + BASE + "product/guide/bpa).");
    }

    @Test
    void a_one_paragraph_section_that_recommends_something_with_a_link_is_a_checklist_of_its_own() throws Exception {
        List<Checklist> checklists = checklists("""
                # Checklist: Optimizing

                ## Optimize Hyper-V

                |Step|Reference|
                |---|---|
                |Close the Hyper-V manager.||

                ## Optimize SQL Server Performance
                 Follow the recommendations in the topic [SQL Server Optimizations](sql.md) to optimize SQL Server performance. The techniques apply to any solution.

                ## Optimize BizTalk Server Solution
                 Follow the recommendations in the topic [BizTalk Server Optimizations](bts.md).
                """);
        assertThat(checklists).extracting(Checklist::title)
                .containsExactly("Optimize Hyper-V", "Optimize SQL Server Performance", "Optimize BizTalk Server Solution");
        Checklist sql = checklists.get(1);
        assertThat(sql.steps()).extracting(Step::text).containsExactly(
                "Follow the recommendations in the topic SQL Server Optimizations to optimize SQL Server performance. The techniques apply to any solution.");
        assertThat(sql.step(1).links()).containsExactly(new Link("SQL Server Optimizations", BASE + "product/guide/sql"));
        assertThat(checklists.get(2).step(1).links()).extracting(Link::url).containsExactly(BASE + "product/guide/bts");
    }

    @Test
    void a_page_of_prose_sections_only_is_still_refused_as_pointing_elsewhere() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> checklists("""
                # Operations guide

                ## Planning
                 Read [Planning the environment](planning.md) first.

                ## Deploying
                 See [Deploying](deploying.md).
                """)).isInstanceOf(ChecklistImportException.class);
    }
}
