package dev.checklistbot.chat;

import dev.checklistbot.run.RunCommand;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReactionsTest {
    @Test
    void slackNamesAndDiscordEmojiMeanTheSame() {
        for (String done : new String[] {"white_check_mark", "heavy_check_mark::skin-tone-2", "ballot_box_with_check",
                "✅", "✔️", "✔", "☑️"}) {
            assertThat(Reactions.added(done, 2)).as(done).contains(new RunCommand.Done(2, null));
            assertThat(Reactions.removed(done, 2)).as(done).contains(new RunCommand.Undo(2));
        }
        assertThat(Reactions.added("fast_forward", 3)).contains(new RunCommand.Skip(3, null));
        assertThat(Reactions.added("⏩", 3)).contains(new RunCommand.Skip(3, null));
        assertThat(Reactions.added("eyes", 4)).contains(new RunCommand.Claim(4));
        assertThat(Reactions.added("👀", 4)).contains(new RunCommand.Claim(4));
    }

    @Test
    void otherReactionsMeanNothing() {
        assertThat(Reactions.added("tada", 1)).isEmpty();
        assertThat(Reactions.added("🎉", 1)).isEmpty();
        assertThat(Reactions.added(null, 1)).isEmpty();
        assertThat(Reactions.removed("eyes", 1)).isEmpty();
        assertThat(Reactions.meaningful("👀", true)).isTrue();
        assertThat(Reactions.meaningful("👀", false)).isFalse();
    }
}
