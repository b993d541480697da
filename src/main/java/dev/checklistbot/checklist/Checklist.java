package dev.checklistbot.checklist;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A checklist template, as loaded from one file in {@code checklists/}.
 *
 * @param id             [a-z0-9][a-z0-9-]*, unique across files
 * @param title          shown in the run header and the summary
 * @param description    optional, shown when a run starts
 * @param source         optional URL of the document the checklist comes from
 * @param mode           sequential (default) or parallel
 * @param summaryChannel optional channel that receives this checklist's summaries, overriding the global one
 * @param steps          at least one
 * @param questions      asked when a run starts; each step's {@code when} names one of them
 * @param permissions    who may abort, and undo or skip what someone else did (never null)
 * @param schedule       when the bot starts a run by itself, or null
 */
public record Checklist(String id, String title, String description, String source, Mode mode,
                        String summaryChannel, List<Step> steps, List<Question> questions, Permissions permissions,
                        Schedule schedule) {

    public static final Pattern ID_PATTERN = Pattern.compile("[a-z0-9][a-z0-9-]*");

    public Checklist {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        mode = mode == null ? Mode.SEQUENTIAL : mode;
        steps = List.copyOf(steps);
        if (!ID_PATTERN.matcher(id).matches()) {
            throw new IllegalArgumentException("bad checklist id: " + id);
        }
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a checklist needs at least one step");
        }
        questions = questions == null ? List.of() : List.copyOf(questions);
        permissions = permissions == null ? Permissions.DEFAULT : permissions;
        Set<String> ids = new HashSet<>();
        for (Question question : questions) {
            if (!ids.add(question.id())) {
                throw new IllegalArgumentException("duplicate question id: " + question.id());
            }
        }
        for (Step step : steps) {
            if (step.when() != null && !ids.contains(step.when().question())) {
                throw new IllegalArgumentException("a step's 'when' names no question of the checklist: "
                        + step.when().question());
            }
        }
    }

    /** A checklist of the first file format: no questions, permissions or schedule. */
    public Checklist(String id, String title, String description, String source, Mode mode,
                     String summaryChannel, List<Step> steps) {
        this(id, title, description, source, mode, summaryChannel, steps, List.of(), Permissions.DEFAULT, null);
    }

    public Optional<Question> question(String questionId) {
        return questions.stream().filter(q -> q.id().equals(questionId)).findFirst();
    }

    public Step step(int number) {
        return steps.get(number - 1);
    }

    public int size() {
        return steps.size();
    }
}
