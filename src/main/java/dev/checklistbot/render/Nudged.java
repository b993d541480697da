package dev.checklistbot.render;

import dev.checklistbot.checklist.Durations;
import dev.checklistbot.run.ReplyText;
import dev.checklistbot.run.RunEvent;

import java.time.Duration;

/** The words of expected times: a nudge in a step's thread, and expected against actual in a summary. */
final class Nudged {
    private Nudged() {
    }

    /** "⏰ Step 2 is taking longer than expected (15 min). @ann, how is it going?" */
    static ReplyText notice(RunEvent event) {
        String expected = event.text() == null ? "" : Durations.parse(event.text()).map(Formats::duration)
                .map(d -> " (" + d + ")").orElse("");
        String head = "⏰ Step " + event.step() + " is taking longer than expected" + expected;
        if (event.other() == null) {
            return ReplyText.of(head, ". How is it going?");
        }
        return ReplyText.of(head, ". ", event.other(), ", how is it going?");
    }

    /** "took 22 min (expected 15 min, +7 min)"; without an expected time, "took 22 min". */
    static String took(Duration took, Duration expected) {
        if (expected == null) {
            return "took " + Formats.duration(took);
        }
        return "took " + Formats.duration(took) + " (" + against(took, expected) + ")";
    }

    /** "expected 15 min, +7 min" (or "-3 min" when quicker, or "on time"). */
    static String against(Duration took, Duration expected) {
        Duration diff = took.minus(expected);
        String delta = diff.isZero() ? "on time"
                : (diff.isNegative() ? "-" : "+") + Formats.duration(diff.abs());
        return "expected " + Formats.duration(expected) + ", " + delta;
    }
}
