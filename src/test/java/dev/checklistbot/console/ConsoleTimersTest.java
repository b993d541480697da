package dev.checklistbot.console;

import dev.checklistbot.cli.BotCore;
import dev.checklistbot.cli.Settings;
import dev.checklistbot.run.RunEvent;
import dev.checklistbot.run.RunSettings;
import dev.checklistbot.testing.Await;
import dev.checklistbot.testing.JumpingClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Nudges in the console: printed under the step as they come, once, across a restart of the console. */
class ConsoleTimersTest {
    @TempDir
    Path dir;
    final JumpingClock clock = new JumpingClock(Instant.parse("2026-12-06T12:00:00Z"));

    private BotCore open(ByteArrayOutputStream bytes) throws Exception {
        Path checklists = dir.resolve("checklists");
        if (!Files.exists(checklists)) {
            Files.createDirectories(checklists);
            Files.writeString(checklists.resolve("timed.yaml"), """
                    id: timed
                    title: Timed restore
                    steps:
                      - text: Stop the hosts
                        expected: 15m
                      - text: Back up
                    """);
        }
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        return BotCore.open(checklists, dir.resolve("console.db").toString(), new Settings(Map.of()),
                RunSettings.defaults(), new ConsoleChatClient(out), clock, 1);
    }

    private static ConsoleSession session(BotCore core, ByteArrayOutputStream bytes) {
        return new ConsoleSession(core.handler(), core.dispatcher(), "/backup-checklist", "console",
                new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
    }

    @Test
    void a_step_open_past_its_expected_time_is_nudged_once_in_the_console_across_a_restart() throws Exception {
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        try (BotCore core = open(first)) {
            session(core, first).run(new BufferedReader(new StringReader("start timed\nas bob claim\n")), "ann");
        }
        assertThat(first.toString(StandardCharsets.UTF_8)).contains("Stop the hosts").doesNotContain("longer than");

        clock.advance(Duration.ofMinutes(16)); // the console was closed when the step became due
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        try (BotCore core = open(second)) {
            ConsoleSession session = session(core, second);
            core.scheduler().start(Duration.ofMillis(50), "console"::equals, session::deliverNow);
            Await.until("the nudge printed", () -> second.toString(StandardCharsets.UTF_8)
                    .contains("Step 1 is taking longer than expected (15m 00s). bob, how is it going?"));
        }

        clock.advance(Duration.ofHours(1));
        ByteArrayOutputStream third = new ByteArrayOutputStream();
        try (BotCore core = open(third)) {
            assertThat(core.scheduler().tick()).as("nothing more to do").isZero();
            long runId = core.store().read(r -> r.lastRun("console")).orElseThrow().id();
            List<RunEvent> events = core.store().read(r -> r.events(runId));
            assertThat(events).filteredOn(e -> e.type() == RunEvent.Type.STEP_NUDGED).hasSize(1);
        }
    }
}
