package dev.checklistbot.checklist;

import java.util.List;
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
 */
public record Checklist(String id, String title, String description, String source, Mode mode,
                        String summaryChannel, List<Step> steps) {

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
    }

    public Step step(int number) {
        return steps.get(number - 1);
    }

    public int size() {
        return steps.size();
    }
}
