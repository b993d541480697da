package dev.checklistbot.checklist.markdown;

import dev.checklistbot.checklist.Checklist;
import dev.checklistbot.checklist.ChecklistLoader;
import dev.checklistbot.checklist.Link;
import dev.checklistbot.checklist.Step;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One small page per shape the documentation family uses, so the importer is not tuned to six pages. */
class MarkdownShapesTest {

    private static final String BASE = "https://docs.example.com/en-us/";

    @TempDir
    Path docs;

    /** Writes {@code markdown} as docs/product/guide/page.md (with docs/product/includes/) and imports it. */
    private ImportedPage page(String markdown) throws Exception {
        return page(markdown, BASE);
    }

    private ImportedPage page(String markdown, String baseUrl) throws Exception {
        Path file = docs.resolve("product/guide/page.md");
        Files.createDirectories(file.getParent());
        Files.createDirectories(docs.resolve("product/includes"));
        Files.writeString(file, markdown);
        ImportedPage page = new MarkdownChecklistImporter(baseUrl).importFile(file);
        page.checklists().forEach(ReferencePagesTest::assertClean);
        return page;
    }

    private Checklist only(String markdown) throws Exception {
        ImportedPage page = page(markdown);
        assertThat(page.checklists()).hasSize(1);
        return page.checklists().get(0);
    }

    @Test
    void a_padded_step_reference_table_gives_one_step_per_row_with_comma_and_br_separated_links() throws Exception {
        Checklist checklist = only("""
                # Checklist: Rotate the Keys

                |        Step         |                Reference                 |
                |---------------------|------------------------------------------|
                |   Revoke the **old** key.   |  [Revoking Keys](revoke.md), [Key Policy](../policy/keys.md)  |
                | Issue a new key.    | [Issuing](issue.md)<br /><br /> [Audit](audit.md#log)<br/>[Vendor](http://vendor.example.org/keys) |
                """);
        assertThat(checklist.title()).isEqualTo("Rotate the Keys");
        assertThat(checklist.steps()).extracting(Step::text).containsExactly("Revoke the old key.", "Issue a new key.");
        assertThat(checklist.step(1).links()).containsExactly(
                new Link("Revoking Keys", BASE + "product/guide/revoke"),
                new Link("Key Policy", BASE + "product/policy/keys"));
        assertThat(checklist.step(2).links()).extracting(Link::url).containsExactly(
                BASE + "product/guide/issue", BASE + "product/guide/audit#log", "http://vendor.example.org/keys");
        assertThat(checklist.step(1).details()).isNull();
        assertThat(checklist.step(2).details()).isNull();
    }

    @Test
    void prose_and_bullets_in_the_reference_cell_become_details_and_pointer_sentences_are_dropped() throws Exception {
        Checklist checklist = only("""
                # Checklist: Tune the Cache

                |Steps|Reference|
                |---|---|
                |Size the cache.|-   Keep it under half the memory.<br />-   Watch the hit rate.<br /><br /> For more information, see [Cache Sizing](sizing.md).|
                |Warm the cache.<br /><br /> This takes a few minutes.|Run the warm-up job at night. For more information, see [Warm-up](warm.md).|
                |Check the logs.|See [Logging](logging.md)|
                """);
        assertThat(checklist.step(1).details()).isEqualTo("- Keep it under half the memory.\n- Watch the hit rate.");
        assertThat(checklist.step(1).links()).extracting(Link::title).containsExactly("Cache Sizing");
        assertThat(checklist.step(2).text()).isEqualTo("Warm the cache.");
        assertThat(checklist.step(2).details()).isEqualTo("This takes a few minutes.\n\nRun the warm-up job at night.");
        assertThat(checklist.step(3).details()).isNull();
        assertThat(checklist.step(3).links()).extracting(Link::title).containsExactly("Logging");
    }

    @Test
    void a_bullet_list_checklist_keeps_nested_bullets_and_links_under_an_item() throws Exception {
        Checklist checklist = only("""
                # Checklist: Preparing the Servers

                Follow these steps before go-live.

                - Open the firewall ports. For more information, go to:

                  - [Required Ports](../core/ports.md)
                  - [Firewall Rules](/network/firewall-rules)

                - Turn off *hyperthreading* on all computers.

                  - It is a BIOS setting.
                  - Use the [vendor tool](https://vendor.example.com/tool) to check it.

                - Set the page file:

                  1. Click **Start**, then **Run**.
                  2. Type `sysdm.cpl`.
                """);
        assertThat(checklist.title()).isEqualTo("Preparing the Servers");
        assertThat(checklist.description()).isEqualTo("Follow these steps before go-live.");
        assertThat(checklist.steps()).extracting(Step::text).containsExactly(
                "Open the firewall ports.", "Turn off hyperthreading on all computers.", "Set the page file:");
        assertThat(checklist.step(1).links()).containsExactly(
                new Link("Required Ports", BASE + "product/core/ports"),
                new Link("Firewall Rules", BASE + "network/firewall-rules"));
        assertThat(checklist.step(1).details()).isNull();
        assertThat(checklist.step(2).details()).isEqualTo("- It is a BIOS setting.\n- Use the vendor tool to check it.");
        assertThat(checklist.step(2).links()).extracting(Link::url).containsExactly("https://vendor.example.com/tool");
        assertThat(checklist.step(3).details()).isEqualTo("1. Click Start, then Run.\n2. Type `sysdm.cpl`.");
    }

    @Test
    void a_numbered_list_checklist_gives_one_step_per_item() throws Exception {
        Checklist checklist = only("""
                ---
                title: "Checklist: Release Day"
                ---
                # Release Day

                1. Freeze the branch.
                2. Tag the release. See [Tagging](~/guide/tagging.md#names).
                3. Announce it.
                """);
        assertThat(checklist.title()).isEqualTo("Release Day");
        assertThat(checklist.steps()).extracting(Step::text)
                .containsExactly("Freeze the branch.", "Tag the release.", "Announce it.");
        assertThat(checklist.step(2).links()).containsExactly(new Link("Tagging", BASE + "product/guide/tagging#names"));
    }

    @Test
    void include_tokens_become_the_include_file_text_or_a_readable_name() throws Exception {
        Files.createDirectories(docs.resolve("product/includes"));
        Files.writeString(docs.resolve("product/includes/prodname-md.md"), "---\nms.topic: include\n---\nContoso Gateway\n");
        Checklist checklist = only("""
                # Checklist: Upgrade [!INCLUDE[prodName](../includes/prodname-md.md)]

                - Stop [!INCLUDE[prodName](../includes/prodname-md.md)] on every node.
                - Back up [!INCLUDE [btsSQLServerNoVersion](../includes/missing-md.md)] and [!INCLUDE[btsBizTalkServerNoVersion](../includes/gone.md)].
                - Open [!INCLUDE[btsVStudioNoVersion](../includes/nope.md)].
                """);
        assertThat(checklist.title()).isEqualTo("Upgrade Contoso Gateway");
        assertThat(checklist.steps()).extracting(Step::text).containsExactly(
                "Stop Contoso Gateway on every node.", "Back up SQL Server and BizTalk Server.", "Open Visual Studio.");
    }

    @Test
    void links_of_every_kind_become_absolute_urls_without_md_and_with_anchors() throws Exception {
        Checklist checklist = only("""
                # Checklist: Links

                |Step|Reference|
                |-|-|
                |Read.|[Relative](../core/x.md), [Same folder](y.md#part-2), [Root](/windows-server/storage/overview), [Docset](~/technical-guides/z.md), [Absolute](https://example.org/a.md?x=1#top), [Anchor](#local), [Parens](/previous/dd758814(v=sql.100))|
                """);
        assertThat(checklist.step(1).links()).extracting(Link::url).containsExactly(
                BASE + "product/core/x",
                BASE + "product/guide/y#part-2",
                BASE + "windows-server/storage/overview",
                BASE + "product/technical-guides/z",
                "https://example.org/a.md?x=1#top",
                BASE + "product/guide/page#local",
                BASE + "previous/dd758814(v=sql.100)");
        assertThat(checklist.source()).isEqualTo(BASE + "product/guide/page");
    }

    @Test
    void without_a_base_url_relative_links_are_left_out_with_a_warning_and_there_is_no_source() throws Exception {
        ImportedPage page = page("""
                # Checklist: Links

                - Read [the guide](guide.md) and [the RFC](https://www.rfc-editor.org/rfc/rfc9110).
                """, null);
        Checklist checklist = page.checklists().get(0);
        assertThat(checklist.source()).isNull();
        assertThat(checklist.step(1).text()).isEqualTo("Read the guide and the RFC.");
        assertThat(checklist.step(1).links()).extracting(Link::url).containsExactly("https://www.rfc-editor.org/rfc/rfc9110");
        assertThat(page.warnings()).singleElement().asString().contains("guide.md").contains("no base URL");
    }

    @Test
    void html_anchors_bold_code_and_alerts_become_clean_text() throws Exception {
        Checklist checklist = only("""
                # Checklist: Markup

                <a name="BKMK_One"></a>
                ## Do <b>It</b> Right

                |Step|Reference|
                |---|---|
                |Run <code>setup</code> as **admin**, with _care_.<a name="x"></a>|<a href="../core/help.md">Help</a> page|

                > [!NOTE]
                > Keep notes short.
                """);
        assertThat(checklist.title()).isEqualTo("Do It Right");
        assertThat(checklist.step(1).text()).isEqualTo("Run setup as admin, with care.");
        assertThat(checklist.step(1).links()).containsExactly(new Link("Help", BASE + "product/core/help"));
        assertThat(checklist.step(1).details()).isEqualTo("Help page");
        assertThat(checklist.description()).isEqualTo("Note: Keep notes short.");
    }

    @Test
    void conditional_steps_are_optional() throws Exception {
        Checklist checklist = only("""
                # Checklist: Conditions

                |Step|Reference|
                |---|---|
                |If you are using BAM, back up the BAM databases.||
                |Back up the portal. If you are not using BAM, you do not need to perform this step.||
                |Restore the certificate store.<br /><br />This step is required for Standard Edition only.||
                |Configure the firewall. This step is only required if a firewall is in place.||
                |(Optional) Tune the cache.||
                |When using clustering, fail over once.||
                |Restore the databases.|If you are restoring Standard Edition, download the script.|
                |Verify the backups.||
                """);
        assertThat(checklist.steps()).extracting(Step::optional)
                .containsExactly(true, true, true, true, true, true, false, false);
    }

    @Test
    void see_also_next_steps_and_related_sections_are_not_checklists() throws Exception {
        ImportedPage page = page("""
                # Checklist: Sections

                ## Doing the Work

                - Do the first thing.
                - Do the second thing.

                ## Next steps

                - Read the operations guide.
                - Join the on-call rota.

                ## Related content

                |Step|Reference|
                |---|---|
                |Read more.|[More](more.md)|

                ## See Also
                 [Backing Up](backup.md)

                ## In This Section

                - [Installing Hotfixes](hotfixes.md)
                - [Patching](patching.md)
                """);
        assertThat(page.checklists()).extracting(Checklist::title).containsExactly("Doing the Work");
    }

    @Test
    void a_page_that_only_points_to_other_pages_is_refused_with_one_line() throws Exception {
        Path file = docs.resolve("product/pointer.md");
        Files.createDirectories(file.getParent());
        Files.writeString(file, """
                ---
                title: "Checklist: Backup and Restore"
                ---
                # Checklist: Backup and Restore
                This content has moved. See [Checklist: Back Up and Restore](core/checklist-back-up.md).

                ## See Also
                - [Backing Up and Restoring](core/backing-up.md)
                """);
        assertThatThrownBy(() -> new MarkdownChecklistImporter(BASE).importFile(file))
                .isInstanceOf(ChecklistImportException.class)
                .hasMessage("pointer.md: nothing to import: the page has no step table, step list or procedure"
                        + " (Steps, Diagnosis, Mitigation... sections, step headings, commands in code blocks) (it only points to other pages)");
    }

    @Test
    void ids_are_short_unique_within_the_page_and_file_names_carry_the_product() throws Exception {
        ImportedPage page = page("""
                ---
                title: "Checklist: Operations"
                ms.service: contoso-gateway
                ---
                # Checklist: Operations

                ## Backing Up Contoso Gateway
                - Back up the configuration.

                ## Backing Up the Contoso Gateway Databases
                - Back up the databases.

                ## Backing Up the Contoso Gateway Databases
                - Back up the databases again.

                ## Restoring Contoso Gateway
                - Restore everything.

                ## Planning and Monitoring Capacity
                - Plan it.
                """);
        assertThat(page.checklists()).extracting(Checklist::id)
                .containsExactly("backup", "backup-databases", "backup-databases-2", "restore", "plan-monitoring-capacity");
        assertThat(page.fileNames()).containsExactly("contoso-backup.yaml", "contoso-backup-databases.yaml",
                "contoso-backup-databases-2.yaml", "contoso-restore.yaml", "contoso-plan-monitoring-capacity.yaml");
        assertThat(page.checklists()).allSatisfy(c -> assertThat(c.id()).matches(Checklist.ID_PATTERN));
    }

    @Test
    void an_id_prefix_keeps_ids_of_several_pages_apart() throws Exception {
        Path file = docs.resolve("p.md");
        Files.writeString(file, "# Checklist: Restoring Things\n\n- Restore them.\n");
        ImportedPage page = new MarkdownChecklistImporter(BASE, "Lab 2").importFile(file);
        assertThat(page.checklists().get(0).id()).isEqualTo("lab-2-restore-things");
        assertThat(page.fileNames()).containsExactly("lab-2-restore-things.yaml");
    }

    @Test
    void front_matter_title_names_the_page_and_the_first_heading_is_the_fallback() throws Exception {
        assertThat(page("---\ntitle: From Front Matter\n---\n# Heading\n\n- Do it.\n").pageTitle()).isEqualTo("From Front Matter");
        assertThat(page("# Checklist: From Heading\n\n- Do it.\n").pageTitle()).isEqualTo("Checklist: From Heading");
        assertThat(page("# Checklist: From Heading\n\n- Do it.\n").checklists().get(0).title()).isEqualTo("From Heading");
    }

    @Test
    void the_output_fits_the_loader_limits_by_splitting_and_trimming_cleanly() throws Exception {
        StringBuilder md = new StringBuilder("# Checklist: Huge\n\n|Step|Reference|\n|---|---|\n");
        for (int i = 1; i <= ChecklistLoader.MAX_STEPS + 50; i++) {
            md.append("|Do thing ").append(i).append(".|[Ref ").append(i).append("](r").append(i).append(".md)|\n");
        }
        String longSentence = "This sentence is long enough to matter. ".repeat(80);
        StringBuilder links = new StringBuilder();
        for (int i = 1; i <= ChecklistLoader.MAX_LINKS_PER_STEP + 5; i++) {
            links.append("[L").append(i).append("](l").append(i).append(".md), ");
        }
        md.append("\n## Long\n\n- ").append(longSentence).append("\n- Many links: ").append(links).append("\n- ")
                .append("word ".repeat(2500)).append("\n\n## ").append("Title ".repeat(40)).append("\n\n- Short.\n");
        ImportedPage page = page(md.toString());
        assertThat(page.checklists()).extracting(Checklist::id).containsExactly("huge", "huge-part-2", "long", "title-title-title-title");
        assertThat(page.checklists().get(0).steps()).hasSize(ChecklistLoader.MAX_STEPS);
        assertThat(page.checklists().get(1).steps()).hasSize(50);
        assertThat(page.checklists().get(1).title()).isEqualTo("Huge (part 2 of 2)");
        Checklist longOne = page.checklists().get(2);
        assertThat(longOne.step(1).text()).hasSizeLessThanOrEqualTo(ChecklistLoader.MAX_TEXT_CHARS).endsWith("matter.");
        assertThat(longOne.step(1).details()).startsWith("This sentence");
        assertThat(longOne.step(2).links()).hasSize(ChecklistLoader.MAX_LINKS_PER_STEP);
        assertThat(longOne.step(2).details()).contains("L25: " + BASE + "product/guide/l25");
        assertThat(longOne.step(3).text()).hasSizeLessThanOrEqualTo(ChecklistLoader.MAX_TEXT_CHARS).endsWith("…");
        assertThat(longOne.step(3).details()).startsWith("…");
        assertThat(page.checklists().get(3).title()).hasSizeLessThanOrEqualTo(ChecklistLoader.MAX_TITLE_CHARS).endsWith("…");
        assertThat(page.warnings()).isNotEmpty();
        assertAllLoad(page);
    }

    @Test
    void text_that_is_not_html_is_kept_as_text_and_escaped_only_by_the_renderer() throws Exception {
        Checklist checklist = only("# Checklist: Chat\n\n- Tell <!channel> the window opened.\n");
        assertThat(checklist.step(1).text()).isEqualTo("Tell <!channel> the window opened.");
    }

    @Test
    void a_page_without_a_file_location_imports_from_text() throws Exception {
        ImportedPage page = new MarkdownChecklistImporter(BASE).importText(
                "# Checklist: Inline\n\n* Step one, see [spec](https://example.org/spec).\n* [ ] Step two.\n", null, "inline.md");
        assertThat(page.checklists().get(0).steps()).extracting(Step::text).containsExactly("Step one, see spec.", "Step two.");
    }

    @Test
    void links_followed_by_their_url_again_give_one_reference_and_no_url_in_the_text() throws Exception {
        Checklist checklist = only("""
                ---
                title: "Checklist: Weekly Checks | Example Docs"
                ---
                # Checklist: Weekly Checks

                |Task|Reference|
                |---|---|
                |Check the agent (administration check).|-   [Start the Agent](https://go.example.com/fwlink/?LinkId=1) (https://go.example.com/fwlink/?LinkId=1).<br />-   [Agent Jobs](https://go.example.com/fwlink/?LinkId=2) (<http://go.example.com/fwlink/?LinkId=2>).|
                |Check the jobs.|[Jobs](jobs.md)<br /><br /> Slow jobs degrade the system. For more information about jobs, see [Job List](https://go.example.com/?id=3) (https://go.example.com/?id=3).|
                |Update the assembly.|-   [Updating](updating.md)<br />-   "Updating an Assembly" section of [Best Practices](practices.md)|
                """);
        assertThat(checklist.title()).isEqualTo("Weekly Checks");
        assertThat(checklist.step(1).details()).isNull();
        assertThat(checklist.step(1).links()).extracting(Link::url)
                .containsExactly("https://go.example.com/fwlink/?LinkId=1", "https://go.example.com/fwlink/?LinkId=2");
        assertThat(checklist.step(2).details()).isEqualTo("Slow jobs degrade the system.");
        assertThat(checklist.step(2).links()).extracting(Link::title).containsExactly("Jobs", "Job List");
        assertThat(checklist.step(3).details()).isEqualTo("- \"Updating an Assembly\" section of Best Practices");
        assertThat(checklist.step(3).links()).extracting(Link::title).containsExactly("Updating", "Best Practices");
    }

    @Test
    void a_note_inside_the_step_moves_to_the_details_and_see_x_for_guidance_is_a_pointer() throws Exception {
        Checklist checklist = only("""
                # Checklist: Disks

                |Step|Reference|
                |---|---|
                |Attach data disks to the SCSI controller. **Note:**  Do not attach the system disk.|See [Storage Tuning](https://example.org/storage):<br />**Fixed-size disks**<br />They fragment less.<br/><br/> See [Disk Setup](https://example.org/setup) for guidance.|
                """);
        assertThat(checklist.step(1).text()).isEqualTo("Attach data disks to the SCSI controller.");
        assertThat(checklist.step(1).details())
                .isEqualTo("Note: Do not attach the system disk.\n\nSee Storage Tuning:\nFixed-size disks\nThey fragment less.");
        assertThat(checklist.step(1).links()).extracting(Link::title).containsExactly("Storage Tuning", "Disk Setup");
    }

    @Test
    void a_settings_table_labels_its_columns_and_continuation_rows_join_the_row_above() throws Exception {
        ImportedPage page = page("""
                # Checklist: Hardening

                ## Web Servers

                ### Services

                |Service name|Startup type<sup>1</sup>|User<sup>2</sup>|Permissions|
                |---|---|---|---|
                |Transaction Coordinator|Automatic|SSO Account|Full Control|
                | | |Hosts Account|Read|
                |Netlogon|(default)|Local Service||

                ## Database Servers

                ### Services

                |Service name|Startup type|
                |---|---|
                |DHCP Client|Automatic|
                """);
        assertThat(page.checklists()).extracting(Checklist::title)
                .containsExactly("Web Servers: Services", "Database Servers: Services");
        assertThat(page.checklists()).extracting(Checklist::id).containsExactly("services", "services-2");
        Checklist web = page.checklists().get(0);
        assertThat(web.steps()).extracting(Step::text).containsExactly("Transaction Coordinator", "Netlogon");
        assertThat(web.step(1).details()).isEqualTo(
                "Startup type: Automatic\nUser: SSO Account\nPermissions: Full Control\nUser: Hosts Account\nPermissions: Read");
        assertThat(web.step(2).details()).isEqualTo("Startup type: (default)\nUser: Local Service");
    }

    @Test
    void includes_are_read_only_from_markdown_files_inside_the_docset() throws Exception {
        Files.writeString(docs.resolve("secret.md"), "TOP SECRET");
        Files.createDirectories(docs.resolve("product/includes"));
        Files.writeString(docs.resolve("product/includes/token.txt"), "NOT MARKDOWN");
        Checklist checklist = only("""
                # Checklist: Escape

                - Read [!INCLUDE[secretName](../../secret.md)] and [!INCLUDE[tokenName](../includes/token.txt)].
                """);
        assertThat(checklist.step(1).text()).isEqualTo("Read secret Name and token Name.");
    }

    @Test
    void bold_label_rows_in_a_table_cut_it_into_one_checklist_per_group() throws Exception {
        ImportedPage page = page("""
                # Checklist: Getting Started

                |Steps|Reference|
                |---|---|
                |Check the prerequisites.|[Prerequisites](pre.md)|
                |  **Learn about the Gateway**  |   |
                |Read the overview.|See [Overview](overview.md) (<https://go.example.com/?id=1>).|
                |**Start using the Gateway**||
                |Install it.|[Install](install.md)|
                """);
        assertThat(page.checklists()).extracting(Checklist::title).containsExactly(
                "Getting Started", "Getting Started: Learn about the Gateway", "Getting Started: Start using the Gateway");
        assertThat(page.checklists()).extracting(Checklist::id).containsExactly("get-started", "learn-gateway", "start-using-gateway");
        assertThat(page.checklists().get(1).steps()).extracting(Step::text).containsExactly("Read the overview.");
        assertThat(page.checklists().get(1).step(1).links()).extracting(Link::url).containsExactly(BASE + "product/guide/overview");
        assertThat(page.checklists().get(1).step(1).details()).isNull();
    }

    @Test
    void a_data_table_beside_guidance_bullets_is_description_and_the_bullets_are_the_steps() throws Exception {
        Checklist checklist = only("""
                # Checklist: Sizing the Virtual Machines

                |Operating system|Virtual processor limit|
                |---|---|
                |Windows Server 2008 R2|4|
                |Windows Server 2008|2|

                - Configure no more virtual processors than the guest supports.
                - Leave one logical processor to the root partition. See [Root partition](root.md).
                """);
        assertThat(checklist.steps()).extracting(Step::text).containsExactly(
                "Configure no more virtual processors than the guest supports.",
                "Leave one logical processor to the root partition.");
        assertThat(checklist.step(2).links()).extracting(Link::url).containsExactly(BASE + "product/guide/root");
        assertThat(checklist.description()).contains("Windows Server 2008 R2: 4").contains("Windows Server 2008: 2");
    }

    @Test
    void a_runbook_procedure_of_prose_and_commands_keeps_each_command_byte_for_byte_in_its_step() throws Exception {
        ImportedPage page = page("""
                # NodeDown

                ## Impact

                Pods on the node are not running.

                ## Mitigation

                Cordon the node so nothing new lands on it:

                ```console
                $ oc adm cordon "$NODE"	# tab and trailing spaces kept \s
                ```

                Then drain it with `--ignore-daemonsets`:

                ```
                oc adm drain "$NODE" --ignore-daemonsets
                ```
                """);
        assertThat(page.checklists()).hasSize(1);
        Checklist checklist = page.checklists().get(0);
        assertThat(checklist.id()).isEqualTo("nodedown-mitigation");
        assertThat(checklist.title()).isEqualTo("NodeDown: Mitigation");
        assertThat(checklist.description()).isEqualTo("Impact: Pods on the node are not running.");
        assertThat(checklist.steps()).extracting(Step::text).containsExactly(
                "Cordon the node so nothing new lands on it:", "Then drain it with `--ignore-daemonsets`:");
        assertThat(checklist.step(1).details()).isEqualTo("```console\n$ oc adm cordon \"$NODE\"\t# tab and trailing spaces kept  \n```");
        assertThat(checklist.step(2).details()).isEqualTo("```\noc adm drain \"$NODE\" --ignore-daemonsets\n```");
        assertAllLoad(page);
    }

    @Test
    void the_base_url_may_be_the_pages_own_url_and_a_git_host_keeps_md() throws Exception {
        ImportedPage own = page("# Checklist: X\n\n- Read [the other page](../core/other.md#top) and [root](/a/b.md).\n",
                "https://docs.example.com/en-us/product/guide/page");
        assertThat(own.checklists().get(0).source()).isEqualTo("https://docs.example.com/en-us/product/guide/page");
        assertThat(own.checklists().get(0).step(1).links()).extracting(Link::url).containsExactly(
                "https://docs.example.com/en-us/product/core/other#top", "https://docs.example.com/a/b");
        Path file = docs.resolve("product/guide/page.md");
        Files.writeString(file, "# Checklist: X\n\n- Read [terms](../crisis/terms.md).\n");
        ImportedPage git = new MarkdownChecklistImporter("https://github.com/org/repo/blob/HEAD/docs/").importFile(file);
        assertThat(git.checklists().get(0).step(1).links()).extracting(Link::url)
                .containsExactly("https://github.com/org/repo/blob/HEAD/docs/product/crisis/terms.md");
        ImportedPage dropped = new MarkdownChecklistImporter("https://github.com/org/repo/blob/HEAD/docs/").mdLinks(MdLinks.DROP).importFile(file);
        assertThat(dropped.checklists().get(0).step(1).links()).extracting(Link::url)
                .containsExactly("https://github.com/org/repo/blob/HEAD/docs/product/crisis/terms");
    }

    private static void assertAllLoad(ImportedPage page) throws IOException {
        var writer = new dev.checklistbot.checklist.ChecklistYamlWriter();
        for (int i = 0; i < page.checklists().size(); i++) {
            List<dev.checklistbot.checklist.ChecklistError> errors = new java.util.ArrayList<>();
            new ChecklistLoader().parse(writer.write(page.checklists().get(i)), page.fileNames().get(i), false, errors);
            assertThat(errors).isEmpty();
        }
    }
}
