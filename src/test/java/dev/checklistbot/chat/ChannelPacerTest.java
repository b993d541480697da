package dev.checklistbot.chat;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ChannelPacerTest {
    static final Instant T0 = Instant.parse("2026-11-26T03:00:00Z");

    @Test
    void aBurstGoesAtOnceThenOnePostPerInterval() {
        ChannelPacer pacer = ChannelPacer.perChannel(Duration.ofSeconds(1), 3);
        for (int i = 0; i < 3; i++) {
            assertThat(pacer.delay("C1", T0)).isZero();
            pacer.posted("C1", T0);
        }
        assertThat(pacer.delay("C1", T0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(pacer.delay("C1", T0.plusMillis(400))).isEqualTo(Duration.ofMillis(600));
        assertThat(pacer.delay("C1", T0.plusSeconds(1))).isZero();
        pacer.posted("C1", T0.plusSeconds(1));
        assertThat(pacer.delay("C1", T0.plusSeconds(1))).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void channelsArePacedApart() {
        ChannelPacer pacer = ChannelPacer.perChannel(Duration.ofSeconds(1), 1);
        pacer.posted("C1", T0);
        assertThat(pacer.delay("C1", T0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(pacer.delay("C2", T0)).isZero();
    }

    @Test
    void aQuietChannelRefillsItsBurstAndIsForgotten() {
        ChannelPacer pacer = ChannelPacer.perChannel(Duration.ofSeconds(1), 2);
        pacer.posted("C1", T0);
        pacer.posted("C1", T0);
        assertThat(pacer.delay("C1", T0.plusSeconds(5))).isZero();
        pacer.forgetIdle(T0.plusSeconds(5));
        pacer.posted("C1", T0.plusSeconds(5));
        assertThat(pacer.delay("C1", T0.plusSeconds(5))).isZero();
    }

    @Test
    void unlimitedNeverWaits() {
        ChannelPacer pacer = ChannelPacer.unlimited();
        for (int i = 0; i < 100; i++) {
            pacer.posted("C1", T0);
        }
        assertThat(pacer.delay("C1", T0)).isZero();
    }
}
