package dev.checklistbot.checklist.markdown;

import dev.checklistbot.checklist.Checklist;
import dev.checklistbot.checklist.ChecklistLoader;
import dev.checklistbot.checklist.Link;
import dev.checklistbot.checklist.Mode;
import dev.checklistbot.checklist.Step;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.ListBlock;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.parser.Parser;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Imports the checklists of a Markdown documentation page (DocFX / Microsoft Learn style: YAML front matter,
 * {@code [!INCLUDE]} tokens, step/reference tables or step lists). Each section (heading) that holds a step
 * table or a step list gives one checklist, titled by its heading; the text before the first section gives
 * one titled by the page. "See also", "Next steps" and similar sections, and lists that are nothing but
 * links, are not checklists. A page with no checklist is refused with a {@link ChecklistImportException}.
 * The output always fits {@link ChecklistLoader}'s limits: long text is cut cleanly and the excess moved to
 * the details, surplus links are listed in the details, a section of more than
 * {@link ChecklistLoader#MAX_STEPS} steps is split into parts.
 */
public final class MarkdownChecklistImporter {

    /** Larger pages are not documentation pages. */
    public static final long MAX_PAGE_BYTES = 2_000_000;

    private static final Pattern NOT_A_CHECKLIST = Pattern.compile(
            "(?i)^(?:see\\s+also|next(?:\\s+steps?)?|what'?s\\s+next|related(?:\\s+(?:topics?|content|articles?|links|information|resources))?"
                    + "|in\\s+this\\s+section|more\\s+information|additional\\s+(?:resources|information|reading)|further\\s+reading"
                    + "|references?|resources|feedback|summary|overview)\\s*:?$");
    /** Sections whose steps are a procedure: prose, commands and sub-headings in page order. */
    private static final Pattern PROCEDURE = Pattern.compile(
            "(?i)^(?:(?:\\w+\\s+)?(?:diagnos[ie]s|diagnosing|mitigations?|mitigating|resolutions?|resolving|resolve|remediations?|fix(?:es|ing)?"
                    + "|steps?|procedures?|troubleshooting|investigations?|investigating|recovery|recovering|workarounds?"
                    + "|runbook|playbook|instructions|verification|verify(?:ing)?|rollback|roll\\s+back|triage|response|solutions?"
                    + "|how\\s+to\\s+(?:fix|resolve|mitigate|recover))\\b)");
    /** Generic procedure headings, the same on every page of a runbook folder: the page title goes before them in ids and titles. */
    private static final Pattern GENERIC = Pattern.compile(
            "(?i)^(?:diagnos[ie]s|mitigations?|resolutions?|remediations?|fix(?:es)?|steps|procedures?|troubleshooting|investigation"
                    + "|recovery|workarounds?|runbook|playbook|instructions|verification|rollback|triage|response|solutions?"
                    + "|steps\\s+for\\s+.+|diagnosis\\s+and\\s+mitigation)$");
    /** Sections that say what the page is about: their prose goes, shortened, into every checklist's description. */
    private static final Pattern CONTEXT = Pattern.compile(
            "(?i)^(?:meaning|impact|overview|background|summary|description|context|about|purpose|symptoms?|introduction"
                    + "|what\\s+(?:is|does)\\b.*|why\\b.*|alert\\s+(?:description|details)|possible\\s+causes?|causes?)$");
    private static final int CONTEXT_CHARS = 400;
    private static final int INTRO_CHARS = 800;
    private static final Pattern WRITTEN_URL = Pattern.compile(" \\(https?://[^\\s()]*(?:\\([^\\s()]*\\)[^\\s()]*)*\\)");
    private static final Pattern CHECKLIST_PREFIX = Pattern.compile("(?i)^checklist\\s*[:\\-–—]\\s*");
    private static final Pattern DOCFX_LINE = Pattern.compile("(?m)^[ \\t]*(?:>[ \\t]*)?(?::::.*|\\[!div[^\\]]*\\])[ \\t]*$");

    private final Parser parser = Parser.builder().extensions(List.of(TablesExtension.create())).build();
    private final String baseUrl;
    private final String idPrefix;
    private MdLinks mdLinks = MdLinks.AUTO;

    /** Without a base URL: only absolute links are kept, and checklists get no {@code source}. */
    public MarkdownChecklistImporter() {
        this(null, null);
    }

    public MarkdownChecklistImporter(String baseUrl) {
        this(baseUrl, null);
    }

    /**
     * @param baseUrl  the documentation site's base, such as {@code https://learn.microsoft.com/en-us/}, or null
     * @param idPrefix a word put before every id (to keep ids of several pages apart), or null
     * @throws IllegalArgumentException if the base URL is not an absolute http(s) URL
     */
    public MarkdownChecklistImporter(String baseUrl, String idPrefix) {
        if (baseUrl != null && !baseUrl.isBlank()) {
            try {
                URI uri = new URI(baseUrl.strip());
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                        || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                    throw new IllegalArgumentException("the base URL must be an absolute http(s) URL without ? or #: " + baseUrl);
                }
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("the base URL is not a valid URL: " + baseUrl);
            }
        }
        this.baseUrl = baseUrl == null || baseUrl.isBlank() ? null : baseUrl.strip();
        if (idPrefix != null && !idPrefix.isBlank() && ChecklistNames.words(idPrefix).isEmpty()) {
            throw new IllegalArgumentException("the id prefix needs letters or digits: " + idPrefix);
        }
        this.idPrefix = idPrefix;
    }

    /** Whether links to other pages keep their {@code .md}; by default the base URL's host decides. */
    public MarkdownChecklistImporter mdLinks(MdLinks choice) {
        this.mdLinks = choice == null ? MdLinks.AUTO : choice;
        return this;
    }

    /** The checklists of a page file (includes are read relative to it). */
    public List<Checklist> checklists(Path page) throws IOException, ChecklistImportException {
        return importFile(page).checklists();
    }

    /** Imports a page file: includes and relative links are resolved against the file's location. */
    public ImportedPage importFile(Path page) throws IOException, ChecklistImportException {
        String name = String.valueOf(page.getFileName());
        if (!Files.isRegularFile(page)) {
            throw new ChecklistImportException(page + ": no such file");
        }
        if (Files.size(page) > MAX_PAGE_BYTES) {
            throw new ChecklistImportException(name + ": larger than " + MAX_PAGE_BYTES + " bytes, not a documentation page");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(page))).toString();
        } catch (CharacterCodingException e) {
            throw new ChecklistImportException(name + ": not UTF-8 text");
        }
        return importText(text, page, name);
    }

    /**
     * Imports Markdown text.
     *
     * @param markdown    the page
     * @param location    the page's file, for includes and relative links; null if it has none
     * @param displayName how to name the page in messages
     */
    public ImportedPage importText(String markdown, Path location, String displayName) throws ChecklistImportException {
        String text = markdown.startsWith("\uFEFF") ? markdown.substring(1) : markdown;
        text = text.replace("\r\n", "\n").replace('\r', '\n');
        FrontMatter front = FrontMatter.split(text);
        String body = DOCFX_LINE.matcher(Residue.clean(front.body())).replaceAll("");
        Path pageDir = location == null ? null : location.toAbsolutePath().normalize().getParent();
        body = Includes.expand(body, pageDir, pageDir == null ? null : LinkResolver.docsetRoot(pageDir));
        Node document = parser.parse(body);

        LinkResolver resolver = LinkResolver.forPage(baseUrl, location, mdLinks);
        StepReader reader = new StepReader(resolver);
        List<Section> sections = sections(document);
        String heading = sections.get(0).title;
        String pageTitle = front.title() != null ? front.title()
                : heading != null ? heading : fileTitle(displayName);
        sections.get(0).title = heading != null ? heading : pageTitle;

        String introProse = prose(sections.get(0), reader);
        String pageIntro = shorten(introProse != null ? introProse : front.description()); // the page's own words first
        String context = context(sections, reader);
        boolean runbook = sections.stream().anyMatch(x -> x.procedure);
        ChecklistNames names = new ChecklistNames(front.product(), idPrefix);
        String source = resolver.pageUrl().orElse(null);
        List<String> warnings = new ArrayList<>();
        List<Checklist> checklists = new ArrayList<>();
        List<String> fileNames = new ArrayList<>();
        boolean sawLinks = false;
        boolean sawSteps = false; // a page of prose sections only is not a checklist page: it points elsewhere
        Map<String, Integer> titleCount = new HashMap<>();
        for (Section section : sections) {
            titleCount.merge(cleanTitle(section.title), 1, Integer::sum);
        }
        for (Section section : sections) {
            String title = cleanTitle(section.title);
            String idTitle = title;
            if (titleCount.get(title) > 1 && section.parent != null && !NOT_A_CHECKLIST.matcher(title).matches()) {
                title = section.parent + ": " + title; // "User Rights Assignment" twice: say under which heading
            }
            sawLinks |= section.blocks.stream().anyMatch(b -> b instanceof ListBlock || b instanceof Paragraph);
            if (title.isEmpty() || NOT_A_CHECKLIST.matcher(title).matches() || CONTEXT.matcher(title).matches()) {
                continue;
            }
            // prose with commands, or step headings: read in page order; a procedure of lists or tables only: as before
            boolean procedure = section.blocks.stream().anyMatch(
                    b -> b instanceof FencedCodeBlock || b instanceof IndentedCodeBlock || b instanceof Heading)
                    || (section.procedure && section.blocks.stream().noneMatch(b -> b instanceof ListBlock || b instanceof TableBlock));
            List<StepReader.Draft> drafts = procedure ? List.of() : drafts(section, reader);
            sawSteps |= !drafts.isEmpty();
            String own = null;
            if (!procedure && drafts.isEmpty() && section.procedure) {
                procedure = true; // a Mitigation of prose and "See [X]" bullets: its paragraphs are the steps
            }
            boolean recommendation = false;
            if (!procedure && drafts.isEmpty() && section != sections.get(0) && recommendsWithLinks(section)) {
                // "## Optimize SQL Server Performance / Follow the recommendations in [X]": dropping the section would
                // drop its advice and its reference; its paragraphs are its steps (on a page that has steps elsewhere)
                procedure = true;
                recommendation = true;
            }
            if (procedure) {
                ProcedureSteps steps = new ProcedureSteps(reader);
                drafts = steps.read(section.blocks);
                sawSteps |= !recommendation && !drafts.isEmpty();
                own = steps.notes().isEmpty() ? null : String.join("\n\n", steps.notes());
            } else {
                own = section == sections.get(0) ? null : prose(section, reader);
            }
            String description = Limits.details(join(join(pageIntro, context), own), "description", warnings);
            String idPage = null;
            if (GENERIC.matcher(title).matches() && section != sections.get(0)) {
                // "Diagnosis" on every alert runbook: the page names the checklist
                idPage = pageTitle;
                title = cleanTitle(pageTitle) + ": " + title;
            }
            // bold label rows in a table ("**Start using X**") cut the section into groups, one checklist each
            String groupIdTitle = idPage == null ? idTitle : idPage + "\u0000" + idTitle;
            String groupTitle = title;
            List<StepReader.Draft> group = new ArrayList<>();
            for (StepReader.Draft draft : drafts) {
                if (draft.groupHeading()) {
                    if (!group.isEmpty()) {
                        add(checklists, fileNames, names, groupIdTitle, Limits.title(groupTitle, warnings), description, source, group, warnings);
                    }
                    group = new ArrayList<>();
                    groupIdTitle = draft.text();
                    groupTitle = title + ": " + draft.text();
                } else {
                    group.add(draft);
                }
            }
            if (!group.isEmpty()) {
                add(checklists, fileNames, names, groupIdTitle, Limits.title(groupTitle, warnings), description, source, group, warnings);
            }
        }
        if (checklists.isEmpty() || !sawSteps) {
            throw new ChecklistImportException(displayName + ": nothing to import: the page has no step table, step list"
                    + " or procedure (Steps, Diagnosis, Mitigation... sections, step headings, commands in code blocks)"
                    + (sawLinks ? " (it only points to other pages)" : ""));
        }
        List<String> unresolved = new ArrayList<>(new LinkedHashSet<>(reader.unresolvedLinks()));
        if (!unresolved.isEmpty()) {
            warnings.add(0, "left out " + unresolved.size() + " link(s) that could not be made absolute http(s) URLs"
                    + (baseUrl == null ? " (no base URL given)" : "") + ": "
                    + String.join(", ", unresolved.subList(0, Math.min(5, unresolved.size())))
                    + (unresolved.size() > 5 ? ", ..." : ""));
        }
        return new ImportedPage(pageTitle.strip(), checklists, fileNames, warnings, front.license());
    }

    /** "Checklist: Restoring X" -> "Restoring X"; "Before Installing Hyper-V…" -> "Before Installing Hyper-V". */
    private static String cleanTitle(String heading) {
        return CHECKLIST_PREFIX.matcher(heading).replaceFirst("").replaceAll("(?:…|\\.{3}|:)\\s*$", "").strip();
    }

    private static final class Section {
        String title;
        final String parent;   // the heading this one sits under, or null
        final int level;
        final boolean procedure;
        final List<Node> blocks = new ArrayList<>();

        Section(String title, String parent, int level) {
            this.title = title;
            this.parent = parent;
            this.level = level;
            this.procedure = title != null && PROCEDURE.matcher(cleanTitle(title)).find();
        }
    }

    /** A long page intro (notes, examples) in every checklist would bury it: its first paragraphs, marked as cut. */
    private static String shorten(String intro) {
        if (intro == null || words(intro) <= INTRO_CHARS) {
            return intro;
        }
        String[] paragraphs = intro.split("\n\n");
        StringBuilder kept = new StringBuilder(paragraphs[0]);
        for (int i = 1; i < paragraphs.length && words(kept.toString()) + 2 + words(paragraphs[i]) <= INTRO_CHARS; i++) {
            kept.append("\n\n").append(paragraphs[i]);
        }
        return kept.length() < intro.length() ? kept + " (…)" : intro;
    }

    /** The length a reader reads: a link's URL written after its title (" (https://...)") does not count. */
    private static int words(String text) {
        return WRITTEN_URL.matcher(text).replaceAll("").length();
    }

    /** "during_an_incident.md" -> "During an incident". */
    private static String fileTitle(String fileName) {
        String words = fileName.replaceAll("(?i)\\.(md|markdown)$", "").replaceAll("[-_]+", " ").strip();
        return words.isEmpty() ? fileName : Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    /**
     * The context sections (Meaning, Impact, ...), for the description: each section's first paragraph, cut at a
     * sentence end near {@link #CONTEXT_CHARS}; the page keeps the rest.
     */
    private static String context(List<Section> sections, StepReader reader) {
        List<String> parts = new ArrayList<>();
        for (Section section : sections) {
            if (section.title == null || !CONTEXT.matcher(cleanTitle(section.title)).matches()) {
                continue;
            }
            String prose = prose(section, reader);
            if (prose == null) {
                for (Node block : section.blocks) {
                    if (block instanceof ListBlock list) {
                        prose = reader.described(list);
                        break;
                    }
                }
            }
            if (prose == null || prose.isBlank()) {
                continue;
            }
            String first = prose.split("\n\n", 2)[0].replaceAll("\\s*\\n\\s*", " ");
            boolean more = first.length() < prose.length();
            if (first.length() > CONTEXT_CHARS) {
                int cut = -1;
                for (int i = Math.min(CONTEXT_CHARS, first.length()) - 1; i > CONTEXT_CHARS / 3; i--) {
                    if (".!?".indexOf(first.charAt(i)) >= 0 && i + 1 < first.length() && first.charAt(i + 1) == ' ') {
                        cut = i + 1;
                        break;
                    }
                }
                first = cut > 0 ? first.substring(0, cut) : Limits.cutAtWord(first, CONTEXT_CHARS) + " …";
                more = true;
            }
            parts.add(cleanTitle(section.title) + ": " + first.strip() + (more && !first.endsWith("…") ? " (…)" : ""));
        }
        return parts.isEmpty() ? null : String.join("\n\n", parts);
    }

    /** The page cut at its headings. The first section is the text before the first section heading, titled by the page's first heading. */
    private static List<Section> sections(Node document) {
        List<Section> sections = new ArrayList<>();
        Section intro = new Section(null, null, 1);
        sections.add(intro);
        Section current = intro;
        Section owner = null; // a procedure section: the headings under it are its steps or name its steps
        String[] open = new String[7]; // the current heading of each level
        for (Node node = document.getFirstChild(); node != null; node = node.getNext()) {
            if (node instanceof Heading heading) {
                String text = StepReader.plainOf(heading);
                if (heading.getLevel() == 1 && intro.title == null && current == intro && intro.blocks.isEmpty()) {
                    intro.title = text;
                    continue;
                }
                boolean step = ProcedureSteps.STEP_HEADING.matcher(text).find();
                if (owner != null && heading.getLevel() > owner.level) {
                    owner.blocks.add(node);
                    continue;
                }
                owner = null;
                String parent = null;
                for (int level = heading.getLevel() - 1; level >= 2 && parent == null; level--) {
                    parent = open[level];
                }
                if (step) {
                    // "## Step 1: ..." headings: steps of the section above them, or of a section of their own
                    if (current.level < heading.getLevel() && (current.procedure || current.blocks.stream().noneMatch(
                            b -> b instanceof ListBlock || b instanceof TableBlock))) {
                        owner = current;
                    } else {
                        owner = new Section(parent, null, heading.getLevel() - 1);
                        sections.add(owner);
                    }
                    owner.blocks.add(node);
                    current = owner;
                    continue;
                }
                open[heading.getLevel()] = text;
                for (int level = heading.getLevel() + 1; level < open.length; level++) {
                    open[level] = null;
                }
                current = new Section(text, parent, heading.getLevel());
                sections.add(current);
                if (current.procedure) {
                    owner = current;
                }
            } else {
                current.blocks.add(node);
            }
        }
        for (Section section : sections) {
            if (section.title == null) {
                section.title = sections.get(0).title; // step headings right under the page's title
            }
        }
        return sections;
    }

    /** Steps of a section: its tables' rows if it has tables, else the items of its step lists. */
    private static List<StepReader.Draft> drafts(Section section, StepReader reader) {
        List<StepReader.Draft> drafts = new ArrayList<>();
        boolean hasTable = section.blocks.stream().anyMatch(b -> b instanceof TableBlock) && !dataTablesBesideGuidance(section, reader);
        for (Node block : section.blocks) {
            if (hasTable && block instanceof TableBlock table) {
                drafts.addAll(reader.table(table));
            } else if (!hasTable && block instanceof ListBlock list && !reader.isNavigation(list)) {
                drafts.addAll(reader.list(list));
            }
        }
        return drafts;
    }

    /**
     * True if the section's tables are data ("Operating system | Virtual processor limit", no step or reference
     * column) and it has a list of guidance: the list items are the steps, the tables go to the description.
     */
    private static boolean dataTablesBesideGuidance(Section section, StepReader reader) {
        boolean guidance = section.blocks.stream().anyMatch(b -> b instanceof ListBlock list && !reader.isNavigation(list));
        return guidance && section.blocks.stream().noneMatch(b -> b instanceof TableBlock table && TableSteps.isStepTable(table));
    }

    /** True if the section is prose only (no table or list) and one of its paragraphs links to something. */
    private static boolean recommendsWithLinks(Section section) {
        boolean linked = false;
        for (Node block : section.blocks) {
            if (block instanceof ListBlock || block instanceof TableBlock || block instanceof Heading) {
                return false;
            }
            if (block instanceof Paragraph paragraph) {
                InlineText inline = new InlineText();
                linked |= Prose.hasLinks(inline.render(paragraph));
            }
        }
        return linked;
    }

    /** The section's own prose (paragraphs and notes outside its steps), as plain text. */
    private static String prose(Section section, StepReader reader) {
        List<String> parts = new ArrayList<>();
        for (Node block : section.blocks) {
            if (block instanceof Heading) {
                break; // the section's step headings and what they hold are steps, not its prose
            }
            boolean dataTable = block instanceof TableBlock && dataTablesBesideGuidance(section, reader);
            if (block instanceof Paragraph || block instanceof BlockQuote || dataTable) {
                String text = dataTable ? TableSteps.dataRows((TableBlock) block) : reader.described(block);
                if (!text.isBlank()) {
                    parts.add(text);
                }
            }
        }
        return parts.isEmpty() ? null : String.join("\n\n", parts);
    }

    private static String join(String a, String b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : a + "\n\n" + b;
    }

    private static void add(List<Checklist> checklists, List<String> fileNames, ChecklistNames names, String idTitle, String title,
                            String description, String source, List<StepReader.Draft> drafts, List<String> warnings) {
        List<Step> steps = new ArrayList<>();
        for (StepReader.Draft draft : drafts) {
            steps.add(Limits.step(draft, warnings));
        }
        int parts = (steps.size() + ChecklistLoader.MAX_STEPS - 1) / ChecklistLoader.MAX_STEPS;
        int split = idTitle.indexOf('\u0000');
        String id = split < 0 ? names.id(idTitle) : names.id(idTitle.substring(0, split), idTitle.substring(split + 1));
        if (parts > 1) {
            warnings.add("'" + title + "' has " + steps.size() + " steps: split into " + parts + " checklists of at most "
                    + ChecklistLoader.MAX_STEPS);
        }
        for (int part = 1; part <= parts; part++) {
            List<Step> slice = steps.subList((part - 1) * ChecklistLoader.MAX_STEPS,
                    Math.min(steps.size(), part * ChecklistLoader.MAX_STEPS));
            String partId = part == 1 ? id : id + "-part-" + part;
            String partTitle = parts == 1 ? title
                    : Limits.title(title + " (part " + part + " of " + parts + ")", warnings);
            checklists.add(new Checklist(partId, partTitle, description, source, Mode.SEQUENTIAL, null, slice));
            fileNames.add(names.fileName(partId));
        }
    }

    /** Keeps every value within {@link ChecklistLoader}'s limits, cutting at sentence or word boundaries. */
    static final class Limits {
        private Limits() {
        }

        static String title(String title, List<String> warnings) {
            String clean = title.replaceAll("\\s+", " ").strip();
            if (clean.length() <= ChecklistLoader.MAX_TITLE_CHARS) {
                return clean;
            }
            warnings.add("shortened a title of " + clean.length() + " characters: " + clean.substring(0, 40) + "...");
            return cutAtWord(clean, ChecklistLoader.MAX_TITLE_CHARS - 1) + "…";
        }

        static String details(String details, String what, List<String> warnings) {
            if (details == null || details.length() <= ChecklistLoader.MAX_DETAILS_CHARS) {
                return details;
            }
            warnings.add("shortened a " + what + " of " + details.length() + " characters");
            return cutAtWord(details, ChecklistLoader.MAX_DETAILS_CHARS - 2) + " …";
        }

        static Step step(StepReader.Draft draft, List<String> warnings) {
            String text = draft.text();
            String details = draft.details();
            if (text.length() > ChecklistLoader.MAX_TEXT_CHARS) {
                int cut = sentenceEnd(text, ChecklistLoader.MAX_TEXT_CHARS);
                String head = cut > 0 ? text.substring(0, cut).strip() : cutAtWord(text, ChecklistLoader.MAX_TEXT_CHARS - 1) + "…";
                String tail = cut > 0 ? text.substring(cut).strip() : "…" + text.substring(head.length() - 1).strip();
                details = details == null ? tail : tail + "\n\n" + details;
                text = head;
            }
            List<Link> links = new ArrayList<>();
            List<String> extra = new ArrayList<>();
            for (Link link : draft.links()) {
                if (link.url().length() > ChecklistLoader.MAX_URL_CHARS) {
                    warnings.add("left out a link longer than " + ChecklistLoader.MAX_URL_CHARS + " characters: " + link.title());
                    continue;
                }
                String title = link.title().length() <= 2 * ChecklistLoader.MAX_TITLE_CHARS ? link.title()
                        : cutAtWord(link.title(), 2 * ChecklistLoader.MAX_TITLE_CHARS - 1) + "…";
                if (links.size() < ChecklistLoader.MAX_LINKS_PER_STEP) {
                    links.add(new Link(title, link.url()));
                } else {
                    extra.add("- " + title + ": " + link.url());
                }
            }
            if (!extra.isEmpty()) {
                details = (details == null ? "" : details + "\n\n") + "More references:\n" + String.join("\n", extra);
            }
            return new Step(text, details(details, "step's details", warnings), links, draft.optional(), 1);
        }

        /** The end of the last whole sentence within {@code max} characters, or -1 if there is none in its second half. */
        private static int sentenceEnd(String text, int max) {
            for (int i = Math.min(max, text.length()) - 1; i > max / 2; i--) {
                char c = text.charAt(i);
                if ((c == '.' || c == '!' || c == '?') && i + 1 < text.length() && Character.isWhitespace(text.charAt(i + 1))) {
                    return i + 1;
                }
            }
            return -1;
        }

        static String cutAtWord(String text, int max) {
            int cut = max;
            while (cut > max / 2 && !Character.isWhitespace(text.charAt(cut))) {
                cut--;
            }
            return text.substring(0, cut > max / 2 ? cut : max).strip();
        }
    }
}
