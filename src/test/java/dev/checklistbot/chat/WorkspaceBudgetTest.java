package dev.checklistbot.chat;

import dev.checklistbot.run.Platform;
import dev.checklistbot.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static dev.checklistbot.chat.WorkspaceBudget.Kind.POST;
import static dev.checklistbot.chat.WorkspaceBudget.Kind.UPDATE;
import static dev.checklistbot.run.Platform.DISCORD;
import static dev.checklistbot.run.Platform.SLACK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The budget on a clock moved by hand: what it lets go, holds and learns. */
class WorkspaceBudgetTest {
    static final Instant T0 = Instant.parse("2026-11-26T03:00:00Z");
    final MutableClock clock = new MutableClock(T0);
    final WorkspaceBudget budget = new WorkspaceBudget(clock);

    /** Takes as many calls as the budget allows at this instant (at most {@code max}). */
    int takeAll(Platform platform, WorkspaceBudget.Kind kind, int max) {
        int taken = 0;
        while (taken < max && budget.take(platform, kind).isEmpty()) {
            taken++;
        }
        return taken;
    }

    /** {@code n} calls accepted, spread over the current second. */
    void accept(Platform platform, WorkspaceBudget.Kind kind, int n) {
        for (int i = 0; i < n; i++) {
            budget.accepted(platform, kind);
        }
    }

    @Test
    void beforeAnyRefusalNothingIsPaced() {
        assertThat(takeAll(SLACK, POST, 10_000)).isEqualTo(10_000);
        accept(SLACK, POST, 5_000);
        assertThat(takeAll(SLACK, POST, 10_000)).isEqualTo(10_000);
        assertThat(budget.ratePerSecond(SLACK, POST)).isEmpty();
    }

    @Test
    void aRefusalHoldsEveryPostUntilRetryAfter() {
        accept(SLACK, POST, 600);
        budget.refused(SLACK, POST, Duration.ofSeconds(3));

        assertThat(budget.take(SLACK, POST)).contains(T0.plusSeconds(3));
        clock.advance(Duration.ofMillis(2_999));
        assertThat(budget.take(SLACK, POST)).contains(T0.plusSeconds(3));
        clock.advance(Duration.ofMillis(1));
        assertThat(budget.take(SLACK, POST)).as("one post at the end of the hold").isEmpty();
        assertThat(budget.take(SLACK, POST)).as("then the learned rate").isPresent();
    }

    @Test
    void aMissingOrAbsurdRetryAfterIsBounded() {
        budget.refused(SLACK, POST, null);
        assertThat(budget.take(SLACK, POST)).contains(T0.plus(WorkspaceBudget.MIN_HOLD));
        budget.refused(SLACK, UPDATE, Duration.ofDays(365));
        assertThat(budget.take(SLACK, UPDATE)).contains(T0.plus(WorkspaceBudget.MAX_HOLD));
    }

    @Test
    void theRateLearnedIsWhatWasAcceptedInTheLastMinute() {
        // 600 posts accepted over the last 30 s, 300 more before the window: 600 in the minute, 10 a second.
        clock.advance(Duration.ofSeconds(-90));
        accept(SLACK, POST, 300);
        clock.advance(Duration.ofSeconds(60));
        for (int second = 0; second < 30; second++) {
            accept(SLACK, POST, 20);
            clock.advance(Duration.ofSeconds(1));
        }
        budget.refused(SLACK, POST, Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));

        assertThat(budget.ratePerSecond(SLACK, POST)).hasValueCloseTo(10.0, within(0.01));
        assertThat(takeAll(SLACK, POST, 100)).as("a gentle start: one post").isEqualTo(1);
        clock.advance(Duration.ofSeconds(10));
        assertThat(takeAll(SLACK, POST, 100)).as("a small burst: a second's worth, not ten").isEqualTo(10);
        int taken = 0;
        for (int tick = 0; tick < 100; tick++) {
            clock.advance(Duration.ofMillis(100));
            taken += takeAll(SLACK, POST, 100);
        }
        // from 11 s to 21 s after it was learned the rate grows from 10.9 to 11.75 a second: about 113 in all
        assertThat(taken).as("10 s at 10 a second and its growth").isBetween(110, 115);
    }

    @Test
    void aQuietWorkspaceIsPacedAtTheFloor() {
        accept(SLACK, POST, 5);
        budget.refused(SLACK, POST, Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(budget.ratePerSecond(SLACK, POST)).hasValue(WorkspaceBudget.FLOOR_PER_SECOND);
        assertThat(takeAll(SLACK, POST, 100)).isEqualTo(1);
        Optional<Instant> next = budget.take(SLACK, POST);
        assertThat(next).contains(clock.instant().plusSeconds(1));
    }

    @Test
    void theRateGrowsWhileNoRefusalComesThenTheLimitIsLifted() {
        clock.advance(Duration.ofSeconds(-30));
        for (int second = 0; second < 30; second++) {
            accept(SLACK, POST, 20); // 600 in the minute: 10 a second
            clock.advance(Duration.ofSeconds(1));
        }
        budget.refused(SLACK, POST, Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(budget.ratePerSecond(SLACK, POST)).hasValueCloseTo(10.0, within(0.01));

        clock.advance(Duration.ofMinutes(1));
        assertThat(budget.ratePerSecond(SLACK, POST)).as("+50% of the learned rate a minute")
                .hasValueCloseTo(15.0, within(0.01));
        clock.advance(Duration.ofMinutes(3));
        assertThat(budget.ratePerSecond(SLACK, POST)).hasValueCloseTo(30.0, within(0.01));
        clock.advance(WorkspaceBudget.QUIET.minusMinutes(4));
        assertThat(budget.ratePerSecond(SLACK, POST)).as("lifted after a quiet while").isEmpty();
        assertThat(takeAll(SLACK, POST, 10_000)).isEqualTo(10_000);
    }

    @Test
    void aRefusalAfterALearnedRateLowersIt() {
        clock.advance(Duration.ofSeconds(-60));
        for (int second = 0; second < 60; second++) {
            accept(SLACK, POST, 10);
            clock.advance(Duration.ofSeconds(1));
        }
        budget.refused(SLACK, POST, Duration.ofSeconds(1)); // learned: 10 a second
        clock.advance(Duration.ofSeconds(24)); // grown to 12 a second, nothing sent meanwhile
        for (int second = 0; second < 60; second++) {
            accept(SLACK, POST, 20); // as much accepted as the rate allowed by the end of the minute (17 a second)
            clock.advance(Duration.ofSeconds(1));
        }
        double refusedAt = budget.ratePerSecond(SLACK, POST).orElseThrow();

        budget.refused(SLACK, POST, Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));

        assertThat(budget.ratePerSecond(SLACK, POST).orElseThrow())
                .as("below the rate that was refused, though as much was accepted")
                .isCloseTo(refusedAt * WorkspaceBudget.DECREASE, within(0.05));
    }

    @Test
    void theRefusalsOfCallsInFlightDuringTheHoldLearnNothingMore() {
        clock.advance(Duration.ofSeconds(-30));
        for (int second = 0; second < 30; second++) {
            accept(SLACK, POST, 20);
            clock.advance(Duration.ofSeconds(1));
        }
        budget.refused(SLACK, POST, Duration.ofSeconds(1));
        budget.refused(SLACK, POST, Duration.ofSeconds(1));
        budget.refused(SLACK, POST, Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));

        assertThat(budget.ratePerSecond(SLACK, POST)).hasValueCloseTo(10.0, within(0.01));
        assertThat(takeAll(SLACK, POST, 100)).isEqualTo(1);
    }

    @Test
    void updatesAreNotChargedToPostsAndARefusedUpdateHoldsUpdatesOnly() {
        accept(SLACK, POST, 100);
        budget.refused(SLACK, POST, Duration.ofSeconds(5));
        assertThat(budget.take(SLACK, POST)).isPresent();
        assertThat(takeAll(SLACK, UPDATE, 1_000)).as("updates have their own limit, not refused yet").isEqualTo(1_000);

        budget.refused(SLACK, UPDATE, Duration.ofSeconds(2));
        assertThat(budget.take(SLACK, UPDATE)).contains(T0.plusSeconds(2));
        assertThat(budget.take(SLACK, POST)).as("still the posts' own hold").contains(T0.plusSeconds(5));
    }

    @Test
    void eachPlatformHasItsOwnBudget() {
        budget.refused(SLACK, POST, Duration.ofSeconds(5));
        assertThat(budget.take(SLACK, POST)).isPresent();
        assertThat(takeAll(DISCORD, POST, 1_000)).isEqualTo(1_000);
    }

    @Test
    void oneLogLineWhenPostsAreHeldAndOneWhenThePacingIsLifted() {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                OutboxDispatcher.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
                new ch.qos.logback.core.read.ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try {
            clock.advance(Duration.ofSeconds(-30));
            for (int second = 0; second < 30; second++) {
                accept(SLACK, POST, 20);
                clock.advance(Duration.ofSeconds(1));
            }
            for (int inFlight = 0; inFlight < 4; inFlight++) {
                budget.refused(SLACK, POST, Duration.ofSeconds(1));
            }
            for (int i = 0; i < 1_000; i++) {
                budget.take(SLACK, POST);
            }
            clock.advance(WorkspaceBudget.QUIET.plusSeconds(1));
            takeAll(SLACK, POST, 1_000);

            assertThat(lines.list).extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                    .containsExactly("Slack refused posts (429): holding posts for 1 s, pacing at 600/min",
                            "Slack posts: no refusal for 5 min, no longer paced");
        } finally {
            logger.detachAppender(lines);
        }
    }
}
