package dev.checklistbot.checklist.markdown;

import dev.checklistbot.checklist.Link;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.BulletList;
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
 * Reads steps out of the two shapes checklist pages use: a step/reference table (one row per step) and a
 * bullet or numbered list (one item per step). A step's text is the step cell or the item's first paragraph
 * as plain text; its links are every link in the row or item, made absolute; the rest of its prose
 * (the reference cell's sentences, the item's further paragraphs and nested bullets) becomes its details.
 */
final class StepReader {

    /** One step as read, before the loader's limits are applied. */
    record Draft(String text, String details, List<Link> links, boolean optional, boolean groupHeading) {
        Draft(String text, String details, List<Link> links, boolean optional) {
            this(text, details, links, optional, false);
        }

        /** A table row that is only a bold label ("**Start using X**") and heads the rows below it. */
        static Draft heading(String label) {
            return new Draft(label, null, List.of(), false, true);
        }

        /** This step with the details and links of a continuation row added. */
        Draft merge(Draft more) {
            Map<String, Link> all = new LinkedHashMap<>();
            links.forEach(l -> all.putIfAbsent(l.url(), l));
            more.links.forEach(l -> all.putIfAbsent(l.url(), l));
            String joined = details == null ? more.details : more.details == null ? details : details + "\n" + more.details;
            return new Draft(text, joined, List.copyOf(all.values()), optional);
        }
    }

    static final Pattern TASK_BOX = Pattern.compile("^\\[[ xX]\\]\\s+");
    private static final Pattern HTML_TAG = Pattern.compile("(?s)<!--.*?-->|</?[a-zA-Z][a-zA-Z0-9-]*(?:\\s[^>]*)?/?>");

    private final LinkResolver resolver;
    private final List<String> unresolved = new ArrayList<>();
    /** While true, paragraphs are read for a description: every sentence kept, links written out with their URLs. */
    private boolean urlsInline;

    StepReader(LinkResolver resolver) {
        this.resolver = resolver;
    }

    /** Link destinations that could not be made absolute http(s) URLs, in page order. */
    List<String> unresolvedLinks() {
        return unresolved;
    }

    // ---------------------------------------------------------------- tables

    List<Draft> table(TableBlock table) {
        return new TableSteps(this).read(table);
    }

    // ---------------------------------------------------------------- lists

    /** True if every item of the list is nothing but links: a "read next" list, not steps. */
    boolean isNavigation(ListBlock list) {
        boolean sawLink = false;
        for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
            for (Node block = item.getFirstChild(); block != null; block = block.getNext()) {
                if (block instanceof Paragraph p) {
                    String text = new InlineText().render(p);
                    if (!Prose.onlyLinks(text)) {
                        return false;
                    }
                    sawLink |= Prose.hasLinks(text);
                } else if (block instanceof ListBlock nested) {
                    if (!isNavigation(nested)) {
                        return false;
                    }
                    sawLink = true;
                } else {
                    return false;
                }
            }
        }
        return sawLink;
    }

    List<Draft> list(ListBlock list) {
        List<Draft> drafts = new ArrayList<>();
        for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
            if (item instanceof ListItem listItem) {
                Draft draft = item(listItem);
                if (draft != null) {
                    drafts.add(draft);
                }
            }
        }
        return drafts;
    }

    Draft item(ListItem item) {
        Map<String, Link> links = new LinkedHashMap<>();
        Node first = item.getFirstChild();
        if (first == null) {
            return null;
        }
        String text;
        List<String> details = new ArrayList<>();
        Node rest = first;
        if (first instanceof Paragraph paragraph) {
            InlineText inline = new InlineText();
            String rendered = inline.render(paragraph);
            List<String> paragraphs = Prose.paragraphs(rendered);
            String head = paragraphs.isEmpty() ? "" : Prose.dropTrailingPointers(paragraphs.get(0));
            String[] note = Prose.splitNote(oneLine(inline.plain(head.isEmpty() ? rendered : head)));
            text = note[0];
            if (note.length > 1) {
                details.add(note[1]);
            }
            for (int i = 1; i < paragraphs.size(); i++) {
                String kept = prose(paragraphs.get(i));
                if (!kept.isEmpty()) {
                    details.add(inline.plain(kept));
                }
            }
            addLinks(inline, links);
            rest = first.getNext();
        } else {
            text = "";
        }
        for (Node block = rest; block != null; block = block.getNext()) {
            String rendered = block(block, links);
            if (!rendered.isEmpty()) {
                details.add(rendered);
            }
        }
        text = TASK_BOX.matcher(text).replaceFirst("");
        if (text.isEmpty()) {
            if (details.isEmpty()) {
                return null;
            }
            text = details.remove(0);
        }
        String ownDetails = joinDetails(details);
        return new Draft(text, ownDetails, List.copyOf(links.values()), Prose.conditional(text, ownDetails));
    }

    /** A paragraph as one line of text (code spans kept, pointer sentences kept); its links go to {@code links}. */
    String paragraph(Paragraph paragraph, Map<String, Link> links) {
        InlineText inline = new InlineText();
        String rendered = inline.render(paragraph);
        addLinks(inline, links);
        return oneLine(inline.plain(rendered));
    }

    // ---------------------------------------------------------------- blocks as detail text

    /**
     * A block (paragraph, note, list) as text for a checklist's description, which has no links of its own: every
     * sentence is kept, "For more information, see [X]" too, and each link is written out as its title and URL, so
     * a reader of the checklist finds every reference the page gave there.
     */
    String described(Node block) {
        boolean was = urlsInline;
        urlsInline = true;
        try {
            return block(block, null);
        } finally {
            urlsInline = was;
        }
    }

    /** A block as plain text for details or a description; its links go to {@code links} (may be null: dropped). */
    String block(Node block, Map<String, Link> links) {
        if (block instanceof Paragraph paragraph) {
            InlineText inline = new InlineText();
            String rendered = inline.render(paragraph);
            if (urlsInline) {
                List<String> kept = new ArrayList<>();
                for (String p : Prose.paragraphs(rendered)) {
                    kept.add(inline.withUrls(p, this::resolveForText));
                }
                return String.join("\n\n", kept).strip();
            }
            List<String> kept = new ArrayList<>();
            for (String p : Prose.paragraphs(rendered)) {
                String k = prose(p);
                if (!k.isEmpty()) {
                    kept.add(inline.plain(k));
                }
            }
            addLinks(inline, links);
            return String.join("\n\n", kept);
        }
        if (block instanceof ListBlock list) {
            List<String> items = new ArrayList<>();
            int number = list instanceof OrderedList ordered && ordered.getMarkerStartNumber() != null
                    ? ordered.getMarkerStartNumber() : 1;
            for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
                String content = children(item, links);
                if (content.isEmpty()) {
                    continue;
                }
                String marker = list instanceof BulletList ? "- " : (number++) + ". ";
                items.add(marker + content.replace("\n", "\n" + " ".repeat(marker.length())).replaceAll("(?m)[ ]+$", ""));
            }
            return String.join("\n", items);
        }
        if (block instanceof BlockQuote || block instanceof ListItem) {
            return children(block, links);
        }
        if (block instanceof FencedCodeBlock code) {
            return CodeFence.block(code.getInfo(), code.getLiteral());
        }
        if (block instanceof IndentedCodeBlock code) {
            return CodeFence.block(null, code.getLiteral());
        }
        if (block instanceof HtmlBlock html) {
            return InlineText.strip(HTML_TAG.matcher(html.getLiteral().replaceAll("(?i)<br\\s*/?>", "\n")).replaceAll(""));
        }
        if (block instanceof TableBlock table) {
            List<String> rows = new ArrayList<>();
            for (Draft row : table(table)) {
                if (links != null) {
                    row.links().forEach(l -> links.putIfAbsent(l.url(), l));
                }
                rows.add("- " + row.text() + (row.details() == null ? "" : ": " + row.details().replace("\n", " ")));
            }
            return String.join("\n", rows);
        }
        if (block instanceof Heading heading) {
            return plainOf(heading);
        }
        if (block instanceof ThematicBreak || block instanceof LinkReferenceDefinition) {
            return "";
        }
        return children(block, links);
    }

    /** The child blocks of a container: paragraphs apart by a blank line, a nested list right under its lead-in. */
    private String children(Node parent, Map<String, Link> links) {
        StringBuilder out = new StringBuilder();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNext()) {
            String text = block(child, links);
            if (text.isEmpty()) {
                continue;
            }
            if (out.length() > 0) {
                out.append(child instanceof ListBlock ? "\n" : "\n\n");
            }
            out.append(text);
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- helpers

    /** Line breaks of a step's first paragraph become spaces: a step text is one line. */
    static String oneLine(String text) {
        return text.replaceAll("\\s*\\n\\s*", " ").strip();
    }


    void addLinks(InlineText inline, Map<String, Link> links) {
        if (links == null) {
            return;
        }
        for (InlineText.RawLink raw : inline.links()) {
            if (raw.echo()) {
                continue;
            }
            var url = resolver.resolve(raw.destination());
            if (url.isEmpty()) {
                unresolved.add(raw.destination());
                continue;
            }
            String title = raw.title().isBlank() ? url.get() : raw.title().replaceAll("\\s+", " ").strip();
            links.putIfAbsent(url.get(), new Link(title, url.get()));
        }
    }

    private java.util.Optional<String> resolveForText(String destination) {
        var url = resolver.resolve(destination);
        if (url.isEmpty()) {
            unresolved.add(destination);
        }
        return url;
    }

    /**
     * The prose of a paragraph with link placeholders, without its trailing pointer sentence; in a run of
     * bullets, each bullet that is nothing but links is left out. Empty if nothing but references remain.
     */
    static String prose(String paragraph) {
        if (!paragraph.startsWith("- ")) {
            String kept = Prose.dropTrailingPointers(paragraph);
            return Prose.onlyLinks(kept) || Prose.bareLabel(kept) ? "" : kept;
        }
        List<String> lines = new ArrayList<>();
        for (String line : paragraph.split("\n")) {
            String kept = Prose.dropTrailingPointers(line.substring(2));
            if (!Prose.onlyLinks(kept)) {
                lines.add("- " + kept);
            }
        }
        return String.join("\n", lines);
    }

    static String joinDetails(List<String> details) {
        String joined = String.join("\n\n", details).strip();
        return joined.isEmpty() ? null : joined;
    }

    /** A node's inline content as plain text (headings, header cells). */
    static String plainOf(Node node) {
        InlineText inline = new InlineText(false);
        return inline.plain(inline.render(node)).replaceAll("\\s+", " ").strip();
    }
}
