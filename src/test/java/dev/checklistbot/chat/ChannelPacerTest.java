package dev.checklistbot.chat;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The pace's state is one instant per channel (kept with its lease); these follow it from post to post. */
class ChannelPacerTest {
    static final Instant T0 = Instant.parse("2026-11-26T03:00:00Z");

    @Test
    void aBurstGoesAtOnceThenOnePostPerInterval() {
        ChannelPacer pacer = ChannelPacer.perChannel(Duration.ofSeconds(1), 3);
        Instant next = null;
        for (int i = 0; i < 3; i++) {
            assertThat(pacer.delay("C1", next, T0)).isZero();
            next = pacer.after("C1", next, T0);
        }
        assertThat(pacer.delay("C1", next, T0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(pacer.delay("C1", next, T0.plusMillis(400))).isEqualTo(Duration.ofMillis(600));
        assertThat(pacer.delay("C1", next, T0.plusSeconds(1))).isZero();
        next = pacer.after("C1", next, T0.plusSeconds(1));
        assertThat(pacer.delay("C1", next, T0.plusSeconds(1))).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aQuietChannelHasItsWholeBurstAgain() {
        ChannelPacer pacer = ChannelPacer.perChannel(Duration.ofSeconds(1), 2);
        Instant next = pacer.after("C1", pacer.after("C1", null, T0), T0);
        assertThat(pacer.delay("C1", next, T0)).isEqualTo(Duration.ofSeconds(1));
        Instant later = T0.plusSeconds(5);
        next = pacer.after("C1", next, later);
        assertThat(pacer.delay("C1", next, later)).as("the second of a new burst").isZero();
        next = pacer.after("C1", next, later);
        assertThat(pacer.delay("C1", next, later)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void onlyTheChannelsItAppliesToArePaced() {
        ChannelPacer pacer = ChannelPacer.perChannel(Duration.ofSeconds(1), 1).onlyFor(c -> !c.startsWith("discord:"));
        assertThat(pacer.after("discord:1", null, T0)).isNull();
        assertThat(pacer.delay("discord:1", T0.plusSeconds(9), T0)).isZero();
        assertThat(pacer.after("C1", null, T0)).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void unlimitedNeverWaits() {
        ChannelPacer pacer = ChannelPacer.unlimited();
        Instant next = null;
        for (int i = 0; i < 100; i++) {
            next = pacer.after("C1", next, T0);
        }
        assertThat(next).isNull();
        assertThat(pacer.delay("C1", T0.plusSeconds(60), T0)).isZero();
    }
}
