package dev.checklistbot.slack;

import dev.checklistbot.checklist.ChecklistCatalog;
import dev.checklistbot.checklist.ChecklistLoader;
import dev.checklistbot.cli.Serving;
import dev.checklistbot.run.Run;
import dev.checklistbot.run.RunEvent;
import dev.checklistbot.run.SystemActor;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nudges and schedules end to end on Slack: the bot as {@code serve} wires it (its scheduler polling every 50 ms),
 * signed Slack requests, the fake Web API, a clock the test makes jump to a step's due time or a schedule's time, and
 * restarts on the same database file in between.
 */
class TimersEndToEndTest {
    private static final String OPS = "C0OPS00001";
    private static final String SCHEDULED = "C0SCHED001";
    private static final String ALICE = "U0ALICE001";
    private static final String BOB = "U0BOB00001";
    /** Sunday 6 December 2026, noon UTC; the weekly check is on Mondays at 02:00 UTC. */
    private static final Instant SUNDAY = Instant.parse("2026-12-06T12:00:00Z");
    private static final Instant MONDAY = Instant.parse("2026-12-07T02:00:00Z");

    @TempDir
    Path dir;
    FakeSlack api;
    SignedSlack slack;
    JumpingClock clock;
    ChecklistCatalog catalog;
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
                  channel: C0SCHED001
                """);
        Files.writeString(checklists.resolve("weekly-discord.yaml"), """
                id: weekly-discord
                title: Weekly check on Discord
                steps:
                  - text: Check the jobs
                schedule:
                  cron: "0 2 * * 1"
                  timezone: UTC
                  channel: "discord:1300000000000000201"
                """);
        ChecklistLoader.Result loaded = new ChecklistLoader().loadDirectory(checklists);
        assertThat(loaded.errors()).isEmpty();
        catalog = loaded.catalog();
        api = new FakeSlack();
        clock = new JumpingClock(SUNDAY);
        startBot();
        slack = new SignedSlack(BotHarness.SECRET, bot.port());
    }

    private void startBot() throws Exception {
        store = new JdbcRunStore(Database.open(dir.resolve("bot.db").toString()), clock);
        SlackBotConfig config = new SlackBotConfig(BotHarness.BOT_TOKEN, BotHarness.SECRET, null, api.apiUrl(),
                "/backup-checklist", null);
        bot = Serving.start(config, null, new Serving.Options("127.0.0.1", 0, "/backup-checklist", 2, null,
                Duration.ofMillis(50)), catalog, store, clock);
    }

    private void stopBot() {
        bot.close();
        store.close();
    }

    private void restart() throws Exception {
        stopBot();
        startBot();
        slack.port(bot.port());
    }

    @AfterEach
    void stop() {
        stopBot();
        api.close();
    }

    private String ts(String channel, int step) {
        return Await.value("message of step " + step, () -> store.read(r -> r.lastRun(channel))
                .flatMap(run -> store.find(run.id(), step)).map(PostedMessage::messageId).orElse(null));
    }

    private List<FakeSlack.Call> posts(String channel, String containing) {
        return api.delivered("chat.postMessage", channel).stream()
                .filter(c -> c.params().values().stream().anyMatch(v -> v != null && v.contains(containing))).toList();
    }

    private List<Run> runs() {
        return store.read(r -> r.runs(false, 100));
    }

    @Test
    void a_step_open_past_its_expected_time_is_nudged_once_in_its_thread_mentioning_its_claimer_across_a_restart()
            throws Exception {
        assertThat(slack.command(OPS, ALICE, "start timed").statusCode()).isEqualTo(200);
        String stepTs = ts(OPS, 1);
        assertThat(slack.command(OPS, BOB, "claim").statusCode()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(5));
        restart(); // stopped before the step is due...

        clock.advance(Duration.ofMinutes(11)); // ...started again after: the timer was kept
        Await.until("the nudge", () -> !posts(OPS, "longer than expected").isEmpty());
        FakeSlack.Call nudge = posts(OPS, "longer than expected").get(0);
        assertThat(nudge.param("thread_ts")).isEqualTo(stepTs);
        assertThat(nudge.param("text")).contains("<@" + BOB + ">").contains("(15m 00s)")
                .doesNotContain("<!channel>").doesNotContain("<!here>");

        restart();
        clock.advance(Duration.ofHours(2));
        Await.until("delivered", () -> store.undeliveredCount() == 0);
        long runId = runs().get(0).id();
        List<RunEvent> events = store.read(r -> r.events(runId));
        assertThat(events).filteredOn(e -> e.type() == RunEvent.Type.STEP_NUDGED).hasSize(1);
        List<dev.checklistbot.run.Timer> left = store.read(r -> r.dueTimers(clock.instant().plus(Duration.ofDays(30)), 10));
        assertThat(left).as("nothing left that could nudge again").isEmpty();
        assertThat(posts(OPS, "longer than expected")).hasSize(1);

        // The summary shows expected against actual.
        clock.advance(Duration.ofMinutes(1));
        assertThat(slack.command(OPS, BOB, "done").statusCode()).isEqualTo(200);
        assertThat(slack.command(OPS, BOB, "done").statusCode()).isEqualTo(200);
        Await.until("the summary", () -> !posts(OPS, "expected 15m 00s, +").isEmpty());
    }

    @Test
    void a_schedule_starts_its_run_at_its_time_says_so_when_a_run_is_active_and_starts_once_after_downtime()
            throws Exception {
        Await.until("the schedule seen", () -> store.read(r -> r.scheduleFiredAt("weekly")).isPresent());
        clock.jumpTo(MONDAY.plusSeconds(1));

        Await.until("the scheduled run", () -> !runs().isEmpty());
        Run run = runs().get(0);
        assertThat(run.title()).isEqualTo("Weekly backup check — 2026-12-07");
        assertThat(run.channel()).isEqualTo(SCHEDULED);
        assertThat(run.startedBy()).isEqualTo(SystemActor.BOT);
        Await.until("its header", () -> !posts(SCHEDULED, "Weekly backup check — 2026-12-07").isEmpty());

        clock.advance(Duration.ofDays(7)); // next Monday: the run is still active
        Await.until("said in the channel", () -> !posts(SCHEDULED, "Scheduled start of Weekly backup check skipped")
                .isEmpty());
        assertThat(posts(SCHEDULED, "Scheduled start of").get(0).param("thread_ts")).as("in the channel").isNull();
        assertThat(runs()).hasSize(1);

        assertThat(slack.command(SCHEDULED, ALICE, "abort not this week").statusCode()).isEqualTo(200);
        stopBot();
        clock.advance(Duration.ofDays(21)); // three Mondays pass with the bot down
        startBot();
        Await.until("one catch-up run", () -> runs().size() == 2);
        assertThat(runs().get(0).title()).isEqualTo("Weekly backup check — 2027-01-04");
        Await.until("delivered", () -> store.undeliveredCount() == 0);
        assertThat(runs()).as("one start for the missed times, not one each; none on Discord, not served")
                .hasSize(2).allSatisfy(r -> assertThat(r.channel()).isEqualTo(SCHEDULED));
    }

    @Test
    void serve_warns_at_start_up_about_a_schedule_on_a_platform_it_does_not_serve() throws Exception {
        try (LogCapture logs = new LogCapture()) {
            restart();
            assertThat(logs.text()).contains("checklist weekly-discord is scheduled in discord channel"
                    + " discord:1300000000000000201, but discord is not served here (DISCORD_BOT_TOKEN is not set)");
        }
        java.util.Optional<Instant> looked = store.read(r -> r.scheduleFiredAt("weekly-discord"));
        assertThat(looked).as("never looked at here").isEmpty();
    }
}
