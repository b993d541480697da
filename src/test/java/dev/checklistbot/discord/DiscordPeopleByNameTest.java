package dev.checklistbot.discord;

import dev.checklistbot.cli.ExportCommand;
import dev.checklistbot.run.PeopleDirectory;
import dev.checklistbot.run.StepStatus;
import dev.checklistbot.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static dev.checklistbot.discord.DiscordHarness.CHANNEL;
import static dev.checklistbot.discord.DiscordHarness.OPS;
import static dev.checklistbot.discord.FakeDiscord.ALICE;
import static dev.checklistbot.discord.FakeDiscord.BOB;
import static org.assertj.core.api.Assertions.assertThat;

/** People by name on Discord: JDA asks the fake for the member, the name lands in the people table and the export. */
class DiscordPeopleByNameTest {
    @TempDir
    Path dir;
    private DiscordHarness bot;
    private FakeDiscord discord;

    @BeforeEach
    void startBot() throws Exception {
        bot = new DiscordHarness(dir);
        discord = bot.discord;
    }

    @AfterEach
    void stopBot() {
        bot.close();
    }

    @Test
    void aReactionFromAMemberShowsTheirNameInTheExport() {
        FakeDiscord.Interaction start = discord.slashCommand(ALICE, OPS, "backup-checklist", "start");
        Await.until("run started", () -> bot.activeRun(CHANNEL).isPresent());
        discord.reactionAdd(BOB, bot.messageId(CHANNEL, 1), "✅");
        Await.until("step 1 done", () -> bot.lastRun(CHANNEL).step(1).status() == StepStatus.DONE);
        String bob = "discord:" + BOB;
        Await.until("Bob's name learned", () -> bot.store().person(bob).isPresent()
                && bot.store().person("discord:" + ALICE).isPresent());
        assertThat(bot.store().person(bob).map(PeopleDirectory.Person::displayName)).contains("Bob");
        assertThat(discord.calls("GET", "guilds/{guild}/members/{user}")).isNotEmpty();
        assertThat(start).isNotNull();

        StringWriter out = new StringWriter();
        CommandLine line = new CommandLine(new ExportCommand());
        line.setOut(new PrintWriter(out));
        assertThat(line.execute(Long.toString(bot.lastRun(CHANNEL).id()), "--db", bot.dbFile().toString())).isEqualTo(0);
        assertThat(out.toString()).contains("| Bob (" + bob + ") |");
    }
}
