package dev.checklistbot.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

import static org.assertj.core.api.Assertions.assertThat;

/** Questions (header buttons, answer) and evidence (the Done modal) over signed Slack requests and the fake Web API. */
class SlackQuestionsAndEvidenceTest {
    private static final String C = "C0OPS00002";
    private static final String ALICE = "U0ALICE001";
    private static final String BOB = "U0BOB00001";
    private static final ObjectMapper JSON = new ObjectMapper();
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
    BotHarness bot;
    SignedSlack slack;
    FakeSlack api;

    @BeforeEach
    void startBot() throws Exception {
        List<Checklist> checklists = new ArrayList<>(new ChecklistLoader().loadDirectory(Path.of("checklists"))
                .catalog().all());
        checklists.add(new ChecklistLoader().parse(PROOF, "proof.yaml", false, new ArrayList<>()));
        bot = new BotHarness(dir, false, new ChecklistCatalog(checklists));
        slack = bot.client;
        api = bot.slack;
    }

    @AfterEach
    void stopBot() {
        bot.close();
    }

    @Test
    void theHeaderAsksTheQuestionsWithButtonsAndAClickAnswersOnceEvenReplayed() throws Exception {
        assertThat(slack.command(C, ALICE, "start restore bam=no").statusCode()).isEqualTo(200);
        String headerTs = bot.messageTs(C, 0);
        Run run = bot.activeRun(C).orElseThrow();
        String header = api.calls("chat.postMessage").stream().filter(c -> c.content().contains("answer_sso"))
                .findFirst().orElseThrow().content();
        assertThat(header).contains("Are you using Enterprise Single Sign-On (SSO)?").contains("not answered yet")
                .contains(SlackBlocks.ACTION_ANSWER_YES).contains(run.id() + ":sso:yes");

        assertThat(slack.button(BOB, C, bot.messageTs(C, 1), SlackBlocks.ACTION_DONE, run.id() + ":1").statusCode())
                .isEqualTo(200);
        Await.until("step 2 not applicable", () -> bot.lastRun(C).step(2).status() == StepStatus.NOT_APPLICABLE);
        Await.until("step 3 waits", () -> bot.lastRun(C).step(3).openedAt() != null);
        String step3 = Await.value("step 3's message", () -> api.calls("chat.postMessage").stream()
                .filter(c -> c.content().contains("Step 3 of 3")).findFirst().orElse(null)).content();
        assertThat(step3).contains("waits for an answer").contains(run.id() + ":sso:no")
                .doesNotContain(SlackBlocks.ACTION_DONE);

        String click = slack.buttonBody(BOB, C, headerTs, SlackBlocks.ACTION_ANSWER_YES, run.id() + ":sso:yes");
        assertThat(slack.send("application/x-www-form-urlencoded", click, java.util.Map.of(),
                System.currentTimeMillis() / 1000).statusCode()).isEqualTo(200);
        assertThat(slack.send("application/x-www-form-urlencoded", click, java.util.Map.of(),
                System.currentTimeMillis() / 1000).statusCode()).isEqualTo(200);
        Await.until("sso answered", () -> bot.lastRun(C).answer("sso").isPresent());
        assertThat(bot.lastRun(C).answer("sso").orElseThrow().by().id()).isEqualTo(BOB);
        assertThat(bot.events(run.id())).filteredOn(e -> e.type() == RunEvent.Type.QUESTION_ANSWERED)
                .extracting(RunEvent::text).containsExactly("bam: no", "sso: yes");

        // Too late for bam: its step was reached. The refusal is private.
        slack.button(ALICE, C, headerTs, SlackBlocks.ACTION_ANSWER_YES, run.id() + ":bam:yes");
        Await.until("the refusal", () -> api.calls("chat.postEphemeral").stream()
                .anyMatch(c -> c.content().contains("Too late to change bam")));
        assertThat(bot.lastRun(C).answer("bam").orElseThrow().yes()).isFalse();
    }

    @Test
    void doneOnAnEvidenceStepOpensAModalWhoseSubmissionIsAppliedOnceEvenReplayed() throws Exception {
        assertThat(slack.command(C, ALICE, "start proof").statusCode()).isEqualTo(200);
        Run run = bot.activeRun(C).orElseThrow();
        String ts1 = bot.messageTs(C, 1);

        assertThat(slack.button(ALICE, C, ts1, SlackBlocks.ACTION_DONE, run.id() + ":1").statusCode()).isEqualTo(200);

        FakeSlack.Call open = Await.value("views.open", () -> api.calls("views.open").stream().findFirst().orElse(null));
        assertThat(open.param("trigger_id")).isNotBlank();
        JsonNode view = JSON.readTree(open.param("view"));
        assertThat(view.path("callback_id").asText()).isEqualTo(EvidenceModal.CALLBACK_ID);
        assertThat(view.toString()).contains("Where is the backup file?");
        assertThat(bot.lastRun(C).step(1).status()).isEqualTo(StepStatus.PENDING);

        String submission = slack.viewSubmissionBody(ALICE, "V0MODAL001", EvidenceModal.CALLBACK_ID,
                view.path("private_metadata").asText(), EvidenceModal.BLOCK_ID, EvidenceModal.ACTION_ID,
                "\\\\backup01\\sso\\master-secret.bak");
        assertThat(slack.viewSubmission(submission).statusCode()).isEqualTo(200);
        Await.until("step 1 done", () -> bot.lastRun(C).step(1).status() == StepStatus.DONE);
        assertThat(slack.viewSubmission(submission).statusCode()).isEqualTo(200);

        Run after = bot.lastRun(C);
        assertThat(after.step(1).evidence()).extracting(Evidence::text)
                .containsExactly("\\\\backup01\\sso\\master-secret.bak");
        assertThat(after.step(1).evidence().get(0).actor().id()).isEqualTo(ALICE);
        assertThat(bot.events(run.id())).filteredOn(e -> e.type() == RunEvent.Type.STEP_DONE).hasSize(1);
        assertThat(after.step(2).status()).isNotEqualTo(StepStatus.DONE);
    }

    @Test
    void anEmptyModalIsAnsweredWithAnErrorAndChangesNothing() throws Exception {
        slack.command(C, ALICE, "start proof");
        Run run = bot.activeRun(C).orElseThrow();
        String metadata = C + "|" + bot.messageTs(C, 1) + "|" + run.id() + ":1";

        var response = slack.viewSubmission(slack.viewSubmissionBody(ALICE, "V0MODAL002", EvidenceModal.CALLBACK_ID,
                metadata, EvidenceModal.BLOCK_ID, EvidenceModal.ACTION_ID, "  "));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"response_action\":\"errors\"");
        assertThat(bot.lastRun(C).step(1).status()).isEqualTo(StepStatus.PENDING);
    }

    @Test
    void aFileSharedInTheThreadThenABareDoneTakesTheFileAsEvidence() {
        slack.command(C, ALICE, "start proof");
        String ts1 = bot.messageTs(C, 1);
        var event = JSON.createObjectNode();
        String ts = (System.currentTimeMillis() / 1000) + ".000777";
        event.put("type", "message").put("subtype", "file_share").put("text", "").put("user", BOB).put("ts", ts)
                .put("thread_ts", ts1).put("parent_user_id", FakeSlack.BOT_USER).put("channel", C).put("event_ts", ts)
                .put("channel_type", "channel").put("upload", false).put("display_as_bot", false);
        event.putArray("files").addObject().put("id", "F0FILE0001").put("name", "master-secret.bak")
                .put("permalink", "https://fake.slack.com/files/U0BOB00001/F0FILE0001/master-secret.bak");
        assertThat(slack.event(slack.envelope(SignedSlack.eventId(), event)).statusCode()).isEqualTo(200);
        Await.until("the file as a note", () -> !bot.lastRun(C).step(1).notes().isEmpty());

        slack.threadReply(BOB, C, ts1, "done");

        Await.until("step 1 done", () -> bot.lastRun(C).step(1).status() == StepStatus.DONE);
        assertThat(bot.lastRun(C).step(1).evidence()).extracting(Evidence::text).containsExactly(
                "master-secret.bak https://fake.slack.com/files/U0BOB00001/F0FILE0001/master-secret.bak");
    }

    @Test
    void doneTypedWithEvidenceNeedsNoModal() {
        slack.command(C, ALICE, "start proof");
        bot.messageTs(C, 1);

        slack.command(C, BOB, "done 1 /backups/master.bak");

        Await.until("step 1 done", () -> bot.lastRun(C).step(1).status() == StepStatus.DONE);
        assertThat(bot.lastRun(C).step(1).evidence()).extracting(Evidence::text).containsExactly("/backups/master.bak");
        assertThat(api.calls("views.open")).isEmpty();
    }
}
