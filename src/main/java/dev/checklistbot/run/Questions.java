package dev.checklistbot.run;

import dev.checklistbot.checklist.Checklist;
import dev.checklistbot.checklist.Condition;
import dev.checklistbot.checklist.Mode;
import dev.checklistbot.checklist.Question;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The rules of a run's questions and of the steps whose {@code when} they decide.
 *
 * <p>A step is <em>reached</em> when the run gets to it: in a sequential run when every step before it is finished,
 * in a parallel run at once. A reached step whose question has the other answer is finished as
 * {@link StepStatus#NOT_APPLICABLE} by no one; one whose question is still unanswered stays open but cannot be done
 * until it is answered. An answer can be changed until a step it decides has been reached (opened or finished).
 */
final class Questions {
    private final RunSettings settings;

    Questions(RunSettings settings) {
        this.settings = settings;
    }

    /** Whether the step applies on the run's answers: empty while its question is unanswered. */
    static Optional<Boolean> applies(Run run, StepState step) {
        Condition when = step.step().when();
        if (when == null) {
            return Optional.of(true);
        }
        return run.answer(when.question()).map(a -> when.appliesOn(a.yes()));
    }

    /** The question a reached step waits for, if it cannot be done before it is answered. */
    static Optional<Question> awaited(Run run, StepState step) {
        if (step.finished() || applies(run, step).isPresent()) {
            return Optional.empty();
        }
        return run.checklist().question(step.step().when().question());
    }

    /** The answers typed with {@code start ID bam=no}, checked against the checklist's questions. */
    List<Answer> startAnswers(Checklist checklist, Map<String, String> typed, Actor actor, java.time.Instant now) {
        List<Answer> answers = new ArrayList<>();
        for (Map.Entry<String, String> entry : typed.entrySet()) {
            Question question = question(checklist, entry.getKey());
            boolean yes = yesNo(question, entry.getValue());
            answers.add(new Answer(question.id(), yes, actor, now));
        }
        return answers;
    }

    /** Records the answers a run started with (one audit event each). */
    static void startAnswered(Change change) {
        for (Answer answer : change.run().answers()) {
            change.record(RunEvent.Type.QUESTION_ANSWERED, 0, answer.question() + ": " + answer.word(), null);
        }
    }

    /**
     * {@code answer QUESTION yes|no}. A first answer settles the steps that waited for it; a change is refused once a
     * step it decides has been reached. {@code afterFinish} moves the run on when a step was ruled out.
     */
    void answer(Change change, RunCommand.AnswerQuestion command, Function<Change, String> afterFinish) {
        Run run = change.run();
        Question question = question(run.checklist(), command.question());
        boolean yes = yesNo(question, command.answer());
        Optional<Answer> previous = run.answer(question.id());
        if (previous.isPresent() && previous.get().yes() == yes) {
            throw new Refusal(Answer.label(question.id(), yes), " is already the answer (given by ", previous.get().by(),
                    "): nothing was changed.");
        }
        if (previous.isPresent()) {
            Optional<StepState> reached = decided(run, question.id()).stream()
                    .filter(s -> s.finished() || s.openedAt() != null).findFirst();
            if (reached.isPresent()) {
                StepState step = reached.get();
                throw new Refusal("Too late to change ", question.id(), ": step ", step.number(), ", which it decides, ",
                        step.status() == StepStatus.NOT_APPLICABLE ? "was already found not applicable"
                                : step.finished() ? "is already " + step.status().label() : "is already open",
                        ". The answer stays ", previous.get().word(), ".");
            }
        }
        change.update(run.withAnswer(new Answer(question.id(), yes, change.actor(), change.now())));
        change.record(RunEvent.Type.QUESTION_ANSWERED, 0, question.id() + ": " + Answer.word(yes), null);
        change.send(MessageKind.HEADER_UPDATE, 0);
        List<String> effects = new ArrayList<>();
        boolean ruledOut = false;
        for (StepState step : decided(change.run(), question.id())) {
            if (step.finished() || step.openedAt() == null) {
                continue;
            }
            // The step was reached while its question was unanswered: it waited, and the answer settles it.
            if (applies(change.run(), step).orElse(true)) {
                change.send(MessageKind.STEP_UPDATE, step.number());
                effects.add("step " + step.number() + " can be done now");
            } else {
                notApplicable(change, step);
                effects.add("step " + step.number() + " is not applicable");
                ruledOut = true;
            }
        }
        String after = ruledOut ? afterFinish.apply(change) : "";
        change.reply(Answer.label(question.id(), yes), effects.isEmpty() ? "." : " (" + String.join(", ", effects) + ").",
                after);
    }

    /**
     * Finishes as not applicable every step the run has reached that its answers rule out: in a sequential run the
     * current step, again and again; in a parallel run every open step. Call before opening the next step.
     */
    static void settle(Change change) {
        if (change.run().mode() == Mode.SEQUENTIAL) {
            while (true) {
                Optional<StepState> current = change.run().currentStep();
                if (current.isEmpty() || applies(change.run(), current.get()).orElse(true)) {
                    return;
                }
                notApplicable(change, current.get());
            }
        }
        for (StepState step : change.run().steps()) {
            if (!step.finished() && !applies(change.run(), step).orElse(true)) {
                notApplicable(change, step);
            }
        }
    }

    /** Refuses {@code done} on a step whose question is still unanswered, saying how to answer it. */
    void requireAnswered(Run run, StepState step) {
        Optional<Question> question = awaited(run, step);
        if (question.isPresent()) {
            throw new Refusal("Step ", step.number(), " applies only on an answer to \"", question.get().text(),
                    "\": answer first with `", settings.commandName(), " answer ", question.get().id(), " yes` (or `no`).");
        }
    }

    private static void notApplicable(Change change, StepState step) {
        Condition when = step.step().when();
        change.update(step.notApplicable(change.now()));
        change.record(RunEvent.Type.STEP_NOT_APPLICABLE, step.number(), Answer.label(when.question(), !when.answer()),
                null);
        change.send(step.announced() ? MessageKind.STEP_UPDATE : MessageKind.STEP_POST, step.number());
    }

    private static List<StepState> decided(Run run, String questionId) {
        return run.steps().stream().filter(s -> s.step().when() != null
                && s.step().when().question().equals(questionId)).toList();
    }

    private Question question(Checklist checklist, String id) {
        if (checklist.questions().isEmpty()) {
            throw new Refusal("This run's checklist asks no questions.");
        }
        String wanted = id == null ? "" : id.strip().toLowerCase(java.util.Locale.ROOT);
        return checklist.question(wanted).orElseThrow(() -> new Refusal("There is no question '",
                wanted.length() > 32 ? wanted.substring(0, 32) + "…" : wanted, "'. This run asks: ",
                checklist.questions().stream().map(Question::id).collect(Collectors.joining(", ")), "."));
    }

    private boolean yesNo(Question question, String typed) {
        return Answer.parse(typed).orElseThrow(() -> new Refusal("Answer ", question.id(), " with yes or no, for example `",
                settings.commandName(), " answer ", question.id(), " no`."));
    }
}
