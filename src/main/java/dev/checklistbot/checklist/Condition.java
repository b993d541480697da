package dev.checklistbot.checklist;

import java.util.Objects;
import java.util.Optional;

/**
 * A step's {@code when}: the step applies only if question {@code question} was answered {@code answer}
 * ({@code when: bam} is yes, {@code when: "!bam"} is no).
 */
public record Condition(String question, boolean answer) {
    public Condition {
        Objects.requireNonNull(question, "question");
    }

    /** Reads {@code bam} or {@code !bam}; empty when the text is not of that form. */
    public static Optional<Condition> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.strip();
        boolean negated = t.startsWith("!");
        String id = negated ? t.substring(1).strip() : t;
        return Question.ID_PATTERN.matcher(id).matches() ? Optional.of(new Condition(id, !negated)) : Optional.empty();
    }

    /** Whether an answer to the question makes the step apply. */
    public boolean appliesOn(boolean given) {
        return given == answer;
    }

    /** The file form: {@code bam} or {@code !bam}. */
    public String fileForm() {
        return answer ? question : "!" + question;
    }
}
