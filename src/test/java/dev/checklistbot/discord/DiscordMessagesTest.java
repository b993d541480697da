package dev.checklistbot.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.checklistbot.checklist.Checklist;
import dev.checklistbot.checklist.Link;
import dev.checklistbot.checklist.Mode;
import dev.checklistbot.checklist.Step;
import dev.checklistbot.render.RunHeader;
import dev.checklistbot.render.StepCard;
import dev.checklistbot.render.StepNotice;
import dev.checklistbot.render.Summary;
import dev.checklistbot.run.Actor;
import dev.checklistbot.run.Confirmation;
import dev.checklistbot.run.Note;
import dev.checklistbot.run.Run;
import dev.checklistbot.run.RunEvent;
import dev.checklistbot.run.RunStatus;
import dev.checklistbot.run.StepState;
import dev.checklistbot.run.StepStatus;
import net.dv8tion.jda.api.entities.MessageEmbed;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What people see on Discord, as a golden file, and Discord's limits and mention rules. */
class DiscordMessagesTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Instant T0 = Instant.parse("2026-03-01T03:00:00Z");
    private static final Actor ALICE = new Actor("discord:80351110224678912", "alice");
    private static final Actor BOB = new Actor("discord:80351110224678913", "bob");
    private final DiscordMessages messages = new DiscordMessages();

    static Run sampleRun(RunStatus status) {
        List<Step> steps = List.of(
                new Step("Back up the BizTalk databases.", "Run the **Backup BizTalk Server** job; @everyone & <@&123456789012345678>"
                        + " must not be pinged.", List.of(new Link("How to [Back] Up", "https://learn.microsoft.com/a?x=1&y=(2)")),
                        false, 2),
                new Step("If you use BAM, back up the BAM databases.", null, List.of(), true, 1),
                new Step("Check the <backup> files.", null, List.of(), false, 1));
        Checklist checklist = new Checklist("backup", "Backing Up BizTalk Server", null,
                "https://learn.microsoft.com/checklist", Mode.SEQUENTIAL, null, steps);
        List<StepState> states = new ArrayList<>();
        states.add(new StepState(1, steps.get(0), StepStatus.DONE, ALICE, T0, true,
                List.of(new Confirmation(ALICE, T0.plusSeconds(600)), new Confirmation(BOB, T0.plusSeconds(630))),
                ALICE, T0.plusSeconds(630), 1, null,
                List.of(new Note(BOB, T0.plusSeconds(300), "took long <@80351110224678914> & @here"))));
        states.add(new StepState(2, steps.get(1), StepStatus.SKIPPED, null, T0.plusSeconds(630), true, List.of(), BOB,
                T0.plusSeconds(700), 2, "no BAM here", List.of()));
        states.add(new StepState(3, steps.get(2), StepStatus.CLAIMED, BOB, T0.plusSeconds(700), true, List.of(), null,
                null, 0, null, List.of()));
        Instant end = status == RunStatus.ACTIVE ? null : T0.plusSeconds(900);
        return new Run(7, "discord:41771983423143937", checklist, "Nightly backup", ALICE, T0, status, end,
                status == RunStatus.ABORTED ? "restore not needed" : null, states);
    }

    @Test
    void aStepMessageMatchesItsGoldenFile() throws Exception {
        Run run = sampleRun(RunStatus.ACTIVE);
        JsonNode actual = JSON.readTree(messages.step(new StepCard(run, run.step(3))).create().toData().toString());
        Path file = GOLDEN.resolve("discord-step-message.json");
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(file, JSON.writeValueAsString(actual) + "\n", StandardCharsets.UTF_8);
        }
        assertThat(file).as("golden file (write it with -Dgolden.update=true)").exists();
        assertThat(JSON.writeValueAsString(actual)).as("%s (regenerate with -Dgolden.update=true)", file)
                .isEqualTo(JSON.writeValueAsString(JSON.readTree(Files.readString(file, StandardCharsets.UTF_8))));
    }

    @Test
    void aStepShowsItsLinksWhoFinishedItAndButtonsOnlyWhileOpen() throws Exception {
        Run run = sampleRun(RunStatus.ACTIVE);
        String done = messages.step(new StepCard(run, run.step(1))).create().toData().toString();
        assertThat(done).contains("Done by <@80351110224678912> at 03:10 UTC (took 10m 30s)")
                .contains("confirmed by <@80351110224678913>")
                .contains("[How to (Back) Up](https://learn.microsoft.com/a?x=1&y=%282%29)")
                .doesNotContain("\"components\":[{");
        String open = messages.step(new StepCard(run, run.step(3))).create().toData().toString();
        assertThat(open).contains("checklist-step:done:7:3", "checklist-step:skip:7:3", "checklist-step:claim:7:3");
    }

    @Test
    void aSummaryWithTheReportOnCarriesTheRunsLink() {
        Summary summary = Summary.of(sampleRun(RunStatus.ABORTED), T0.plusSeconds(900))
                .withReportUrl("https://bot.example.com/runs/7?exp=1796000000&sig=AbC-_x");
        assertThat(messages.summary(summary).get(0).create().toData().toString()).contains(
                "**Report:** [timeline, audit trail and downloads](https://bot.example.com/runs/7?exp=1796000000&sig=AbC-_x)");
        assertThat(messages.summary(Summary.of(sampleRun(RunStatus.ABORTED), T0)).get(0).create().toData().toString())
                .doesNotContain("Report:");
    }

    @Test
    void nothingAPersonOrAFileWroteCanPingAnyone() throws Exception {
        Run run = sampleRun(RunStatus.ACTIVE);
        for (DiscordMessage message : List.of(messages.step(new StepCard(run, run.step(1))), messages.header(new RunHeader(run)),
                messages.summary(Summary.of(run, T0.plusSeconds(900))).get(0))) {
            JsonNode data = JSON.readTree(message.create().toData().toString());
            assertThat(data.path("allowed_mentions").path("parse")).as("no @everyone, @here or role").isEmpty();
            assertThat(data.path("allowed_mentions").path("users")).isEmpty();
            assertThat(data.toString()).doesNotContain("@everyone", "@here", "<@&123456789012345678>",
                    "<@80351110224678914>");
        }
        // a notice pings the person it is about, and only them
        RunEvent note = new RunEvent(7, T0, BOB, RunEvent.Type.NOTE_ADDED, 1, "ask <@80351110224678914> and @everyone", null);
        DiscordMessage notice = messages.render(new StepNotice(run, note)).get(0);
        JsonNode data = JSON.readTree(notice.create().toData().toString());
        assertThat(notice.content()).startsWith("📝 Note on step 1 by <@80351110224678913>: ask <\u200B@8035")
                .contains("@\u200Beveryone");
        assertThat(data.path("allowed_mentions").path("users").toString()).isEqualTo("[\"80351110224678913\"]");
        assertThat(data.path("allowed_mentions").path("parse")).isEmpty();
        // an edit carries its allowed mentions too
        JsonNode edit = JSON.readTree(messages.step(new StepCard(run, run.step(1))).edit().toData().toString());
        assertThat(edit.has("allowed_mentions")).isTrue();
    }

    @Test
    void aSummaryTooBigForOneMessageIsSplitWithinDiscordsLimits() {
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
        Run run = new Run(1, "discord:1", checklist, "Big", ALICE, T0, RunStatus.COMPLETED, T0.plusSeconds(200), null,
                states);

        List<DiscordMessage> parts = messages.summary(Summary.of(run, T0.plusSeconds(200)));

        assertThat(parts.size()).isGreaterThan(5);
        int steps120 = 0;
        for (DiscordMessage part : parts) {
            assertThat(part.embeds()).hasSize(1);
            MessageEmbed embed = part.embeds().get(0);
            assertThat(embed.getDescription().length()).isLessThanOrEqualTo(MessageEmbed.DESCRIPTION_MAX_LENGTH);
            assertThat(embed.getLength()).isLessThanOrEqualTo(MessageEmbed.EMBED_MAX_LENGTH_BOT);
            steps120 += (int) embed.getDescription().lines().filter(l -> l.startsWith("✅ **")).count();
        }
        assertThat(steps120).isEqualTo(120);
        assertThat(parts.get(1).embeds().get(0).getTitle()).endsWith("(continued)");
    }

    @Test
    void aVeryLongStepTextIsTrimmedWithAnEllipsisAndManyLinksFitTheirField() {
        List<Link> links = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            links.add(new Link("Reference number " + i, "https://example.com/a/very/long/path/" + i));
        }
        Step step = new Step("a".repeat(5000), null, links, false, 1);
        Checklist checklist = new Checklist("long", "Long", null, null, Mode.SEQUENTIAL, null, List.of(step));
        Run run = new Run(1, "discord:1", checklist, "Long", ALICE, T0, RunStatus.ACTIVE, null, null,
                List.of(new StepState(1, step, StepStatus.PENDING, null, T0, true, List.of(), null, null, 0, null, List.of())));
        MessageEmbed embed = messages.step(new StepCard(run, run.step(1))).embeds().get(0);
        assertThat(embed.getDescription()).hasSizeLessThanOrEqualTo(MessageEmbed.DESCRIPTION_MAX_LENGTH).endsWith("a…**");
        assertThat(embed.getFields()).allSatisfy(f ->
                assertThat(f.getValue()).hasSizeLessThanOrEqualTo(MessageEmbed.VALUE_MAX_LENGTH));
        assertThat(embed.getLength()).isLessThanOrEqualTo(MessageEmbed.EMBED_MAX_LENGTH_BOT);
    }

    @Test
    void aStepsCodeStaysAsWrittenAndALongBlockIsCutClosed() {
        String details = "Ping @everyone, then run `ssh ops@here.example.com`:\n\n```bash\nssh ops@here.example.com <@123>\n"
                + "echo filler\n".repeat(600) + "```";
        Step step = new Step("Check the host.", details, List.of(), false, 1);
        Checklist checklist = new Checklist("code", "Code", null, null, Mode.SEQUENTIAL, null, List.of(step));
        Run run = new Run(1, "discord:1", checklist, "Code", ALICE, T0, RunStatus.ACTIVE, null, null,
                List.of(new StepState(1, step, StepStatus.PENDING, null, T0, true, List.of(), null, null, 0, null, List.of())));
        String description = messages.step(new StepCard(run, run.step(1))).embeds().get(0).getDescription();
        assertThat(description).hasSizeLessThanOrEqualTo(MessageEmbed.DESCRIPTION_MAX_LENGTH)
                .startsWith("**Check the host.**\nPing @\u200Beveryone, then run `ssh ops@here.example.com`:")
                .contains("```bash\nssh ops@here.example.com <@123>\necho filler\n")
                .endsWith("echo filler\n```\n…");
    }
}
