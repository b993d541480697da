package dev.checklistbot.discord;

import dev.checklistbot.checklist.ChecklistCatalog;
import dev.checklistbot.checklist.ChecklistLoader;
import dev.checklistbot.cli.Serving;
import dev.checklistbot.run.Run;
import dev.checklistbot.store.Database;
import dev.checklistbot.store.JdbcRunStore;
import dev.checklistbot.store.PostedMessage;
import dev.checklistbot.testing.Await;
import dev.checklistbot.testing.JumpingClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.checklistbot.discord.FakeDiscord.ALICE;
import static dev.checklistbot.discord.FakeDiscord.BOB;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nudges and schedules on Discord: the bot as {@code serve} wires it on the fake Discord (JDA really connected), its
 * scheduler polling every 50 ms, a clock the test makes jump.
 */
class TimersOnDiscordTest {
    private static final String OPS = FakeDiscord.OPS_CHANNEL_ID;
    private static final String CHANNEL = "discord:" + OPS;
    private static final Instant SUNDAY = Instant.parse("2026-12-06T12:00:00Z");

    @TempDir
    Path dir;
    FakeDiscord discord;
    JumpingClock clock;
    JdbcRunStore store;
    Serving bot;

    @BeforeEach
    void start() throws Exception {
        Path checklists = Files.createDirectories(dir.resolve("checklists"));
        Files.writeString(checklists.resolve("timed.yaml"), """
                id: timed
                title: Timed restore
                steps:
                  - text: Stop the hosts
                    expected: 15m
                  - text: Back up
                """);
        Files.writeString(checklists.resolve("weekly.yaml"), """
                id: weekly
                title: Weekly backup check
                steps:
                  - text: Check the jobs
                schedule:
                  cron: "0 2 * * 1"
                  timezone: UTC
                  channel: "discord:%s"
                """.formatted(OPS));
        ChecklistCatalog catalog = new ChecklistLoader().loadDirectory(checklists).catalog();
        discord = FakeDiscord.start();
        clock = new JumpingClock(SUNDAY);
        store = new JdbcRunStore(Database.open(dir.resolve("bot.db").toString()), clock);
        bot = Serving.start(null, DiscordHarness.config(discord), new Serving.Options("127.0.0.1", 0,
                "/backup-checklist", 2, null, Duration.ofMillis(50)), catalog, store, clock);
    }

    @AfterEach
    void stop() {
        bot.close();
        store.close();
        discord.close();
    }

    private String messageId(int step) {
        return Await.value("message of step " + step, () -> store.read(r -> r.lastRun(CHANNEL))
                .flatMap(run -> store.find(run.id(), step)).map(PostedMessage::messageId).orElse(null));
    }

    private List<Run> runs() {
        return store.read(r -> r.runs(false, 100));
    }

    @Test
    void a_step_open_past_its_expected_time_is_nudged_once_in_its_thread_mentioning_its_assignee() {
        Await.until("the schedule seen", () -> store.read(r -> r.scheduleFiredAt("weekly")).isPresent());
        discord.slashCommand(ALICE, OPS, "backup-checklist", "start", new FakeDiscord.Option("checklist", 3, "timed"));
        String step1 = messageId(1);
        discord.slashCommand(ALICE, OPS, "backup-checklist", "assign", new FakeDiscord.Option("step", 4, 1),
                new FakeDiscord.Option("user", 6, BOB));
        Await.until("assigned", () -> BOB.equals(runs().get(0).step(1).claimedBy() == null ? null
                : dev.checklistbot.run.Platform.DISCORD.platformId(runs().get(0).step(1).claimedBy().id())));

        clock.advance(Duration.ofMinutes(16));
        String thread = Await.value("thread of step 1", () -> discord.threadOf(step1));
        FakeDiscord.Message nudge = Await.value("the nudge", () -> discord.messagesIn(thread).stream()
                .filter(m -> m.text().contains("longer than expected")).findFirst().orElse(null));

        assertThat(nudge.text()).contains("<@" + BOB + ">");
        assertThat(nudge.mentionsEveryone()).isFalse();
        Await.until("delivered", () -> store.undeliveredCount() == 0);
        assertThat(discord.messagesIn(thread)).filteredOn(m -> m.text().contains("longer than expected")).hasSize(1);
    }

    @Test
    void a_schedule_in_a_discord_channel_starts_its_run_there_at_its_time() {
        Await.until("the schedule seen", () -> store.read(r -> r.scheduleFiredAt("weekly")).isPresent());
        clock.jumpTo(Instant.parse("2026-12-07T02:00:01Z"));

        Await.until("the scheduled run", () -> !runs().isEmpty());
        assertThat(runs().get(0).channel()).isEqualTo(CHANNEL);
        assertThat(runs().get(0).title()).isEqualTo("Weekly backup check — 2026-12-07");
        messageId(1);
    }
}
