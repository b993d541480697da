package dev.checklistbot.render;

import dev.checklistbot.run.Actor;
import dev.checklistbot.run.Confirmation;
import dev.checklistbot.run.Note;
import dev.checklistbot.run.ReplyText;
import dev.checklistbot.run.RunEvent;
import dev.checklistbot.run.StepState;
import dev.checklistbot.run.StepStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The sentences every platform shows, written once: a step's thread notice and the state line of a step message.
 * They come as {@link ReplyText} (plain text and people), so that each platform writes people its own way (a
 * Slack or Discord mention, a name in the console) and escapes the text for its own markup.
 */
public final class Wording {
    public static final String ELLIPSIS = "…";
    private Wording() {
    }

    /** What a step's thread is told when someone changes the step ("✅ Step 2 done by @ann: all good"). */
    public static ReplyText notice(RunEvent event) {
        Actor who = event.actor();
        String step = "Step " + event.step();
        String lower = "step " + event.step();
        String text = event.text() == null ? "" : ": " + event.text();
        return switch (event.type()) {
            case STEP_DONE -> ReplyText.of("✅ ", step, " done by ", who, text);
            case STEP_CONFIRMED -> ReplyText.of("☑️ ", step, " confirmed by ", who, text);
            case STEP_UNCONFIRMED -> ReplyText.of("↩️ ", who, " took back their confirmation of ", lower);
            case STEP_SKIPPED -> ReplyText.of("⏭️ ", step, " skipped by ", who, text);
            case STEP_REOPENED -> ReplyText.of("↩️ ", step, " reopened by ", who);
            case STEP_CLAIMED -> event.other() == null ? ReplyText.of("👀 ", who, " is on ", lower)
                    : ReplyText.of("👀 ", who, " is on ", lower, " (taken over from ", event.other(), ")");
            case STEP_ASSIGNED -> ReplyText.of("👉 ", step, " assigned to ", event.other(), " by ", who);
            case NOTE_ADDED -> ReplyText.of("📝 Note on ", lower, " by ", who, text);
            case STEP_NUDGED -> Nudged.notice(event);
            case SCHEDULED_START_SKIPPED -> ReplyText.of("⏰ Scheduled start of ", String.valueOf(event.text()),
                    " skipped: a run is already active here. Finish or abort it, then start it with the command.");
            case EVIDENCE_ADDED -> ReplyText.of("📎 Evidence on ", lower, " by ", who, text);
            case STEP_NOT_APPLICABLE -> ReplyText.of("➖ ", step, " is not applicable", text);
            default -> ReplyText.of(step, ": ", event.type().name().toLowerCase().replace('_', ' '), " by ", who, text);
        };
    }

    /** Who is on the step, who finished it and when, what it still needs: the parts, to be joined with " · ". */
    public static List<ReplyText> stateLine(StepCard card) {
        StepState state = card.step();
        List<ReplyText> parts = new ArrayList<>();
        if (state.status() == StepStatus.DONE) {
            parts.add(ReplyText.of("Done by ", state.finishedBy(), " at " + Formats.clock(state.finishedAt())
                    + state.duration().map(d -> " (took " + Formats.duration(d) + ")").orElse("")));
            List<Actor> confirmers = state.confirmers();
            if (!confirmers.isEmpty()) {
                parts.add(people("confirmed by ", confirmers, ""));
            }
        } else if (state.status() == StepStatus.SKIPPED) {
            parts.add(ReplyText.of("Skipped by ", state.finishedBy(), " at " + Formats.clock(state.finishedAt())
                    + (state.skipReason() == null ? "" : ": " + state.skipReason())));
        } else if (state.status() == StepStatus.NOT_APPLICABLE) {
            parts.add(ReplyText.of("Not applicable (" + Summary.notApplicableReason(state) + ")"));
        } else if (card.awaitedQuestion().isPresent()) {
            var question = card.awaitedQuestion().get();
            parts.add(ReplyText.of("waits for an answer: " + question.text() + " (answer `" + question.id()
                    + " yes` or `" + question.id() + " no`)"));
        } else {
            if (state.claimedBy() != null) {
                parts.add(ReplyText.of(state.claimedBy(), " is on it"));
            }
            if (!card.run().active()) {
                parts.add(ReplyText.of("the run is " + card.run().status().label()));
            } else if (card.waiting()) {
                parts.add(ReplyText.of("waits for the steps before it"));
            } else {
                if (state.requiredConfirmations() > 1) {
                    List<Actor> so = state.confirmations().stream().map(Confirmation::actor).toList();
                    String head = "needs " + state.requiredConfirmations() + " people to mark it done ("
                            + state.confirmations().size() + " so far";
                    parts.add(so.isEmpty() ? ReplyText.of(head + ")") : people(head + ": ", so, ")"));
                }
                if (state.step().evidence() == dev.checklistbot.checklist.EvidenceRule.REQUIRED) {
                    parts.add(ReplyText.of("needs evidence" + (state.step().evidencePrompt() == null ? ""
                            : ": " + state.step().evidencePrompt()) + " (reply `done EVIDENCE`, or share a link or file and say `done`)"));
                }
                parts.add(ReplyText.of("react ✅ done, ⏩ skip, 👀 claim, or reply in the thread"));
            }
        }
        for (dev.checklistbot.run.Evidence evidence : state.evidence()) {
            parts.add(ReplyText.of("📎 ", evidence.actor(), " (" + Formats.clock(evidence.at()) + "): " + evidence.text()));
        }
        return parts;
    }

    /**
     * The lines under a step's heading in a summary: who finished it (and who confirmed it), when, how long it took;
     * why it was skipped; its notes. The heading and the links are each platform's to format.
     */
    public static List<ReplyText> summaryLines(Summary.StepLine line) {
        List<ReplyText> lines = new ArrayList<>();
        if (line.finishedBy() != null) {
            List<Object> who = new ArrayList<>(List.of(line.status() + " by ", line.finishedBy()));
            if (!line.confirmedBy().isEmpty()) {
                who.addAll(people(" (confirmed by ", line.confirmedBy(), ")").parts());
            }
            who.add(" at " + Formats.time(line.finishedAt())
                    + (line.duration() == null ? "" : " · took " + line.took()));
            lines.add(new ReplyText(who));
        } else if (line.notApplicable() != null) {
            lines.add(ReplyText.of("not applicable (" + line.notApplicable() + ")"));
        } else {
            lines.add(ReplyText.of(line.status()));
        }
        for (dev.checklistbot.run.Evidence evidence : line.evidence()) {
            lines.add(ReplyText.of("📎 Evidence by ", evidence.actor(), " (" + Formats.clock(evidence.at()) + "): "
                    + evidence.text()));
        }
        if (line.skipReason() != null) {
            lines.add(ReplyText.of("Skipped because: " + line.skipReason()));
        }
        for (Note note : line.notes()) {
            lines.add(ReplyText.of("📝 ", note.actor(), " (" + Formats.clock(note.at()) + "): " + note.text()));
        }
        return lines;
    }

    /**
     * Joins lines into one text of at most {@code max} characters; lines that do not fit become an ellipsis. A first
     * line too long on its own is cut by {@code trim}, the platform's own (which knows what must not be cut).
     */
    public static String fit(List<String> lines, int max, BiFunction<String, Integer, String> trim) {
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            String next = out.length() == 0 ? line : "\n" + line;
            if (out.length() + next.length() > max) {
                if (out.length() == 0) {
                    return trim.apply(line, max);
                }
                if (out.length() + 2 <= max) {
                    out.append('\n').append(ELLIPSIS);
                }
                break;
            }
            out.append(next);
        }
        return out.toString();
    }

    /** {@code before}, the people separated by commas, {@code after}. */
    public static ReplyText people(String before, List<Actor> actors, String after) {
        List<Object> parts = new ArrayList<>();
        parts.add(before);
        for (int i = 0; i < actors.size(); i++) {
            if (i > 0) {
                parts.add(", ");
            }
            parts.add(actors.get(i));
        }
        parts.add(after);
        return new ReplyText(parts);
    }
}
