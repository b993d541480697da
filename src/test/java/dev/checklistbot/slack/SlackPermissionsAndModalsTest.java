package dev.checklistbot.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checklistbot.checklist.Checklist;
import dev.checklistbot.checklist.ChecklistCatalog;
import dev.checklistbot.checklist.EvidenceRule;
import dev.checklistbot.checklist.Mode;
import dev.checklistbot.checklist.Permission;
import dev.checklistbot.checklist.Permissions;
import dev.checklistbot.checklist.Step;
import dev.checklistbot.run.Run;
import dev.checklistbot.run.RunEvent;
import dev.checklistbot.run.RunStatus;
import dev.checklistbot.run.StepStatus;
import dev.checklistbot.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Permissions and the step modals end to end on Slack (issue 14, items 5 and 6): signed requests to the real bot on
 * 127.0.0.1, the fake Web API recording views.open and the ephemeral answers, assertions on the database.
 */
class SlackPermissionsAndModalsTest {
    private static final String C = "C0GUARD001";
    private static final String ALICE = "U0ALICE001";
    private static final String BOB = "U0BOB00001";
    private static final String CAROL = "U0CAROL001";
    private static final ObjectMapper JSON = new ObjectMapper();
    static final ChecklistCatalog CATALOG = new ChecklistCatalog(List.of(new Checklist("guarded", "Guarded restore",
            null, null, Mode.SEQUENTIAL, null,
            List.of(Step.of("Restore the databases"),
                    new Step("Verify", null, List.of(), false, 1, null, EvidenceRule.NONE, null, null, true),
                    Step.of("Tell the team")),
            List.of(), new Permissions(Permission.OWNER, Permission.OWNER), null), new Checklist("pair", "Four eyes",
            null, null, Mode.SEQUENTIAL, null, List.of(new Step("Restore", null, List.of(), false, 2), Step.of("Tell")))));

    @TempDir
    Path dir;
    BotHarness bot;
    SignedSlack slack;
    FakeSlack api;

    private static final String ADMIN = "U0ADMIN001";

    @BeforeEach
    void startBot() throws Exception {
        bot = new BotHarness(dir, false, CATALOG, java.util.Set.of(ADMIN));
        slack = bot.client;
        api = bot.slack;
    }

    @AfterEach
    void stopBot() {
        bot.close();
    }

    private Run start() {
        HttpResponse<String> response = slack.command(C, ALICE, "start guarded");
        assertThat(text(response)).contains("Started");
        bot.messageTs(C, 1);
        return bot.activeRun(C).orElseThrow();
    }

    /** The text of a slash command's immediate answer, checked to be for that person only. */
    private static String text(HttpResponse<String> response) {
        assertThat(response.statusCode()).as("ack, body %s", response.body()).isEqualTo(200);
        try {
            JsonNode body = JSON.readTree(response.body());
            assertThat(body.path("response_type").asText()).isEqualTo("ephemeral");
            return body.path("text").asText();
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    private static ObjectNode values(String block, String action, String field, String value) {
        ObjectNode values = JSON.createObjectNode();
        values.putObject(block).putObject(action).put("type", field.equals("value") ? "plain_text_input" : "users_select")
                .put(field, value);
        return values;
    }

    private List<RunEvent> events(Run run) {
        return bot.events(run.id());
    }

    @Test
    void anAbortByAnyoneButTheOwnerIsRefusedPrivatelyAndChangesNothing() {
        Run run = start();
        int events = events(run).size();

        String answer = text(slack.command(C, BOB, "abort I am done"));

        assertThat(answer).isEqualTo("Only the run's owner (<@" + ALICE + ">) or an admin may abort this run.");
        assertThat(bot.activeRun(C)).isPresent();
        assertThat(events(run)).hasSize(events);
        assertThat(api.calls("chat.postMessage")).noneMatch(c -> c.content().contains("I am done"));
        assertThat(text(slack.command(C, ALICE, "abort not needed"))).contains("aborted");
        assertThat(bot.lastRun(C).status()).isEqualTo(RunStatus.ABORTED);
    }

    @Test
    void aButtonOnSomeoneElsesWorkIsRefusedWithAnEphemeralNamingWhoMay() {
        Run run = start();
        slack.command(C, BOB, "claim 1");
        slack.command(C, BOB, "done 1");
        bot.messageTs(C, 2);
        // Step 2 is assignee_only and nobody has it: Carol's Done is refused, to her only.
        assertThat(slack.button(CAROL, C, bot.messageTs(C, 2), SlackBlocks.ACTION_DONE, run.id() + ":2").statusCode())
                .isEqualTo(200);
        Await.until("ephemeral to Carol", () -> !api.calls("chat.postEphemeral").isEmpty());
        FakeSlack.Call told = api.calls("chat.postEphemeral").get(0);
        assertThat(told.param("user")).isEqualTo(CAROL);
        assertThat(told.content()).contains("Only step 2's assignee");
        assertThat(bot.lastRun(C).step(2).status()).isEqualTo(StepStatus.PENDING);
        // Carol may not undo Bob's step 1 either: only Alice, the owner.
        assertThat(text(slack.command(C, CAROL, "undo")))
                .isEqualTo("Only the run's owner (<@" + ALICE + ">) or an admin may undo step 1, which <@" + BOB
                        + "> finished.");
        assertThat(bot.lastRun(C).step(1).status()).isEqualTo(StepStatus.DONE);
    }

    @Test
    void skipOnAStepThatNeedsAReasonOpensAModalWhoseSubmissionSkipsItOnceEvenReplayed() {
        Run run = start();
        String stepTs = bot.messageTs(C, 1);

        assertThat(slack.button(BOB, C, stepTs, SlackBlocks.ACTION_SKIP, run.id() + ":1").statusCode()).isEqualTo(200);

        FakeSlack.Call open = api.calls("views.open").get(0);
        assertThat(open.param("trigger_id")).isNotBlank();
        JsonNode view = api.viewsOpened().get(0);
        assertThat(view.path("callback_id").asText()).isEqualTo(StepModals.SKIP_CALLBACK);
        assertThat(view.path("private_metadata").asText()).isEqualTo(C + " " + stepTs + " " + run.id() + ":1");
        assertThat(view.toString()).contains("Why is it skipped?");
        assertThat(bot.lastRun(C).step(1).status()).isEqualTo(StepStatus.PENDING);

        // An empty reason keeps the modal open with a word under the field, and changes nothing.
        HttpResponse<String> empty = slack.viewSubmission(slack.viewSubmissionBody(BOB, "VEMPTY0001", view,
                values(StepModals.REASON, StepModals.REASON, "value", "  ")));
        assertThat(empty.statusCode()).isEqualTo(200);
        assertThat(empty.body()).contains("\"response_action\":\"errors\"").contains(StepModals.REASON);
        assertThat(bot.lastRun(C).step(1).status()).isEqualTo(StepStatus.PENDING);

        String submission = slack.viewSubmissionBody(BOB, "VSKIP00001", view,
                values(StepModals.REASON, StepModals.REASON, "value", "restored from the <!channel> snapshot"));
        assertThat(slack.viewSubmission(submission).statusCode()).isEqualTo(200);

        Run after = bot.lastRun(C);
        assertThat(after.step(1).status()).isEqualTo(StepStatus.SKIPPED);
        assertThat(after.step(1).finishedBy().id()).isEqualTo(BOB);
        assertThat(after.step(1).skipReason()).isEqualTo("restored from the <!channel> snapshot");
        // Bob takes his skip back; the same submission sent again must not skip the step a second time.
        assertThat(text(slack.command(C, BOB, "undo"))).contains("open again");
        long skips = events(run).stream().filter(e -> e.type() == RunEvent.Type.STEP_SKIPPED).count();

        assertThat(slack.viewSubmission(submission).statusCode()).isEqualTo(200);

        assertThat(bot.lastRun(C).step(1).status()).isEqualTo(StepStatus.PENDING);
        assertThat(events(run).stream().filter(e -> e.type() == RunEvent.Type.STEP_SKIPPED).count()).isEqualTo(skips);
    }

    @Test
    void aSkipModalSubmittedBySomeoneTheRulesRefuseIsToldPrivatelyAndChangesNothing() {
        Run run = start();
        slack.command(C, BOB, "claim 1");
        Await.until("claimed", () -> bot.lastRun(C).step(1).status() == StepStatus.CLAIMED);
        slack.button(CAROL, C, bot.messageTs(C, 1), SlackBlocks.ACTION_SKIP, run.id() + ":1");
        JsonNode view = api.viewsOpened().get(0);

        slack.viewSubmission(slack.viewSubmissionBody(CAROL, "VCAROL0001", view,
                values(StepModals.REASON, StepModals.REASON, "value", "taking over")));

        Await.until("ephemeral to Carol", () -> !api.calls("chat.postEphemeral").isEmpty());
        assertThat(api.calls("chat.postEphemeral").get(0).content())
                .contains("may skip step 1, which is <@" + BOB + ">'s").doesNotContain("taking over");
        assertThat(api.calls("chat.postEphemeral").get(0).param("user")).isEqualTo(CAROL);
        assertThat(bot.lastRun(C).step(1).status()).isEqualTo(StepStatus.CLAIMED);
    }

    @Test
    void assignOpensAUserPickerAndTheSubmissionGivesTheStepToWhoeverWasPicked() {
        Run run = start();
        String stepTs = bot.messageTs(C, 1);

        assertThat(slack.button(ALICE, C, stepTs, SlackBlocks.ACTION_ASSIGN, run.id() + ":1").statusCode())
                .isEqualTo(200);

        JsonNode view = api.viewsOpened().get(0);
        assertThat(view.path("callback_id").asText()).isEqualTo(StepModals.ASSIGN_CALLBACK);
        assertThat(view.toString()).contains("\"users_select\"");
        String submission = slack.viewSubmissionBody(ALICE, "VASSIGN001", view,
                values(StepModals.ASSIGNEE, StepModals.ASSIGNEE, "selected_user", CAROL));

        assertThat(slack.viewSubmission(submission).statusCode()).isEqualTo(200);

        assertThat(bot.lastRun(C).step(1).claimedBy().id()).isEqualTo(CAROL);
        assertThat(bot.lastRun(C).step(1).status()).isEqualTo(StepStatus.CLAIMED);
        Await.until("the step message shows Carol", () -> api.calls("chat.update").stream()
                .anyMatch(c -> stepTs.equals(c.param("ts")) && c.content().contains(CAROL)));
        // A replayed submission changes nothing; a forged one naming another channel's run is refused.
        slack.viewSubmission(submission);
        assertThat(events(run).stream().filter(e -> e.type() == RunEvent.Type.STEP_ASSIGNED).count()).isEqualTo(1);
        ObjectNode forged = view.deepCopy();
        forged.put("private_metadata", "C0OTHER001 " + stepTs + " " + run.id() + ":1");
        slack.viewSubmission(slack.viewSubmissionBody(ALICE, "VFORGED001", forged,
                values(StepModals.ASSIGNEE, StepModals.ASSIGNEE, "selected_user", BOB)));
        assertThat(bot.lastRun(C).step(1).claimedBy().id()).isEqualTo(CAROL);
    }

    @Test
    void theStepMessageOffersAssign() {
        start();
        Await.until("step 1 posted", () -> api.calls("chat.postMessage").stream()
                .anyMatch(c -> c.content().contains(SlackBlocks.ACTION_ASSIGN)));
    }

    @Test
    void theFinisherCannotConfirmTheirOwnStepByReactionButtonThreadReplyOrCommand() {
        String c2 = "C0PAIR0001";
        assertThat(text(slack.command(c2, ALICE, "start pair"))).contains("Started");
        String stepTs = bot.messageTs(c2, 1);
        long runId = bot.activeRun(c2).orElseThrow().id();
        assertThat(text(slack.command(c2, BOB, "done 1"))).contains("1 of 2");

        slack.reaction(BOB, "white_check_mark", c2, stepTs);
        slack.button(BOB, c2, stepTs, SlackBlocks.ACTION_DONE, runId + ":1");
        slack.threadReply(BOB, c2, stepTs, "done");
        assertThat(text(slack.command(c2, BOB, "done 1"))).isEqualTo("You already confirmed step 1: it needs 1 more person.");

        Await.until("three private refusals to Bob", () -> api.calls("chat.postEphemeral").stream()
                .filter(c -> BOB.equals(c.param("user")) && c.content().contains("You already confirmed step 1")).count() == 3);
        assertThat(bot.lastRun(c2).step(1).status()).isNotEqualTo(StepStatus.DONE);
        assertThat(bot.lastRun(c2).step(1).confirmations()).hasSize(1);

        slack.reaction(CAROL, "white_check_mark", c2, stepTs);

        Await.until("step 1 done", () -> bot.lastRun(c2).step(1).status() == StepStatus.DONE);
        assertThat(bot.lastRun(c2).step(1).finishedBy().id()).isEqualTo(BOB);
        assertThat(bot.lastRun(c2).step(1).confirmers()).extracting(a -> a.id()).containsExactly(CAROL);
    }

    @Test
    void anAdminMayAbortSomeoneElsesRunAndFinishAStepAssignedToSomeoneElse() {
        Run run = start();
        slack.command(C, BOB, "done 1");
        slack.command(C, ALICE, "assign 2 <@" + BOB + ">");
        Await.until("step 2 is Bob's", () -> bot.lastRun(C).step(2).claimedBy() != null);

        assertThat(text(slack.command(C, ADMIN, "done 2"))).contains("Step 2 done");
        assertThat(text(slack.command(C, ADMIN, "abort wrong channel"))).contains("aborted");

        assertThat(bot.lastRun(C).status()).isEqualTo(RunStatus.ABORTED);
        assertThat(bot.lastRun(C).step(2).finishedBy().id()).isEqualTo(ADMIN);
        assertThat(events(run)).extracting(RunEvent::type).contains(RunEvent.Type.RUN_ABORTED);
    }
}
