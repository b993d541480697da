package dev.checklistbot.slack;

import dev.checklistbot.testing.Await;
import dev.checklistbot.discord.FakeDiscord;
import dev.checklistbot.run.Run;
import dev.checklistbot.run.StepStatus;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Slack end-to-end test again, with the same process also serving Discord on the same database (SPEC
 * "Discord": one process serves both); and the same channel id on both platforms is two channels.
 */
class SlackAndDiscordInOneProcessTest extends SlackEndToEndTest {
    @Override
    protected BotHarness harness(Path dir) throws Exception {
        return new BotHarness(dir, true);
    }

    @Test
    void theSameChannelIdOnSlackAndOnDiscordIsTwoChannelsEachServedByItsOwnPlatform() {
        String sameId = FakeDiscord.OPS_CHANNEL_ID;
        FakeDiscord discord = bot.discord;
        assertThat(slack.command(sameId, "U0ALICE001", "start backup Slack side").statusCode()).isEqualTo(200);
        FakeDiscord.Interaction start = discord.slashCommand(FakeDiscord.ALICE, sameId, "backup-checklist", "start",
                FakeDiscord.Option.string("checklist", "restore"), FakeDiscord.Option.string("title", "Discord side"));
        Await.until("the Discord run", () -> bot.activeRun("discord:" + sameId).isPresent());
        Await.until("Discord's answer", () -> discord.originalResponse(start) != null
                && !discord.originalResponse(start).loading());
        bot.awaitDelivered();

        Run slackRun = bot.activeRun(sameId).orElseThrow();
        Run discordRun = bot.activeRun("discord:" + sameId).orElseThrow();
        assertThat(slackRun.id()).isNotEqualTo(discordRun.id());
        assertThat(slackRun.checklist().id()).isEqualTo("backup");
        assertThat(discordRun.checklist().id()).isEqualTo("restore");
        // each platform received its own run's messages, and only those
        List<FakeSlack.Call> slackPosts = api.delivered("chat.postMessage", sameId);
        assertThat(slackPosts).hasSize(2).allSatisfy(p -> assertThat(p.content()).doesNotContain("Discord side"));
        assertThat(slackPosts.get(0).content()).contains("Slack side");
        assertThat(slackPosts.get(1).content()).contains("Step 1 of 6");
        List<FakeDiscord.Message> discordPosts = discord.messagesIn(sameId).stream()
                .filter(m -> m.source() == FakeDiscord.Source.CHANNEL).toList();
        assertThat(discordPosts).hasSize(2).allSatisfy(m -> assertThat(m.text()).doesNotContain("Slack side"));
        assertThat(discordPosts.get(0).text()).contains("Discord side");
        assertThat(discordPosts.get(1).text()).contains("Step 1 of 3");

        // a reaction on Slack moves the Slack run only
        assertThat(slack.reaction("U0BOB00001", "white_check_mark", sameId, bot.messageTs(sameId, 1)).statusCode())
                .isEqualTo(200);
        Await.until("Slack step 1 done", () -> bot.lastRun(sameId).step(1).status() == StepStatus.DONE);
        assertThat(bot.activeRun("discord:" + sameId).orElseThrow().step(1).status()).isEqualTo(StepStatus.PENDING);
    }
}
