package dev.checklistbot.checklist.markdown;

import dev.checklistbot.checklist.Checklist;
import dev.checklistbot.checklist.Link;
import dev.checklistbot.checklist.Step;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Heading;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "A reader of the checklist must find every reference the page gave for that section" (issue 13, BizTalk pages):
 * for every BizTalk sibling page under {@code import/biztalk/} and the bundled reference pages, each link of a
 * section (as a step's link, or its URL written in the step's details or the description) is in the checklist made
 * from that section; a section with links that is a checklist section never disappears; the links before the first
 * section are in every checklist, and no checklist holds a reference that only another section gave. Only navigation sections ("In This Section", "See also", ...) are left out.
 */
class SiblingPagesKeepEveryReferenceTest {

    private static final Pattern NAVIGATION = Pattern.compile(
            "(?i)^(?:see\\s+also|next(?:\\s+steps?)?|related(?:\\s+\\w+)?|in\\s+this\\s+section|more\\s+information"
                    + "|additional\\s+(?:resources|information)|references?|resources)\\s*:?$");
    private static final Pattern CHECKLIST_PREFIX = Pattern.compile("(?i)^checklist\\s*[:\\-–—]\\s*");

    private final Parser parser = Parser.builder().extensions(List.of(TablesExtension.create())).build();

    @TestFactory
    Stream<DynamicTest> every_link_of_a_section_is_in_that_sections_checklist() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        Path siblings = Path.of(getClass().getResource("/import/README.md").toURI()).getParent().resolve("biztalk");
        for (Path root : List.of(siblings, Pages.bundledDocs())) {
            for (Path page : Pages.pages(root)) {
                tests.add(DynamicTest.dynamicTest(root.getFileName() + "/" + root.relativize(page), () -> keepsEveryReference(page)));
            }
        }
        return tests.stream();
    }

    private void keepsEveryReference(Path page) throws Exception {
        List<Checklist> checklists = new MarkdownChecklistImporter(Pages.BASE_URL).importFile(page).checklists();
        LinkResolver resolver = LinkResolver.forPage(Pages.BASE_URL, page.toAbsolutePath().normalize());
        Map<String, Set<String>> sections = linksBySection(page, resolver);
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Set<String>> section : sections.entrySet()) {
            String heading = section.getKey();
            List<Checklist> own = heading.isEmpty() ? checklists
                    : checklists.stream().filter(c -> c.title().contains(heading)).toList();
            if (own.isEmpty()) {
                if (!NAVIGATION.matcher(heading).matches()) {
                    missing.add("section '" + heading + "' has no checklist (links " + section.getValue() + ")");
                }
                continue;
            }
            for (String url : section.getValue()) {
                for (Checklist checklist : own) {
                    if (!holds(text(checklist), url)) {
                        missing.add("'" + checklist.title() + "' lacks " + url);
                    }
                }
            }
        }
        // and no reference lands in another section's checklist: each checklist holds only its own section's and the intro's
        for (Checklist checklist : checklists) {
            String owner = sections.keySet().stream().filter(h -> !h.isEmpty() && checklist.title().contains(h))
                    .max(java.util.Comparator.comparingInt(String::length)).orElse(null);
            if (owner == null) {
                continue;
            }
            Set<String> allowed = new LinkedHashSet<>(sections.get(owner));
            allowed.addAll(sections.getOrDefault("", Set.of()));
            String text = text(checklist);
            sections.values().stream().flatMap(Set::stream).distinct()
                    .filter(url -> !allowed.contains(url) && holds(text, url))
                    .forEach(url -> missing.add("'" + checklist.title() + "' holds " + url + " of another section"));
        }
        assertThat(missing).as("references of %s", page.getFileName()).isEmpty();
    }

    /** Every resolvable link of the page, by the heading of its section ("" before the first section heading). */
    private Map<String, Set<String>> linksBySection(Path page, LinkResolver resolver) throws Exception {
        String text = FrontMatter.split(Files.readString(page).replace("\r\n", "\n")).body();
        Node document = parser.parse(text);
        Map<String, Set<String>> sections = new LinkedHashMap<>();
        String current = "";
        for (Node block = document.getFirstChild(); block != null; block = block.getNext()) {
            if (block instanceof Heading heading) {
                if (heading.getLevel() > 1) {
                    current = CHECKLIST_PREFIX.matcher(StepReader.plainOf(heading)).replaceFirst("")
                            .replaceAll("(?:…|\\.{3}|:)\\s*$", "").strip();
                }
                continue;
            }
            Set<String> urls = sections.computeIfAbsent(current, k -> new LinkedHashSet<>());
            block.accept(new AbstractVisitor() {
                @Override
                public void visit(org.commonmark.node.Link link) {
                    if (!link.getDestination().contains("includes/")) {
                        resolver.resolve(link.getDestination()).ifPresent(urls::add);
                    }
                    visitChildren(link);
                }
            });
        }
        sections.values().removeIf(Set::isEmpty);
        return sections;
    }

    /**
     * A URL as compared: without its scheme, in lower case. Older pages print a link's URL again after it
     * ("[Title](https://x) (&lt;http://x&gt;)"): the importer keeps one of the two, the same reference.
     */
    private static String sameReference(String url) {
        return url.replaceFirst("^https?://", "").toLowerCase(java.util.Locale.ROOT);
    }

    /** True if the text holds the URL as a whole ("…/x" is not in "…/x-databases"), a sentence's full stop may follow. */
    private static boolean holds(String text, String url) {
        return Pattern.compile(Pattern.quote(sameReference(url)) + "(?=$|[\\s)\\]},;]|[.:](?:\\s|$))").matcher(text).find();
    }

    private static String text(Checklist checklist) {
        StringBuilder all = new StringBuilder(String.valueOf(checklist.description()));
        for (Step step : checklist.steps()) {
            all.append('\n').append(step.text()).append('\n').append(step.details());
            for (Link link : step.links()) {
                all.append('\n').append(link.url());
            }
        }
        return sameReferences(all.toString());
    }

    private static String sameReferences(String text) {
        return text.replaceAll("https?://", "").toLowerCase(java.util.Locale.ROOT);
    }
}
