package dev.checklistbot.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.util.json.GsonFactory;
import dev.checklistbot.checklist.Checklist;
import dev.checklistbot.checklist.Link;
import dev.checklistbot.checklist.Mode;
import dev.checklistbot.checklist.Step;
import dev.checklistbot.render.StepCard;
import dev.checklistbot.render.Summary;
import dev.checklistbot.run.Actor;
import dev.checklistbot.run.Confirmation;
import dev.checklistbot.run.Note;
import dev.checklistbot.run.Run;
import dev.checklistbot.run.RunStatus;
import dev.checklistbot.run.StepState;
import dev.checklistbot.run.StepStatus;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What people see in Slack, as golden files: a change of it is a visible diff. */
class SlackBlocksTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final Gson GSON = GsonFactory.createSnakeCase();
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Instant T0 = Instant.parse("2026-03-01T03:00:00Z");
    private static final Actor ALICE = new Actor("U0ALICE001", "alice");
    private static final Actor BOB = new Actor("U0BOB00001", "bob");
    private final SlackBlocks blocks = new SlackBlocks();

    static Run sampleRun(RunStatus status) {
        List<Step> steps = List.of(
                new Step("Back up the BizTalk databases.", "Run the *Backup BizTalk Server* job; <!channel> & friends "
                        + "must not be pinged.", List.of(new Link("How to Back Up", "https://learn.microsoft.com/a?x=1&y=2")),
                        false, 2),
                new Step("If you use BAM, back up the BAM databases.", null, List.of(), true, 1),
                new Step("Check the <backup> files.", null, List.of(), false, 1));
        Checklist checklist = new Checklist("backup", "Backing Up BizTalk Server", null,
                "https://learn.microsoft.com/checklist", Mode.SEQUENTIAL, null, steps);
        List<StepState> states = new ArrayList<>();
        states.add(new StepState(1, steps.get(0), StepStatus.DONE, ALICE, T0, true,
                List.of(new Confirmation(ALICE, T0.plusSeconds(600)), new Confirmation(BOB, T0.plusSeconds(630))),
                ALICE, T0.plusSeconds(630), 1, null,
                List.of(new Note(BOB, T0.plusSeconds(300), "took long <@U0EVE00001> & <!here>"))));
        states.add(new StepState(2, steps.get(1), StepStatus.SKIPPED, null, T0.plusSeconds(630), true, List.of(), BOB,
                T0.plusSeconds(700), 2, "no BAM here", List.of()));
        states.add(new StepState(3, steps.get(2), StepStatus.CLAIMED, BOB, T0.plusSeconds(700), true, List.of(), null,
                null, 0, null, List.of()));
        Instant end = status == RunStatus.ACTIVE ? null : T0.plusSeconds(900);
        return new Run(7, "C0OPS00001", checklist, "Nightly backup", ALICE, T0, status, end,
                status == RunStatus.ABORTED ? "restore not needed" : null, states);
    }

    @Test
    void aStepMessageMatchesItsGoldenFile() throws Exception {
        Run run = sampleRun(RunStatus.ACTIVE);
        assertGolden("slack-step-message.json", blocks.step(new StepCard(run, run.step(3))));
    }

    @Test
    void aFinishedStepShowsWhoAndWhenAndHasNoButtons() throws Exception {
        Run run = sampleRun(RunStatus.ACTIVE);
        SlackMessage done = blocks.step(new StepCard(run, run.step(1)));
        String json = GSON.toJson(done.blocks());
        assertThat(json).doesNotContain("\"actions\"");
        assertThat(JSON.readTree(json).toString()).contains("Done by <@U0ALICE001> at 03:10 UTC (took 10m 30s)")
                .contains("confirmed by <@U0BOB00001>")
                .contains("&lt;!channel&gt; &amp; friends")
                .contains("<https://learn.microsoft.com/a?x=1&amp;y=2|How to Back Up>");
    }

    @Test
    void aSummaryMatchesItsGoldenFile() throws Exception {
        List<SlackMessage> messages = blocks.summary(Summary.of(sampleRun(RunStatus.ABORTED), T0.plusSeconds(900)));
        assertThat(messages).hasSize(1);
        assertGolden("slack-summary.json", messages.get(0));
    }

    @Test
    void aSummaryWithTheReportOnCarriesTheRunsLink() throws Exception {
        Summary summary = Summary.of(sampleRun(RunStatus.ABORTED), T0.plusSeconds(900))
                .withReportUrl("https://bot.example.com/runs/7?exp=1796000000&sig=AbC-_x");
        List<SlackMessage> messages = blocks.summary(summary);
        assertGolden("slack-summary-with-report-link.json", messages.get(0));
        assertThat(JSON.readTree(GSON.toJson(messages.get(0).blocks())).toString())
                .contains("*Report:* <https://bot.example.com/runs/7?exp=1796000000&amp;sig=AbC-_x|timeline, audit trail and downloads>");
    }

    @Test
    void aSummaryTooBigForOneMessageIsSplitWithinBlockKitLimits() {
        List<Step> steps = new ArrayList<>();
        List<StepState> states = new ArrayList<>();
        for (int i = 1; i <= 120; i++) {
            Step step = new Step("Step number " + i + " " + "x".repeat(150), null,
                    List.of(new Link("Reference " + i, "https://example.com/" + i)), false, 1);
            steps.add(step);
            states.add(new StepState(i, step, StepStatus.DONE, null, T0, true, List.of(new Confirmation(ALICE, T0)),
                    ALICE, T0.plusSeconds(i), i, null, List.of(new Note(BOB, T0, "n".repeat(400)))));
        }
        Checklist checklist = new Checklist("big", "Big", null, null, Mode.SEQUENTIAL, null, steps);
        Run run = new Run(1, "C1", checklist, "Big", ALICE, T0, RunStatus.COMPLETED, T0.plusSeconds(200), null, states);

        List<SlackMessage> messages = blocks.summary(Summary.of(run, T0.plusSeconds(200)));

        assertThat(messages.size()).isGreaterThan(2);
        int stepBlocks = 0;
        for (SlackMessage message : messages) {
            assertThat(message.blocks().size()).isLessThanOrEqualTo(SlackBlocks.MAX_BLOCKS);
            assertThat(GSON.toJson(message.blocks()).length()).isLessThan(16_000);
            for (LayoutBlock block : message.blocks()) {
                if (block instanceof SectionBlock section) {
                    assertThat(section.getText().getText().length()).isLessThanOrEqualTo(SlackBlocks.MAX_SECTION_CHARS);
                    if (section.getText().getText().startsWith("✅ *")) {
                        stepBlocks++;
                    }
                }
            }
        }
        assertThat(stepBlocks).isEqualTo(120);
        assertThat(messages.get(1).blocks().get(0).toString()).contains("continued");
    }

    @Test
    void aVeryLongStepTextIsTrimmedWithAnEllipsis() {
        Step step = new Step("<" + "a".repeat(4000) + "&", null, List.of(), false, 1);
        Checklist checklist = new Checklist("long", "Long", null, null, Mode.SEQUENTIAL, null, List.of(step));
        Run run = new Run(1, "C1", checklist, "Long", ALICE, T0, RunStatus.ACTIVE, null, null,
                List.of(new StepState(1, step, StepStatus.PENDING, null, T0, true, List.of(), null, null, 0, null, List.of())));
        SlackMessage message = blocks.step(new StepCard(run, run.step(1)));
        String text = ((SectionBlock) message.blocks().get(0)).getText().getText();
        assertThat(text).hasSizeLessThanOrEqualTo(SlackBlocks.MAX_SECTION_CHARS).endsWith("…").contains("&lt;aaa");
        assertThat(message.text()).hasSizeLessThanOrEqualTo(SlackBlocks.MAX_FALLBACK_CHARS).endsWith("…");
    }

    @Test
    void aStepsCodeIsShownAsCodeBlocksSplitAcrossSectionsWithEveryBlockClosed() {
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            code.append("oc adm drain \"$NODE\" --pod-selector='app in (a,b)' && echo <done> ").append(i).append('\n');
        }
        String details = "Run `oc get nodes` first:\n\n```console\n" + code + "```";
        Step step = new Step("Drain the node.", details, List.of(), false, 1);
        Checklist checklist = new Checklist("code", "Code", null, null, Mode.SEQUENTIAL, null, List.of(step));
        Run run = new Run(1, "C1", checklist, "Code", ALICE, T0, RunStatus.ACTIVE, null, null,
                List.of(new StepState(1, step, StepStatus.PENDING, null, T0, true, List.of(), null, null, 0, null, List.of())));
        SlackMessage message = blocks.step(new StepCard(run, run.step(1)));
        List<String> sections = message.blocks().stream().skip(1).filter(b -> b instanceof SectionBlock)
                .map(b -> ((SectionBlock) b).getText().getText()).toList();
        assertThat(sections).hasSizeGreaterThan(1).hasSizeLessThanOrEqualTo(SlackBlocks.MAX_DETAIL_SECTIONS);
        assertThat(sections.get(0)).startsWith("Run `oc get nodes` first:\n\n```\noc adm drain");
        assertThat(sections).allSatisfy(text -> {
            assertThat(text).hasSizeLessThanOrEqualTo(SlackBlocks.MAX_SECTION_CHARS).doesNotContain("```console");
            assertThat(text.split("(?m)^```", -1).length % 2).as("fences balanced in %s", text).isOne();
        });
        assertThat(sections.get(1)).startsWith("```\noc adm drain \"$NODE\" --pod-selector='app in (a,b)' &amp;&amp; echo &lt;done&gt;");
        assertThat(message.blocks()).hasSizeLessThanOrEqualTo(SlackBlocks.MAX_BLOCKS);
    }

    private static void assertGolden(String name, SlackMessage message) throws Exception {
        JsonObject root = new JsonObject();
        root.addProperty("text", message.text());
        root.add("blocks", GSON.toJsonTree(message.blocks()));
        JsonNode actual = JSON.readTree(GSON.toJson(root));
        Path file = GOLDEN.resolve(name);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, JSON.writeValueAsString(actual) + "\n", StandardCharsets.UTF_8);
        }
        // A missing golden file is a failure, not a pass: it is written only when asked (-Dgolden.update=true).
        assertThat(file).as("golden file (write it with -Dgolden.update=true)").exists();
        JsonNode expected = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        assertThat(JSON.writeValueAsString(actual)).as("%s (regenerate with -Dgolden.update=true)", file)
                .isEqualTo(JSON.writeValueAsString(expected));
    }
}
