package dev.checklistbot.discord;

import dev.checklistbot.checklist.Checklist;
import dev.checklistbot.checklist.ChecklistCatalog;
import dev.checklistbot.checklist.ChecklistLoader;
import dev.checklistbot.run.Evidence;
import dev.checklistbot.run.Run;
import dev.checklistbot.run.RunEvent;
import dev.checklistbot.run.StepStatus;
import dev.checklistbot.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.checklistbot.discord.DiscordHarness.CHANNEL;
import static dev.checklistbot.discord.DiscordHarness.OPS;
import static dev.checklistbot.discord.FakeDiscord.ALICE;
import static dev.checklistbot.discord.FakeDiscord.BOB;
import static org.assertj.core.api.Assertions.assertThat;

/** Questions (header buttons, the answer command) and evidence (the Done modal) on the fake Discord. */
class DiscordQuestionsAndEvidenceTest {
    private static final String COMMAND = "backup-checklist";
    private static final String PROOF = """
            id: proof
            title: Proof
            steps:
              - text: Back up the master secret.
                evidence: required
                evidence_prompt: Where is the backup file?
              - text: Tell the team.
            """;

    @TempDir
    Path dir;
    private DiscordHarness bot;
    private FakeDiscord discord;

    @BeforeEach
    void startBot() throws Exception {
        List<Checklist> checklists = new ArrayList<>(new ChecklistLoader().loadDirectory(Path.of("checklists"))
                .catalog().all());
        checklists.add(new ChecklistLoader().parse(PROOF, "proof.yaml", false, new ArrayList<>()));
        bot = new DiscordHarness(dir, null, new ChecklistCatalog(checklists));
        discord = bot.discord;
    }

    @AfterEach
    void stopBot() {
        bot.close();
    }

    private String answerTo(FakeDiscord.Interaction interaction) {
        Await.until("ack of " + interaction.id(), () -> discord.callback(interaction) != null);
        if (discord.callback(interaction).type() == FakeDiscord.CALLBACK_MODAL) {
            return "(modal)";
        }
        return Await.value("answer to " + interaction.id(), () -> {
            FakeDiscord.Message original = discord.originalResponse(interaction);
            return original == null || original.loading() ? null : original.text();
        });
    }

    @Test
    void theHeaderAsksWithButtonsAndTheAnswerCommandAndButtonsAnswer() {
        String started = answerTo(discord.slashCommand(ALICE, OPS, COMMAND, "start",
                FakeDiscord.Option.string("checklist", "restore"), FakeDiscord.Option.string("answers", "bam=no")));
        assertThat(started).contains("Started").contains("Please answer sso");
        Run run = bot.activeRun(CHANNEL).orElseThrow();
        String header = bot.messageId(CHANNEL, 0);
        assertThat(discord.message(header).customIds()).contains(DiscordMessages.ANSWER_PREFIX + run.id() + ":sso:yes",
                DiscordMessages.ANSWER_PREFIX + run.id() + ":bam:no");
        assertThat(run.answer("bam").orElseThrow().yes()).isFalse();

        answerTo(discord.buttonClick(BOB, bot.messageId(CHANNEL, 1), DiscordMessages.BUTTON_PREFIX + "done:" + run.id() + ":1"));
        Await.until("step 2 not applicable", () -> bot.lastRun(CHANNEL).step(2).status() == StepStatus.NOT_APPLICABLE);
        String step3 = bot.messageId(CHANNEL, 3);
        Await.until("step 3 asks sso", () -> discord.message(step3).customIds()
                .contains(DiscordMessages.ANSWER_PREFIX + run.id() + ":sso:no"));
        assertThat(discord.message(step3).customIds()).noneMatch(id -> id.startsWith(DiscordMessages.BUTTON_PREFIX + "done"));

        String answer = answerTo(discord.buttonClick(BOB, step3, DiscordMessages.ANSWER_PREFIX + run.id() + ":sso:yes"));
        assertThat(answer).contains("SSO: yes").contains("step 3 can be done now");
        String tooLate = answerTo(discord.slashCommand(ALICE, OPS, COMMAND, "answer",
                FakeDiscord.Option.string("question", "bam"), FakeDiscord.Option.string("answer", "yes")));
        assertThat(tooLate).contains("Too late to change bam");
        assertThat(bot.events(run.id())).filteredOn(e -> e.type() == RunEvent.Type.QUESTION_ANSWERED)
                .extracting(RunEvent::text).containsExactly("bam: no", "sso: yes");
    }

    @Test
    void doneOnAnEvidenceStepAsksForItInAModal() {
        answerTo(discord.slashCommand(ALICE, OPS, COMMAND, "start", FakeDiscord.Option.string("checklist", "proof")));
        Run run = bot.activeRun(CHANNEL).orElseThrow();
        String m1 = bot.messageId(CHANNEL, 1);

        FakeDiscord.Interaction click = discord.buttonClick(BOB, m1, DiscordMessages.BUTTON_PREFIX + "done:" + run.id() + ":1");
        assertThat(answerTo(click)).isEqualTo("(modal)");
        assertThat(bot.lastRun(CHANNEL).step(1).status()).isEqualTo(StepStatus.PENDING);

        String answer = answerTo(discord.modalSubmit(BOB, OPS, m1, DiscordListener.EVIDENCE_MODAL + run.id() + ":1",
                Map.of(DiscordListener.EVIDENCE_INPUT, "\\\\backup01\\sso\\master-secret.bak")));

        assertThat(answer).contains("Step 1 done");
        Run after = bot.lastRun(CHANNEL);
        assertThat(after.step(1).status()).isEqualTo(StepStatus.DONE);
        assertThat(after.step(1).evidence()).extracting(Evidence::text).containsExactly("\\\\backup01\\sso\\master-secret.bak");
        assertThat(after.step(1).evidence().get(0).actor().id()).isEqualTo("discord:" + BOB);
    }
}
