package dev.checklistbot.slack;

import dev.checklistbot.run.Actor;
import dev.checklistbot.run.ReplyText;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SlackTextTest {

    @Test
    void escapesWhatWouldBecomeAMentionOrALink() {
        assertThat(SlackText.escape("<!channel> <!here> <@U123> <https://x|y> a & b"))
                .isEqualTo("&lt;!channel&gt; &lt;!here&gt; &lt;@U123&gt; &lt;https://x|y&gt; a &amp; b");
    }

    @Test
    void unescapesWhatSlackSends() {
        assertThat(SlackText.unescape("a &amp; b &lt;x&gt; &amp;lt;")).isEqualTo("a & b <x> &lt;");
    }

    @Test
    void writesSlackUsersAsMentionsAndOtherNamesAsText() {
        ReplyText reply = ReplyText.of("Step 2 is now ", new Actor("U0ALICE001", "alice"), "'s, not ",
                Actor.of("<!channel>"), "'s & done.");
        assertThat(SlackText.reply(reply)).isEqualTo("Step 2 is now <@U0ALICE001>'s, not &lt;!channel&gt;'s &amp; done.");
    }

    @Test
    void linksCannotBeClosedEarlyByTheirUrlOrTitle() {
        assertThat(SlackText.link("https://x.test/a?b=1&c=<d>|e", "A <b> & c"))
                .isEqualTo("<https://x.test/a?b=1&amp;c=%3Cd%3E%7Ce|A &lt;b&gt; &amp; c>");
    }

    @Test
    void trimsNeverInsideALinkOrAnEntity() {
        String text = "abc " + SlackText.link("https://example.com/long", "title") + " tail";
        String trimmed = SlackText.trim(text, 15);
        assertThat(trimmed).isEqualTo("abc…");
        assertThat(SlackText.trim("abcdef &amp; more", 11)).isEqualTo("abcdef…");
        assertThat(SlackText.trim("short", 10)).isEqualTo("short");
        assertThat(SlackText.trim("ab😀cd", 4)).isEqualTo("ab…");
    }

    @Test
    void keepsWholeLinesThatFit() {
        assertThat(SlackText.lines(List.of("one", "two", "three"), 9)).isEqualTo("one\ntwo\n…");
        assertThat(SlackText.lines(List.of("one", "two"), 100)).isEqualTo("one\ntwo");
    }
}
