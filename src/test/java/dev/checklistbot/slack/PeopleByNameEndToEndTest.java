package dev.checklistbot.slack;

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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * People by name over the real path: the bot serves Slack on 127.0.0.1, the fake's users.info knows the people who act,
 * their names are learned in the background, and {@code export} then shows them beside their ids.
 */
class PeopleByNameEndToEndTest {
    private static final String C = "C0NAMES001";
    private static final String ALICE = "U0ALICE001";
    private static final String BOB = "U0BOB00001";
    private static final String CAROL = "U0CAROL001";

    @TempDir
    Path dir;
    BotHarness bot;

    @BeforeEach
    void startBot() throws Exception {
        bot = new BotHarness(dir);
    }

    @AfterEach
    void stopBot() {
        bot.close();
    }

    @Test
    void aReactionFromAPersonSlackKnowsShowsTheirDisplayNameInTheExport() {
        bot.slack.knowUser(ALICE, "<script>alert(1)</script> @channel " + "A".repeat(200), "Alice Real");
        bot.slack.knowUser(BOB, "", "Bob Builder"); // no display name set: the real name
        assertThat(bot.client.command(C, ALICE, "").statusCode()).isEqualTo(200);
        assertThat(bot.client.reaction(BOB, "white_check_mark", C, bot.messageTs(C, 1)).statusCode()).isEqualTo(200);
        Await.until("step 1 done", () -> bot.lastRun(C).step(1).status() == StepStatus.DONE);
        // CAROL is unknown to Slack (user_not_found): she keeps her id, and nothing retries her at once
        assertThat(bot.client.reaction(CAROL, "white_check_mark", C, bot.messageTs(C, 2)).statusCode()).isEqualTo(200);
        Await.until("step 2 done", () -> bot.lastRun(C).step(2).status() == StepStatus.DONE);
        Await.until("names learned", () -> bot.store().person(BOB).isPresent() && bot.store().person(ALICE).isPresent()
                && bot.slack.calls("users.info").stream().anyMatch(c -> CAROL.equals(c.param("user"))));
        assertThat(bot.store().person(BOB).map(PeopleDirectory.Person::displayName)).contains("Bob Builder");
        assertThat(bot.store().person(ALICE).orElseThrow().displayName()).hasSize(PeopleDirectory.MAX_NAME_LENGTH);
        assertThat(bot.store().person(CAROL)).isEmpty();

        String json = export("--format", "json");
        assertThat(json).contains("\"id\" : \"" + BOB + "\",\n      \"name\" : \"Bob Builder\"");
        assertThat(json).contains("\"id\" : \"" + CAROL + "\",\n      \"name\" : \"" + CAROL + "\"");
        String markdown = export();
        assertThat(markdown).contains("| Bob Builder (" + BOB + ") |");
        assertThat(markdown).contains("- Started by: \\<script\\>alert(1)\\</script\\> @channel AAA")
                .doesNotContain("<script>");

        // another action of the same people asks Slack nothing more: one lookup per person per week
        assertThat(bot.client.reaction(BOB, "white_check_mark", C, bot.messageTs(C, 3)).statusCode()).isEqualTo(200);
        Await.until("step 3 done", () -> bot.lastRun(C).step(3).status() == StepStatus.DONE);
        assertThat(bot.slack.calls("users.info").stream().filter(c -> BOB.equals(c.param("user")))).hasSize(1);
        assertThat(bot.slack.calls("users.info").stream().filter(c -> ALICE.equals(c.param("user")))).hasSize(1);
    }

    private String export(String... options) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = new CommandLine(new ExportCommand());
        line.setOut(new PrintWriter(out));
        line.setErr(new PrintWriter(err));
        String[] args = new String[options.length + 3];
        args[0] = Long.toString(bot.lastRun(C).id());
        args[1] = "--db";
        args[2] = bot.dbFile().toString();
        System.arraycopy(options, 0, args, 3, options.length);
        assertThat(line.execute(args)).as("export: %s", err).isEqualTo(0);
        return out.toString();
    }
}
