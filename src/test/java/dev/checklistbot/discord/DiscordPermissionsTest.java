package dev.checklistbot.discord;

import dev.checklistbot.checklist.Checklist;
import dev.checklistbot.checklist.ChecklistCatalog;
import dev.checklistbot.checklist.Mode;
import dev.checklistbot.checklist.Permission;
import dev.checklistbot.checklist.Permissions;
import dev.checklistbot.checklist.Step;
import dev.checklistbot.run.Run;
import dev.checklistbot.run.RunStatus;
import dev.checklistbot.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.checklistbot.discord.DiscordHarness.CHANNEL;
import static dev.checklistbot.discord.DiscordHarness.OPS;
import static dev.checklistbot.discord.FakeDiscord.ALICE;
import static dev.checklistbot.discord.FakeDiscord.BOB;
import static org.assertj.core.api.Assertions.assertThat;

/** A checklist's permissions on Discord (issue 14, item 5): a refusal is ephemeral, says who may, changes nothing. */
class DiscordPermissionsTest {
    private static final String COMMAND = "backup-checklist";
    private static final ChecklistCatalog CATALOG = new ChecklistCatalog(List.of(new Checklist("guarded",
            "Guarded restore", null, null, Mode.SEQUENTIAL, null, List.of(Step.of("Restore"), Step.of("Verify")),
            List.of(), new Permissions(Permission.OWNER, Permission.OWNER), null)));

    @TempDir
    Path dir;
    private DiscordHarness bot;
    private FakeDiscord discord;

    @BeforeEach
    void startBot() throws Exception {
        bot = new DiscordHarness(dir, null, CATALOG);
        discord = bot.discord;
    }

    @AfterEach
    void stopBot() {
        bot.close();
    }

    private FakeDiscord.Message answerTo(FakeDiscord.Interaction interaction) {
        return Await.value("answer to " + interaction.id(), () -> {
            FakeDiscord.Message original = discord.originalResponse(interaction);
            return original == null || original.loading() ? null : original;
        });
    }

    @Test
    void anAbortByAnyoneButTheOwnerIsRefusedEphemerallyAndChangesNothing() {
        assertThat(answerTo(discord.slashCommand(ALICE, OPS, COMMAND, "start",
                FakeDiscord.Option.string("checklist", "guarded"))).text()).contains("Started");
        Run run = bot.activeRun(CHANNEL).orElseThrow();
        int events = bot.events(run.id()).size();

        FakeDiscord.Message refused = answerTo(discord.slashCommand(BOB, OPS, COMMAND, "abort",
                FakeDiscord.Option.string("reason", "tired")));

        assertThat(refused.ephemeral()).isTrue();
        assertThat(refused.text()).isEqualTo("Only the run's owner (<@" + ALICE + ">) may abort this run.");
        assertThat(bot.activeRun(CHANNEL)).isPresent();
        assertThat(bot.events(run.id())).hasSize(events);

        FakeDiscord.Message accepted = answerTo(discord.slashCommand(ALICE, OPS, COMMAND, "abort",
                FakeDiscord.Option.string("reason", "not needed")));
        assertThat(accepted.text()).contains("aborted");
        assertThat(bot.lastRun(CHANNEL).status()).isEqualTo(RunStatus.ABORTED);
    }

    @Test
    void pickingSomeoneInTheStepsUserPickerAssignsTheStepToThem() {
        answerTo(discord.slashCommand(ALICE, OPS, COMMAND, "start", FakeDiscord.Option.string("checklist", "guarded")));
        Run run = bot.activeRun(CHANNEL).orElseThrow();
        String message = bot.messageId(CHANNEL, 1);
        assertThat(discord.message(message).customIds()).contains(DiscordMessages.ASSIGN_PREFIX + run.id() + ":1");

        FakeDiscord.Message answer = answerTo(discord.userSelect(ALICE, message,
                DiscordMessages.ASSIGN_PREFIX + run.id() + ":1", BOB));

        assertThat(answer.ephemeral()).isTrue();
        assertThat(answer.text()).isEqualTo("Step 1 is now <@" + BOB + ">'s.");
        assertThat(bot.lastRun(CHANNEL).step(1).claimedBy().id()).isEqualTo("discord:" + BOB);
    }
}
