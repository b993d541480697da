package dev.checklistbot.render;

import dev.checklistbot.run.Run;
import dev.checklistbot.run.RunStatus;

/** The run's header message: title, who started it, progress; kept up to date as the run moves. */
public record RunHeader(Run run) implements ChatMessage {

    /** "3/6 done", counting skipped steps apart: "3/6 done, 1 skipped". */
    public String progress() {
        long done = run.doneCount();
        long notApplicable = run.steps().stream().filter(s -> s.status() == dev.checklistbot.run.StepStatus.NOT_APPLICABLE).count();
        long skipped = run.finishedCount() - done - notApplicable;
        return done + "/" + run.size() + " done" + (skipped > 0 ? ", " + skipped + " skipped" : "")
                + (notApplicable > 0 ? ", " + notApplicable + " not applicable" : "");
    }

    /** The checklist's questions with their answers so far (empty for a checklist without questions). */
    public java.util.List<QuestionLine> questions() {
        return run.checklist().questions().stream().map(q -> new QuestionLine(q,
                run.answer(q.id()).orElse(null))).toList();
    }

    /** A question on the header; {@code answer} is null while unanswered. */
    public record QuestionLine(dev.checklistbot.checklist.Question question, dev.checklistbot.run.Answer answer) {
        /** "Are you using BAM? no (ann)" or "... not answered yet" as text with the person. */
        public dev.checklistbot.run.ReplyText text() {
            return answer == null ? dev.checklistbot.run.ReplyText.of("❓ ", question.text(), " (`", question.id(),
                    "`): not answered yet")
                    : dev.checklistbot.run.ReplyText.of("❓ ", question.text(), " (`", question.id(), "`): ",
                    answer.word(), " (", answer.by(), ")");
        }
    }

    public String statusLabel() {
        if (run.status() == RunStatus.ACTIVE) {
            return run.currentStep().map(s -> "in progress, step " + s.number() + " open").orElse("in progress");
        }
        return run.status().label() + run.duration().map(d -> " after " + Formats.duration(d)).orElse("");
    }
}
