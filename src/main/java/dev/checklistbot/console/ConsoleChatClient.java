package dev.checklistbot.console;

import dev.checklistbot.chat.ChatClient;
import dev.checklistbot.checklist.Link;
import dev.checklistbot.render.ChatMessage;
import dev.checklistbot.render.Formats;
import dev.checklistbot.render.Reply;
import dev.checklistbot.render.RunHeader;
import dev.checklistbot.render.StepCard;
import dev.checklistbot.render.StepNotice;
import dev.checklistbot.render.Summary;
import dev.checklistbot.render.SummaryRenderer;
import dev.checklistbot.render.Wording;
import dev.checklistbot.run.StepState;
import dev.checklistbot.run.StepStatus;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The terminal as a chat channel: posts print as text, a step's thread notices print indented under it.
 * Updates print only what a person at a terminal needs (progress, a step waiting again); the notices
 * already say who did what.
 */
public final class ConsoleChatClient implements ChatClient {
    private final PrintStream out;
    private final SummaryRenderer summaries = new SummaryRenderer();
    private final AtomicLong ids = new AtomicLong();

    public ConsoleChatClient(PrintStream out) {
        this.out = out;
    }

    @Override
    public synchronized String post(String channel, String threadId, ChatMessage message) {
        if (message instanceof RunHeader header) {
            out.println();
            out.println("=== " + header.run().title() + " (run " + header.run().id() + ", " + header.run().size()
                    + " steps, started by " + header.run().startedBy().name() + " at "
                    + Formats.time(header.run().startedAt()) + ") ===");
            if (header.run().checklist().description() != null) {
                out.println(header.run().checklist().description());
            }
            printQuestions(header);
        } else if (message instanceof StepCard card) {
            printStep(card);
        } else if (message instanceof StepNotice notice) {
            out.println("    " + Wording.notice(notice.event()).plain());
        } else if (message instanceof Summary summary) {
            out.println();
            out.println("--- summary for " + channel + " ---");
            out.print(summaries.markdown(summary));
            out.println("---");
        } else if (message instanceof Reply reply) {
            out.println(reply.text().plain());
        }
        out.flush();
        return Long.toString(ids.incrementAndGet());
    }

    @Override
    public synchronized void update(String channel, String messageId, ChatMessage message) {
        if (message instanceof RunHeader header) {
            out.println("  Progress: " + header.progress() + " (" + header.statusLabel() + ")");
        } else if (message instanceof StepCard card && card.waiting()) {
            out.println("  Step " + card.step().number() + " waits for the step before it again.");
        } else if (message instanceof StepCard card && card.step().status() == StepStatus.NOT_APPLICABLE) {
            out.println("  Step " + card.step().number() + " is not applicable ("
                    + Summary.notApplicableReason(card.step()) + ").");
        }
        out.flush();
    }

    @Override
    public synchronized void ephemeral(String channel, String userId, ChatMessage message) {
        out.println("(to " + userId + ") " + (message instanceof Reply reply ? reply.text().plain() : message));
        out.flush();
    }

    /** The console's prompt for the run's questions: each one, and how to answer it. */
    private void printQuestions(RunHeader header) {
        for (RunHeader.QuestionLine line : header.questions()) {
            if (line.answer() == null) {
                out.println("? " + line.question().text() + " Type `answer " + line.question().id() + " yes` or `answer "
                        + line.question().id() + " no`.");
            } else {
                out.println("? " + line.question().text() + " " + line.answer().word() + " (" + line.answer().by().name()
                        + ")");
            }
        }
    }

    private void printStep(StepCard card) {
        StepState step = card.step();
        out.println();
        out.println(card.position() + (step.step().optional() ? " (optional)" : "") + ": " + step.step().text());
        if (step.step().details() != null) {
            // the lines of a code block as they are (no indent), so a command copies exactly as written
            for (String line : dev.checklistbot.render.CodeBlocks.terminalLines(step.step().details(), "    ")) {
                out.println(line);
            }
        }
        for (Link link : step.step().links()) {
            out.println("    - " + link.title() + ": " + link.url());
        }
        if (step.requiredConfirmations() > 1) {
            out.println("    (needs " + step.requiredConfirmations() + " people to confirm)");
        }
        if (step.status() == StepStatus.NOT_APPLICABLE) {
            out.println("    Not applicable (" + Summary.notApplicableReason(step) + ").");
        }
        card.awaitedQuestion().ifPresent(q -> out.println("    ? " + q.text() + " Type `answer " + q.id()
                + " yes` or `answer " + q.id() + " no` first."));
        if (card.asksEvidence()) {
            out.println("    (needs evidence" + (step.step().evidencePrompt() == null ? "" : ": "
                    + step.step().evidencePrompt()) + "; type `done " + step.number() + " EVIDENCE`)");
        }
    }
}
