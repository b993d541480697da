package dev.checklistbot.discord;

import dev.checklistbot.chat.StepActions;
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
import dev.checklistbot.run.Actor;
import dev.checklistbot.run.Platform;
import dev.checklistbot.run.ReplyText;
import dev.checklistbot.run.Run;
import dev.checklistbot.run.StepState;
import dev.checklistbot.run.StepStatus;
import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.MessageEmbed;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every message the bot sends on Discord: a run header and a step as embeds (a step with its reference links as
 * clickable Markdown links and its Done / Skip / Claim buttons), a notice and a reply as plain content, a summary as
 * embeds split over as many messages as Discord's limits need. Within Discord's limits: content 2,000, embed title
 * 256, description 4,096, field 1,024, 25 fields, 6,000 characters an embed; 5 buttons a row.
 */
final class DiscordMessages {
    static final int MAX_CONTENT = 2_000;
    static final int MAX_TITLE = 256;
    static final int MAX_DESCRIPTION = 4_096;
    static final int MAX_FIELD = 1_024;
    /**
     * A step's text and details: with the title and two full fields this keeps the embed inside the 6,000
     * characters a message allows.
     */
    static final int STEP_DESCRIPTION = 3_500;
    private static final int STEP_TEXT = 1_500;
    /** What one summary message holds: one embed whose description stays well inside the 6,000 a message allows. */
    static final int SUMMARY_CHARS = 3_800;
    static final String BUTTON_PREFIX = "checklist-step:";
    /** A step's user picker: {@code checklist-assign:RUN:STEP}; picking someone assigns the step to them. */
    static final String ASSIGN_PREFIX = "checklist-assign:";
    /** A question's Yes / No button: {@code checklist-answer:RUN:QUESTION:yes}. */
    static final String ANSWER_PREFIX = "checklist-answer:";

    private static final int COLOR_OPEN = 0x5865F2;
    private static final int COLOR_DONE = 0x57F287;
    private static final int COLOR_ENDED = 0x99AAB5;

    /** The message(s) for one outgoing chat message; only a summary can take more than one. */
    List<DiscordMessage> render(ChatMessage message) {
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
            return List.of(text(Wording.notice(notice.event())));
        }
        if (message instanceof Reply reply) {
            return List.of(text(reply.text()));
        }
        throw new IllegalArgumentException("unknown message " + message.getClass());
    }

    DiscordMessage header(RunHeader header) {
        Run run = header.run();
        EmbedBuilder embed = new EmbedBuilder()
                .setTitle(DiscordText.trim("📋 " + DiscordText.defuse(run.title()), MAX_TITLE))
                .setColor(run.active() ? COLOR_OPEN : COLOR_ENDED);
        List<String> lines = new ArrayList<>();
        if (!run.title().equals(run.checklist().title())) {
            lines.add(DiscordText.defuse(run.checklist().title()));
        }
        if (run.checklist().description() != null) {
            lines.add(DiscordText.defuse(run.checklist().description()));
        }
        String progress = "**" + header.progress() + "** · " + DiscordText.defuse(header.statusLabel())
                + (run.endReason() == null ? "" : ": " + DiscordText.defuse(run.endReason()));
        lines.add(progress);
        lines.add("Started by " + DiscordText.person(run.startedBy()) + " at " + Formats.time(run.startedAt()));
        List<ActionRow> rows = new ArrayList<>();
        for (RunHeader.QuestionLine line : header.questions()) {
            lines.add(DiscordText.reply(line.text()));
            if (run.active() && rows.size() < 5) {
                rows.add(answerButtons(run, line.question()));
            }
        }
        embed.setDescription(DiscordText.lines(lines, MAX_DESCRIPTION));
        return new DiscordMessage("", List.of(embed.build()), rows, Set.of());
    }

    DiscordMessage step(StepCard card) {
        StepState state = card.step();
        Step step = state.step();
        EmbedBuilder embed = new EmbedBuilder()
                .setTitle(DiscordText.trim(card.stateIcon() + " " + card.position() + (step.optional() ? " (optional)" : ""),
                        MAX_TITLE))
                .setColor(state.finished() ? COLOR_DONE : card.run().active() ? COLOR_OPEN : COLOR_ENDED);
        String description = "**" + DiscordText.trim(DiscordText.defuse(step.text()), STEP_TEXT) + "**";
        if (step.details() != null && !step.details().isBlank()) {
            description += "\n" + DiscordText.details(step.details(), STEP_DESCRIPTION - description.length() - 1);
        }
        embed.setDescription(description);
        if (!step.links().isEmpty()) {
            List<String> links = step.links().stream().map(l -> "📖 " + DiscordText.link(l.url(), l.title())).toList();
            embed.addField("References", DiscordText.lines(links, MAX_FIELD), false);
        }
        List<ReplyText> stateLine = Wording.stateLine(card);
        embed.addField("State", DiscordText.trim(stateLine.stream().map(DiscordText::reply)
                .collect(Collectors.joining(" · ")), MAX_FIELD), false);
        List<ActionRow> rows = new ArrayList<>();
        if (card.actionable() && card.awaitedQuestion().isPresent()) {
            // The step waits for an answer: the question's buttons, not Done.
            rows.add(answerButtons(card.run(), card.awaitedQuestion().get()));
        } else if (card.actionable()) {
            String value = new StepActions.ButtonValue(card.run().id(), state.number()).text();
            rows.add(ActionRow.of(
                    Button.success(buttonId(StepActions.Button.DONE, value), "✅ Done"),
                    Button.secondary(buttonId(StepActions.Button.SKIP, value), "⏩ Skip"),
                    Button.secondary(buttonId(StepActions.Button.CLAIM, value), "👀 Claim")));
            rows.add(ActionRow.of(net.dv8tion.jda.api.components.selections.EntitySelectMenu.create(ASSIGN_PREFIX + value,
                    net.dv8tion.jda.api.components.selections.EntitySelectMenu.SelectTarget.USER)
                    .setPlaceholder("👤 Assign to…").build()));
        }
        // An embed never pings; the people it names are shown, not notified.
        return new DiscordMessage("", List.of(embed.build()), rows, Set.of());
    }

    /** Yes / No for one question of the run. */
    private static ActionRow answerButtons(Run run, dev.checklistbot.checklist.Question question) {
        var yes = new dev.checklistbot.chat.AnswerActions.AnswerValue(run.id(), question.id(), true);
        var no = new dev.checklistbot.chat.AnswerActions.AnswerValue(run.id(), question.id(), false);
        String label = DiscordText.trim(question.id().toUpperCase(java.util.Locale.ROOT), 30);
        return ActionRow.of(Button.primary(ANSWER_PREFIX + yes.text(), label + ": yes"),
                Button.secondary(ANSWER_PREFIX + no.text(), label + ": no"));
    }

    /** A button's custom id: {@code checklist-step:done:RUN:STEP}. */
    static String buttonId(StepActions.Button button, String value) {
        return BUTTON_PREFIX + button.name().toLowerCase() + ":" + value;
    }

    /** Plain content: the people it names may be pinged (a notice tells whoever it concerns), nobody else. */
    DiscordMessage text(ReplyText text) {
        return new DiscordMessage(DiscordText.trim(DiscordText.reply(text), MAX_CONTENT), List.of(), List.of(),
                mentioned(text));
    }

    private static Set<String> mentioned(ReplyText text) {
        Set<String> ids = new LinkedHashSet<>();
        for (Object part : text.parts()) {
            if (part instanceof Actor actor && Platform.of(actor.id()) == Platform.DISCORD) {
                ids.add(Platform.DISCORD.platformId(actor.id()));
            }
        }
        return ids;
    }

    /** The summary, as one embed a message, split where Discord's limits need it. */
    List<DiscordMessage> summary(Summary summary) {
        List<String> facts = new ArrayList<>();
        facts.add("**Outcome:** " + summary.outcome()
                + (summary.endReason() == null ? "" : ": " + DiscordText.defuse(summary.endReason())));
        facts.add("**Checklist:** " + DiscordText.defuse(summary.checklistTitle()) + " (`"
                + DiscordText.defuse(summary.checklistId()) + "`)");
        facts.add("**Started by:** " + DiscordText.person(summary.startedBy()));
        facts.add("**Started:** " + Formats.time(summary.startedAt()));
        facts.add("**Ended:** " + (summary.endedAt() == null ? "not yet" : Formats.time(summary.endedAt())));
        facts.add("**Duration:** " + Formats.duration(summary.duration()));
        facts.add("**Steps:** " + summary.done() + " done, " + summary.skipped() + " skipped, "
                + (summary.total() - summary.done() - summary.skipped() - summary.notApplicable()) + " open, of "
                + summary.total() + (summary.notApplicable() > 0 ? ", " + summary.notApplicable() + " not applicable" : ""));
        for (Summary.AnswerLine answer : summary.answers()) {
            facts.add("**❓ Question:** " + DiscordText.defuse(answer.text()) + " " + (answer.answer() == null ? "not answered"
                    : answer.answer() + " (" + DiscordText.person(answer.by()) + ")"));
        }
        if (summary.source() != null) {
            facts.add("**Source:** " + DiscordText.link(summary.source(), summary.checklistTitle()));
        }
        if (summary.reportUrl() != null) {
            facts.add("**Report:** " + DiscordText.link(summary.reportUrl(), "timeline, audit trail and downloads"));
        }
        List<String> blocks = new ArrayList<>();
        blocks.add(String.join("\n", facts));
        for (Summary.StepLine line : summary.steps()) {
            blocks.add(stepLine(line));
        }
        String title = DiscordText.trim("🧾 Summary: " + DiscordText.defuse(summary.title()), MAX_TITLE - 20);
        List<DiscordMessage> messages = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String block : blocks) {
            String piece = DiscordText.trim(block, SUMMARY_CHARS);
            if (current.length() > 0 && current.length() + 2 + piece.length() > SUMMARY_CHARS) {
                messages.add(summaryPart(title, messages.size(), current.toString()));
                current.setLength(0);
            }
            current.append(current.length() == 0 ? "" : "\n\n").append(piece);
        }
        messages.add(summaryPart(title, messages.size(), current.toString()));
        return messages;
    }

    private static DiscordMessage summaryPart(String title, int index, String description) {
        MessageEmbed embed = new EmbedBuilder().setTitle(index == 0 ? title : title + " (continued)")
                .setDescription(description).setColor(COLOR_ENDED).build();
        return new DiscordMessage("", List.of(embed), List.of(), Set.of());
    }

    private static String stepLine(Summary.StepLine line) {
        List<String> lines = new ArrayList<>();
        lines.add(StepCard.icon(StepStatus.valueOf(line.status().toUpperCase())) + " **" + line.number() + ". "
                + DiscordText.defuse(line.text()) + "**" + (line.optional() ? " *(optional)*" : ""));
        Wording.summaryLines(line).forEach(text -> lines.add(DiscordText.reply(text)));
        if (!line.links().isEmpty()) {
            lines.add("📖 " + line.links().stream().map((Link l) -> DiscordText.link(l.url(), l.title()))
                    .collect(Collectors.joining(" · ")));
        }
        return String.join("\n", lines);
    }
}
