package dev.checklistbot.checklist.markdown;

import dev.checklistbot.checklist.Link;
import dev.checklistbot.checklist.markdown.StepReader.Draft;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.LinkReferenceDefinition;
import org.commonmark.node.ListBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.ThematicBreak;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Steps of a runbook procedure, read in page order: each prose paragraph starts a step and the code blocks after
 * it are that step's commands (kept as code in its details); a heading that is a step ("### Step 2: Drain the
 * node") is a step whose whole body is its details; a list is steps of its own, one per item, unless the step
 * before it introduces it ("... as follows:"), then it is that step's details; notes, tables and HTML are details
 * of the step they follow. Another sub-heading names the steps under it ("General etcd health: ...").
 */
final class ProcedureSteps {

    static final Pattern STEP_HEADING = Pattern.compile("(?i)^(?:step\\s*\\d+[a-z]?\\b|\\d+[.)])\\s*[:.\\-–—)]?\\s*");

    private static final Pattern TODO = Pattern.compile("(?i)^(?:todo|tbd|tba|wip|\\.\\.\\.)\\W*$");

    private final StepReader reader;
    private final List<Draft> drafts = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private Builder current;
    private String label;

    ProcedureSteps(StepReader reader) {
        this.reader = reader;
    }

    /** Notes and other blocks that came before the first step: the caller adds them to the description. */
    List<String> notes() {
        return notes;
    }

    List<Draft> read(List<Node> blocks) {
        // with step headings, what comes before the first heading is the section's introduction, not a step
        boolean lead = blocks.stream().anyMatch(b -> b instanceof Heading h && STEP_HEADING.matcher(StepReader.plainOf(h)).find());
        for (Node block : blocks) {
            if (lead && !(block instanceof Heading)) {
                continue; // the caller puts the introduction in the description
            }
            lead = false;
            if (block instanceof Heading heading) {
                flush();
                String text = StepReader.plainOf(heading);
                if (STEP_HEADING.matcher(text).find()) {
                    String rest = STEP_HEADING.matcher(text).replaceFirst("").strip();
                    current = new Builder(rest.isEmpty() ? text : rest, true);
                } else {
                    label = text;
                }
            } else if (block instanceof Paragraph paragraph) {
                Map<String, Link> links = new LinkedHashMap<>();
                String text = reader.paragraph(paragraph, links);
                if (text.isEmpty() && links.isEmpty()) {
                    continue;
                }
                if (TODO.matcher(text).matches()) {
                    continue; // a placeholder of the page's authors, not work to do
                }
                if (current != null && !links.isEmpty() && Prose.onlyLinks(placeholderFree(text, links))) {
                    current.links.putAll(links); // "See [X]": the step's references
                } else if (current != null && current.fromHeading) {
                    current.details.add(text);
                    current.links.putAll(links);
                } else {
                    flush();
                    current = new Builder(text, false);
                    current.links.putAll(links);
                }
            } else if (block instanceof FencedCodeBlock || block instanceof IndentedCodeBlock) {
                if (current == null) {
                    current = new Builder("Run:", false);
                }
                current.details.add(reader.block(block, null));
                current.code = true;
            } else if (block instanceof ListBlock list) {
                if (current != null && (current.fromHeading || (current.text.endsWith(":") && !current.code && !hasCode(list)))) {
                    current.details.add(reader.block(list, current.links));
                } else if (reader.isNavigation(list)) {
                    Map<String, Link> links = new LinkedHashMap<>();
                    reader.block(list, links);
                    if (current != null) {
                        current.links.putAll(links);
                    }
                } else {
                    flush();
                    for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
                        if (item instanceof ListItem listItem) {
                            Draft draft = reader.item(listItem);
                            if (draft != null) {
                                drafts.add(labelled(draft));
                            }
                        }
                    }
                }
            } else if (block instanceof ThematicBreak || block instanceof LinkReferenceDefinition) {
                continue;
            } else {
                // notes (block quotes, admonitions), tables, HTML: detail of the step they follow
                Map<String, Link> links = new LinkedHashMap<>();
                String text = block instanceof HtmlBlock html && html.getLiteral().strip().startsWith("<!--") ? "" : reader.block(block, links);
                if (text.isBlank()) {
                    continue;
                }
                if (current != null) {
                    current.details.add(text);
                    current.links.putAll(links);
                } else if (block instanceof BlockQuote) {
                    notes.add(reader.described(block)); // the description has no links: written out with their URLs
                } else if (block instanceof HtmlBlock) {
                    notes.add(text);
                } else {
                    current = new Builder(text.lines().findFirst().orElse(text), false);
                    current.details.add(text);
                }
            }
        }
        flush();
        return drafts;
    }

    private static boolean hasCode(ListBlock list) {
        for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
            for (Node child = item.getFirstChild(); child != null; child = child.getNext()) {
                if (child instanceof FencedCodeBlock || child instanceof IndentedCodeBlock) {
                    return true;
                }
            }
        }
        return list instanceof OrderedList;
    }

    /** The text with the links' titles taken out, to tell a line of references from a sentence. */
    private static String placeholderFree(String text, Map<String, Link> links) {
        String rest = text;
        for (Link link : links.values()) {
            rest = rest.replace(link.title(), " ");
        }
        return rest;
    }

    private Draft labelled(Draft draft) {
        if (label == null) {
            return draft;
        }
        Draft named = new Draft(label + ": " + draft.text(), draft.details(), draft.links(), draft.optional());
        label = null;
        return named;
    }

    private void flush() {
        if (current == null) {
            return;
        }
        String details = StepReader.joinDetails(current.details);
        String text = Prose.splitNote(current.text)[0];
        if (!text.equals(current.text)) {
            details = current.text.substring(text.length()).strip() + (details == null ? "" : "\n\n" + details);
        }
        drafts.add(labelled(new Draft(text, details, List.copyOf(current.links.values()), Prose.conditional(text, details == null ? "" : details))));
        current = null;
    }

    private static final class Builder {
        final String text;
        final boolean fromHeading;
        final List<String> details = new ArrayList<>();
        final Map<String, Link> links = new LinkedHashMap<>();
        boolean code;

        Builder(String text, boolean fromHeading) {
            this.text = text;
            this.fromHeading = fromHeading;
        }
    }
}
