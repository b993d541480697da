package dev.checklistbot.run;

import dev.checklistbot.checklist.Checklist;
import dev.checklistbot.checklist.ChecklistCatalog;
import dev.checklistbot.checklist.Mode;
import dev.checklistbot.checklist.Permissions;
import dev.checklistbot.checklist.Schedule;
import dev.checklistbot.checklist.Step;
import dev.checklistbot.testing.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Schedules: a checklist with a schedule starts by itself at its time, once per time, titled with the date. */
class ScheduledStartsTest {
    static final String CHANNEL = "C9";
    /** Mondays at 02:00 in Paris (01:00 UTC in winter). */
    static final Checklist WEEKLY = new Checklist("weekly", "Weekly backup check", null, null, Mode.SEQUENTIAL, null,
            List.of(Step.of("Check the jobs")), List.of(), Permissions.DEFAULT,
            new Schedule("0 2 * * 1", ZoneId.of("Europe/Paris"), CHANNEL));
    static final Checklist OTHER = new Checklist("other", "Other work", null, null, Mode.SEQUENTIAL, null,
            List.of(Step.of("Do it")));
    /** Sunday 2026-12-06 12:00 UTC. */
    static final Instant SUNDAY = Instant.parse("2026-12-06T12:00:00Z");
    static final Instant MONDAY_2AM_PARIS = Instant.parse("2026-12-07T01:00:00Z");

    InMemoryRunStore store;
    MutableClock clock;
    RunService service;

    @BeforeEach
    void setUp() {
        store = new InMemoryRunStore();
        clock = new MutableClock(SUNDAY);
        service = service();
    }

    RunService service() {
        return new RunService(store, new ChecklistCatalog(List.of(WEEKLY, OTHER)), clock, RunSettings.defaults());
    }

    List<Run> runs() {
        return store.read(r -> r.runs(false, 100));
    }

    @Test
    void a_schedule_first_seen_starts_nothing_for_its_past_times_then_starts_once_at_its_time_titled_with_the_date() {
        assertThat(service.startScheduled(WEEKLY)).as("first look: from now on").isNull();
        clock.advance(Duration.between(SUNDAY, MONDAY_2AM_PARIS).minusSeconds(1));
        assertThat(service.startScheduled(WEEKLY)).isNull();

        clock.advance(Duration.ofSeconds(2));
        Outcome outcome = service.startScheduled(WEEKLY);

        assertThat(outcome.accepted()).isTrue();
        Run run = outcome.run();
        assertThat(run.title()).isEqualTo("Weekly backup check — 2026-12-07");
        assertThat(run.channel()).isEqualTo(CHANNEL);
        assertThat(run.startedBy()).isEqualTo(SystemActor.BOT);
        assertThat(store.outbox()).extracting(OutboxMessage::kind)
                .containsExactly(MessageKind.HEADER_POST, MessageKind.STEP_POST);

        clock.advance(Duration.ofMinutes(1));
        assertThat(service.startScheduled(WEEKLY)).as("the same time never starts twice").isNull();
        assertThat(service().startScheduled(WEEKLY)).as("nor from another process").isNull();
        assertThat(runs()).hasSize(1);
    }

    @Test
    void several_times_missed_while_down_start_once() {
        service.startScheduled(WEEKLY);
        clock.advance(Duration.ofDays(22)); // four Mondays pass (7, 14, 21, 28 December) with no process running

        Outcome outcome = service.startScheduled(WEEKLY);
        assertThat(outcome.accepted()).isTrue();
        assertThat(outcome.run().title()).isEqualTo("Weekly backup check — 2026-12-28");
        assertThat(service.startScheduled(WEEKLY)).isNull();
        assertThat(runs()).hasSize(1);
    }

    @Test
    void with_a_run_active_in_the_channel_it_says_so_there_and_starts_nothing() {
        service.startScheduled(WEEKLY);
        service.handle(CommandContext.of(CHANNEL, new Actor("U1", "ann")), new RunCommand.Start("other", null));
        store.clearOutbox();
        clock.advance(Duration.between(SUNDAY, MONDAY_2AM_PARIS));

        Outcome outcome = service.startScheduled(WEEKLY);

        assertThat(outcome.refused()).isTrue();
        assertThat(outcome.reply().plain()).contains("Weekly backup check").contains("Other work");
        assertThat(runs()).extracting(Run::title).containsExactly("Other work");
        assertThat(store.outbox()).singleElement().satisfies(m -> {
            assertThat(m.kind()).isEqualTo(MessageKind.CHANNEL_NOTICE);
            assertThat(m.channel()).isEqualTo(CHANNEL);
            assertThat(m.event().type()).isEqualTo(RunEvent.Type.SCHEDULED_START_SKIPPED);
            assertThat(m.event().text()).isEqualTo("Weekly backup check");
        });
        clock.advance(Duration.ofMinutes(5));
        assertThat(service.startScheduled(WEEKLY)).as("said once for that time").isNull();
    }

    @Test
    void a_long_title_is_cut_to_leave_room_for_the_date() {
        Checklist longTitle = new Checklist("long", "x".repeat(200), null, null, Mode.SEQUENTIAL, null,
                List.of(Step.of("a")), List.of(), Permissions.DEFAULT, WEEKLY.schedule());
        String title = ScheduledStarts.title(longTitle, MONDAY_2AM_PARIS);
        assertThat(title).hasSize(RunLifecycle.MAX_TITLE_CHARS).endsWith("… — 2026-12-07");
    }
}
