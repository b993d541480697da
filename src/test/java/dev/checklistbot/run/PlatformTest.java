package dev.checklistbot.run;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlatformTest {
    @Test
    void aBareIdIsSlacksAndAPrefixedOneIsDiscords() {
        assertThat(Platform.of("C0123ABCD")).isEqualTo(Platform.SLACK);
        assertThat(Platform.of("U024BE7LH")).isEqualTo(Platform.SLACK);
        assertThat(Platform.of("discord:41771983423143937")).isEqualTo(Platform.DISCORD);
        assertThat(Platform.of("Discord:41771983423143937")).isEqualTo(Platform.DISCORD);
        assertThat(Platform.of(null)).isEqualTo(Platform.SLACK);
    }

    @Test
    void theSameChannelIdOnTwoPlatformsIsTwoChannels() {
        String onDiscord = Platform.DISCORD.qualify("123456789012345678");
        String onSlack = Platform.SLACK.qualify("123456789012345678");
        assertThat(onDiscord).isNotEqualTo(onSlack);
        assertThat(Platform.DISCORD.platformId(onDiscord)).isEqualTo("123456789012345678");
        assertThat(Platform.SLACK.platformId(onSlack)).isEqualTo("123456789012345678");
        assertThat(Platform.DISCORD.key()).isEqualTo("discord");
    }
}
