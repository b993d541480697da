package dev.checklistbot.slack;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.element.BlockElement;
import dev.checklistbot.checklist.Link;
import dev.checklistbot.checklist.Step;
import dev.checklistbot.render.ChatMessage;
import dev.checklistbot.render.Formats;
import dev.checklistbot.render.Reply;
import dev.checklistbot.render.RunHeader;
import dev.checklistbot.render.StepCard;
import dev.checklistbot.render.StepNotice;
import dev.checklistbot.render.Summary;
import dev.checklistbot.render.Wording;
import dev.checklistbot.run.Run;
import dev.checklistbot.run.StepState;
import dev.checklistbot.run.StepStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.divider;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;

/**
 * Block Kit for every message the bot sends. Every text a person typed or a checklist file supplied is
 * escaped ({@link SlackText#escape}); people appear as {@code <@U..>} mentions; long texts are trimmed with an
 * ellipsis at Slack's limits, and a summary too big for one message is split into several.
 */
public final class SlackBlocks {
    public static final String ACTION_DONE = "checklist_step_done";
    public static final String ACTION_SKIP = "checklist_step_skip";
    public static final String ACTION_CLAIM = "checklist_step_claim";
    /** Opens a modal with a user picker ({@link StepModals}). */
    public static final String ACTION_ASSIGN = "checklist_step_assign";
    public static final String ACTION_ANSWER_YES = "checklist_answer_yes";
    public static final String ACTION_ANSWER_NO = "checklist_answer_no";

    static final int MAX_SECTION_CHARS = 3_000;
    static final int MAX_BLOCKS = 50;
    static final int MAX_MESSAGE_CHARS = 12_000;
    static final int MAX_FALLBACK_CHARS = 3_000;
    static final int MAX_BUTTON_CHARS = 75;
    /** A step's details take at most this many sections (3,000 characters each), so the message stays within its 50 blocks. */
    static final int MAX_DETAIL_SECTIONS = 4;

    /** The message(s) for one outgoing chat message; only a summary can take more than one. */
    public List<SlackMessage> render(ChatMessage message) {
        if (message instanceof Summary summary) {
            return summary(summary);
        }
        if (message instanceof RunHeader header) {
            return List.of(header(header));
        }
        if (message instanceof StepCard card) {
            return List.of(step(card));
        }
        if (message instanceof StepNotice notice) {
            return List.of(notice(notice));
        }
        if (message instanceof Reply reply) {
            return List.of(reply(reply));
        }
        throw new IllegalArgumentException("unknown message " + message.getClass());
    }

    public SlackMessage header(RunHeader header) {
        Run run = header.run();
        List<LayoutBlock> blocks = new ArrayList<>();
        String title = "📋 *" + SlackText.escape(run.title()) + "*";
        if (!run.title().equals(run.checklist().title())) {
            title += "\n" + SlackText.escape(run.checklist().title());
        }
        blocks.add(mrkdwnSection(title));
        if (run.checklist().description() != null) {
            blocks.add(mrkdwnSection(SlackText.escape(run.checklist().description())));
        }
        String progress = "*" + header.progress() + "* · " + SlackText.escape(header.statusLabel());
        if (run.endReason() != null) {
            progress += ": " + SlackText.escape(run.endReason());
        }
        blocks.add(mrkdwnContext(List.of(progress,
                "Started by " + SlackText.person(run.startedBy()) + " at " + Formats.time(run.startedAt()))));
        for (RunHeader.QuestionLine line : header.questions()) {
            blocks.add(mrkdwnSection(SlackText.reply(line.text())));
            if (run.active()) {
                blocks.add(answerButtons(run, line.question()));
            }
        }
        String text = SlackText.escape(run.title()) + ": " + header.progress() + " (" + SlackText.escape(header.statusLabel()) + ")";
        return new SlackMessage(fallback(text), blocks);
    }

    public SlackMessage step(StepCard card) {
        StepState state = card.step();
        Step step = state.step();
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(mrkdwnSection(card.stateIcon() + " *" + card.position() + "*"
                + (step.optional() ? " _(optional)_" : "") + "\n" + SlackText.escape(step.text())));
        if (step.details() != null && !step.details().isBlank()) {
            SlackText.details(step.details(), MAX_SECTION_CHARS, MAX_DETAIL_SECTIONS).forEach(part -> blocks.add(mrkdwnSection(part)));
        }
        if (!step.links().isEmpty()) {
            List<String> lines = new ArrayList<>();
            for (Link link : step.links()) {
                lines.add("📖 " + SlackText.link(link.url(), link.title()));
            }
            blocks.add(mrkdwnSection(SlackText.lines(lines, MAX_SECTION_CHARS)));
        }
        blocks.add(mrkdwnContext(List.of(stateLine(card))));
        if (card.actionable() && card.awaitedQuestion().isPresent()) {
            // The step waits for an answer: the question's buttons, not Done.
            blocks.add(answerButtons(card.run(), card.awaitedQuestion().get()));
        } else if (card.actionable()) {
            String value = card.run().id() + ":" + state.number();
            List<BlockElement> buttons = List.of(
                    button(b -> b.actionId(ACTION_DONE).text(plainText("✅ Done")).style("primary").value(value)),
                    button(b -> b.actionId(ACTION_SKIP).text(plainText("⏩ Skip")).value(value)),
                    button(b -> b.actionId(ACTION_CLAIM).text(plainText("👀 Claim")).value(value)),
                    button(b -> b.actionId(ACTION_ASSIGN).text(plainText("👤 Assign")).value(value)));
            blocks.add(actions(a -> a.blockId("step_actions_" + state.number()).elements(buttons)));
        }
        String text = card.position() + ": " + SlackText.escape(step.text()) + " (" + state.status().label() + ")";
        return new SlackMessage(fallback(text), blocks);
    }

    /** Yes / No for one question of the run (the value names the run and the question). */
    private static LayoutBlock answerButtons(Run run, dev.checklistbot.checklist.Question question) {
        String yes = new dev.checklistbot.chat.AnswerActions.AnswerValue(run.id(), question.id(), true).text();
        String no = new dev.checklistbot.chat.AnswerActions.AnswerValue(run.id(), question.id(), false).text();
        List<BlockElement> buttons = List.of(
                button(b -> b.actionId(ACTION_ANSWER_YES).text(plainText("Yes")).value(yes)),
                button(b -> b.actionId(ACTION_ANSWER_NO).text(plainText("No")).value(no)));
        return actions(a -> a.blockId("answer_" + question.id()).elements(buttons));
    }

    /** Who is on the step, who finished it and when, what it still needs (the words are {@link Wording}'s). */
    String stateLine(StepCard card) {
        return Wording.stateLine(card).stream().map(SlackText::reply).collect(Collectors.joining(" · "));
    }

    public SlackMessage notice(StepNotice notice) {
        String line = SlackText.reply(Wording.notice(notice.event()));
        return new SlackMessage(fallback(line), List.of(mrkdwnSection(SlackText.trim(line, MAX_SECTION_CHARS))));
    }

    public SlackMessage reply(Reply reply) {
        String text = SlackText.reply(reply.text());
        return new SlackMessage(fallback(text), List.of(mrkdwnSection(text)));
    }

    /** The summary, split into as many messages as Block Kit's limits need. */
    public List<SlackMessage> summary(Summary summary) {
        List<LayoutBlock> head = new ArrayList<>();
        String title = SlackText.escape(summary.title());
        head.add(mrkdwnSection("🧾 *Summary: " + title + "*"));
        List<String> facts = new ArrayList<>();
        facts.add("*Outcome:* " + summary.outcome() + (summary.endReason() == null ? "" : ": " + SlackText.escape(summary.endReason())));
        facts.add("*Checklist:* " + SlackText.escape(summary.checklistTitle()) + " (`" + SlackText.escape(summary.checklistId()) + "`)");
        facts.add("*Started by:* " + SlackText.person(summary.startedBy()));
        facts.add("*Started:* " + Formats.time(summary.startedAt()));
        facts.add("*Ended:* " + (summary.endedAt() == null ? "not yet" : Formats.time(summary.endedAt())));
        facts.add("*Duration:* " + Formats.duration(summary.duration()));
        facts.add("*Steps:* " + summary.done() + " done, " + summary.skipped() + " skipped, "
                + (summary.total() - summary.done() - summary.skipped() - summary.notApplicable()) + " open, of "
                + summary.total() + (summary.notApplicable() > 0 ? ", " + summary.notApplicable() + " not applicable" : ""));
        for (Summary.AnswerLine answer : summary.answers()) {
            facts.add("*❓ Question:* " + SlackText.escape(answer.text()) + " " + (answer.answer() == null ? "not answered"
                    : answer.answer() + " (" + SlackText.person(answer.by()) + ")"));
        }
        if (summary.source() != null) {
            facts.add("*Source:* " + SlackText.link(summary.source(), summary.checklistTitle()));
        }
        if (summary.reportUrl() != null) {
            facts.add("*Report:* " + SlackText.link(summary.reportUrl(), "timeline, audit trail and downloads"));
        }
        head.add(mrkdwnSection(SlackText.lines(facts, MAX_SECTION_CHARS)));
        head.add(divider());
        List<LayoutBlock> steps = new ArrayList<>();
        for (Summary.StepLine line : summary.steps()) {
            steps.add(mrkdwnSection(stepLine(line)));
        }
        String text = "Summary: " + title + ": " + summary.outcome() + ", " + summary.done() + "/" + summary.total()
                + " done, " + summary.skipped() + " skipped, took " + Formats.duration(summary.duration());
        return split(head, steps, title, fallback(text));
    }

    private String stepLine(Summary.StepLine line) {
        List<String> lines = new ArrayList<>();
        lines.add(StepCard.icon(StepStatus.valueOf(line.status().toUpperCase())) + " *" + line.number() + ". "
                + SlackText.escape(line.text()) + "*" + (line.optional() ? " _(optional)_" : ""));
        Wording.summaryLines(line).forEach(text -> lines.add(SlackText.reply(text)));
        if (!line.links().isEmpty()) {
            lines.add("📖 " + line.links().stream().map(l -> SlackText.link(l.url(), l.title()))
                    .collect(Collectors.joining(" · ")));
        }
        return SlackText.lines(lines, MAX_SECTION_CHARS);
    }

    /** Packs the head and then the step blocks into messages of at most 50 blocks and about 12k characters. */
    private List<SlackMessage> split(List<LayoutBlock> head, List<LayoutBlock> rest, String title, String text) {
        List<SlackMessage> messages = new ArrayList<>();
        List<LayoutBlock> current = new ArrayList<>(head);
        int chars = head.stream().mapToInt(SlackBlocks::size).sum();
        for (LayoutBlock block : rest) {
            int size = size(block);
            if (current.size() + 1 > MAX_BLOCKS || chars + size > MAX_MESSAGE_CHARS) {
                messages.add(new SlackMessage(messages.isEmpty() ? text : continued(title, messages.size() + 1), current));
                current = new ArrayList<>();
                current.add(mrkdwnSection("🧾 *Summary: " + title + "* (continued)"));
                chars = size(current.get(0));
            }
            current.add(block);
            chars += size;
        }
        messages.add(new SlackMessage(messages.isEmpty() ? text : continued(title, messages.size() + 1), current));
        return messages;
    }

    private static String continued(String title, int part) {
        return fallback("Summary: " + title + " (part " + part + ")");
    }

    private static int size(LayoutBlock block) {
        if (block instanceof com.slack.api.model.block.SectionBlock section && section.getText() != null) {
            return section.getText().getText().length() + 40;
        }
        return 40;
    }

    private static String fallback(String text) {
        return SlackText.trim(text, MAX_FALLBACK_CHARS);
    }

    private static LayoutBlock mrkdwnSection(String mrkdwn) {
        return section(s -> s.text(markdownText(SlackText.trim(mrkdwn, MAX_SECTION_CHARS))));
    }

    private static LayoutBlock mrkdwnContext(List<String> texts) {
        return context(c -> c.elements(texts.stream()
                .map(t -> (com.slack.api.model.block.ContextBlockElement) markdownText(SlackText.trim(t, MAX_SECTION_CHARS)))
                .toList()));
    }
}
