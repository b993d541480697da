package dev.checklistbot.cli;

import dev.checklistbot.checklist.Checklist;
import dev.checklistbot.checklist.ChecklistError;
import dev.checklistbot.checklist.ChecklistLoader;
import dev.checklistbot.checklist.ChecklistYamlWriter;
import dev.checklistbot.checklist.markdown.ChecklistImportException;
import dev.checklistbot.checklist.markdown.ImportedPage;
import dev.checklistbot.checklist.markdown.Licenses;
import dev.checklistbot.checklist.markdown.MarkdownChecklistImporter;
import dev.checklistbot.checklist.markdown.MdLinks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code checklist-bot import FILE.md... [--base-url URL] [--license TEXT] [--id-prefix WORD] [--out DIR]}: turns
 * Markdown checklist and runbook pages (files or folders of them) into checklist files. Every page gets one line:
 * what was written, or why it was refused (standard error). An id already used in {@code --out} or in the
 * checklists folder, or by another page of the same import, is a clash: reported, and the new checklist gets a
 * unique id; no file is ever overwritten. Exit code 1 if any page was refused, 2 for usage errors.
 */
@Command(name = "import",
        description = {"Import checklists from Markdown pages: checklist pages (step tables, step lists) and runbooks",
                "(numbered or bullet lists, task lists, 'Step N' headings, Diagnosis/Mitigation sections of prose with",
                "commands in code blocks: each paragraph with its code is one step, the code kept as code).",
                "Writes one checklist file per section with steps into DIR, or prints the YAML when --out is not given."},
        footer = {"", "Links: --base-url is where the documentation root is published: the nearest folder up from the page",
                "holding docfx.json or includes/ (a DocFX docset), else mkdocs.yml (its docs/ folder, or the project folder",
                "for a Git host), else .git, else the page's own folder. It may also be the page's own published URL;",
                "links then resolve against it as a browser would. Links to other pages drop '.md' on a documentation",
                "site and keep it on a Git host's file view (github.com/ORG/REPO/blob/BRANCH/...); --md-links overrides.",
                "License: a file names a license only when --license or the page's front matter (license:) gives one;",
                "otherwise it says only where it was made from."})
public final class ImportCommand implements Callable<Integer> {

    /** A folder with more pages than this is not a documentation folder. */
    static final int MAX_PAGES = 5_000;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE.md", description = "the Markdown pages to import, or folders of them")
    List<Path> pages;

    @Option(names = "--base-url", paramLabel = "URL",
            description = "where the documentation root (or this page) is published, e.g. https://learn.microsoft.com/en-us/; "
                    + "makes relative links absolute and sets each checklist's source")
    String baseUrl;

    @Option(names = "--out", paramLabel = "DIR", description = "folder to write the checklist files into (created if missing)")
    Path out;

    @Option(names = "--id-prefix", paramLabel = "WORD",
            description = "put WORD- before every id, to keep ids apart from other pages' checklists")
    String idPrefix;

    @Option(names = "--license", paramLabel = "TEXT",
            description = "the pages' license, named in every file (an SPDX id such as CC-BY-4.0 or Apache-2.0, or its name); "
                    + "without it only a license in the page's front matter is named")
    String license;

    @Option(names = "--md-links", paramLabel = "auto|keep|drop",
            description = "whether links to other .md pages keep '.md' (default auto: kept for a Git host's base URL, dropped otherwise)")
    String mdLinks = "auto";

    @Option(names = "--checklists", paramLabel = "DIR",
            description = "the bot's checklists folder, whose ids imported checklists must not reuse (default $CHECKLISTS_DIR or checklists)")
    Path checklistsDir;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    public ImportCommand() {
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        MarkdownChecklistImporter importer;
        MdLinks md;
        try {
            md = MdLinks.valueOf(mdLinks.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--md-links must be auto, keep or drop: " + mdLinks);
        }
        if (license != null && license.length() > Licenses.MAX_LICENSE_CHARS) {
            throw new ParameterException(spec.commandLine(), "--license is a license's name or SPDX id, at most "
                    + Licenses.MAX_LICENSE_CHARS + " characters");
        }
        try {
            importer = new MarkdownChecklistImporter(baseUrl, idPrefix).mdLinks(md);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        int refused = 0;
        int done = 0;
        List<String> printed = new ArrayList<>();
        try {
            List<Path> files = expand(err);
            Map<String, String> taken = takenIds();
            for (Path page : files) {
                try {
                    ImportedPage imported = importer.importFile(page);
                    imported.warnings().forEach(w -> err.println("warning: " + page.getFileName() + ": " + w));
                    List<Planned> planned = plan(imported, taken, err);
                    if (out == null) {
                        planned.forEach(p -> printed.add(p.yaml));
                    } else {
                        write(planned, stdout);
                    }
                    done++;
                } catch (ChecklistImportException e) {
                    err.println("import: " + e.getMessage());
                    refused++;
                } catch (IOException e) {
                    err.println("import: " + page + ": " + e.getMessage());
                    refused++;
                } catch (RuntimeException e) {
                    err.println("import: " + page + ": failed: " + e);
                    refused++;
                }
                err.flush();
            }
            if (out == null) {
                stdout.print(String.join("---\n", printed));
            }
            if (files.size() > 1) {
                err.println("imported " + done + " of " + files.size() + " pages" + (refused > 0 ? " (" + refused + " refused)" : ""));
            }
        } catch (IOException e) {
            err.println("import: " + e.getMessage());
            refused++;
        } finally {
            stdout.flush();
            err.flush();
        }
        return refused == 0 ? 0 : 1;
    }

    /** One checklist about to be written: its final id, file name and text. */
    private record Planned(Checklist checklist, String fileName, String yaml, boolean unchanged) {
    }

    /** Every page named, folders walked for .md files (include folders and hidden folders left out), in order. */
    private List<Path> expand(PrintWriter err) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path page : pages) {
            if (Files.isDirectory(page)) {
                try (Stream<Path> walk = Files.walk(page)) {
                    walk.filter(Files::isRegularFile)
                            .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(md|markdown)"))
                            .filter(p -> page.relativize(p).getNameCount() < 2 || Arrays.stream(
                                    page.relativize(p.getParent()).toString().split("[/\\\\]"))
                                    .noneMatch(d -> d.startsWith(".") || d.equals("includes")))
                            .sorted().limit(MAX_PAGES + 1L).forEach(files::add);
                }
            } else {
                files.add(page);
            }
            if (files.size() > MAX_PAGES) {
                throw new IOException("more than " + MAX_PAGES + " pages: import a smaller folder");
            }
        }
        return files;
    }

    /** Ids of the valid checklist files in --out and in the checklists folder, each with its file. */
    private Map<String, String> takenIds() throws IOException {
        Map<String, String> ids = new LinkedHashMap<>();
        Path checklists = checklistsDir != null ? checklistsDir
                : Path.of(System.getenv().getOrDefault(Settings.CHECKLISTS_DIR, "checklists"));
        for (Path dir : out == null ? List.of(checklists) : List.of(out, checklists)) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            ChecklistLoader loader = new ChecklistLoader();
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(ChecklistLoader::isChecklistFile).sorted().toList()) {
                    Checklist existing = loader.loadFile(file, file.getFileName().toString(), new ArrayList<>());
                    if (existing != null) {
                        ids.putIfAbsent(existing.id(), file.toString());
                    }
                }
            }
        }
        return ids;
    }

    /**
     * The page's checklists with ids that clash with nothing: an id already taken (by a file, or by an earlier page
     * of this import) gets the first free "-2", "-3"... and the clash is reported. A file in --out with exactly
     * the same text is the same checklist: left as it is.
     */
    private List<Planned> plan(ImportedPage imported, Map<String, String> taken, PrintWriter err) throws ChecklistImportException {
        ChecklistYamlWriter writer = new ChecklistYamlWriter();
        String licenseText = license != null ? license : imported.license();
        List<Planned> planned = new ArrayList<>();
        for (int i = 0; i < imported.checklists().size(); i++) {
            Checklist checklist = imported.checklists().get(i);
            String fileName = imported.fileNames().get(i);
            ChecklistYamlWriter.Attribution attribution = Licenses.attribution(licenseText, imported.pageTitle(), checklist.source());
            String yaml = writer.write(checklist, attribution);
            if (out != null && sameFile(out.resolve(fileName), yaml)) {
                planned.add(new Planned(checklist, fileName, yaml, true));
                continue;
            }
            String id = checklist.id();
            boolean same = taken.containsKey(id) && sameFile(Path.of(taken.get(id)), yaml); // the bot's own copy of this very checklist
            if (clash(id, fileName, taken, same ? id : null)) {
                String base = id.length() > 44 ? id.substring(0, 44).replaceAll("-+$", "") : id;
                String unique = id;
                String uniqueFile = fileName;
                for (int n = 2; clash(unique, uniqueFile, taken, null); n++) {
                    unique = base + "-" + n;
                    uniqueFile = fileName.endsWith(id + ".yaml")
                            ? fileName.substring(0, fileName.length() - (id + ".yaml").length()) + unique + ".yaml"
                            : unique + ".yaml";
                }
                String where = taken.getOrDefault(id, out == null ? fileName : out.resolve(fileName).toString());
                err.println("clash: id '" + id + "' is already used by " + where + "; this checklist of "
                        + imported.pageTitle() + " gets id '" + unique + "'");
                checklist = new Checklist(unique, checklist.title(), checklist.description(), checklist.source(),
                        checklist.mode(), checklist.summaryChannel(), checklist.steps());
                fileName = uniqueFile;
                yaml = writer.write(checklist, attribution);
            }
            List<ChecklistError> errors = new ArrayList<>();
            if (new ChecklistLoader().parse(yaml, fileName, false, errors) == null) {
                throw new ChecklistImportException(imported.pageTitle() + ": the checklist made from it would not load: " + errors.get(0));
            }
            taken.put(checklist.id(), out == null ? fileName : out.resolve(fileName).toString());
            planned.add(new Planned(checklist, fileName, yaml, false));
        }
        return planned;
    }

    /** True if the id is used by another checklist (not {@code sameAs}), or the file exists in --out. */
    private boolean clash(String id, String fileName, Map<String, String> taken, String sameAs) {
        return (taken.containsKey(id) && !id.equals(sameAs)) || (out != null && Files.exists(out.resolve(fileName)));
    }

    private static boolean sameFile(Path file, String yaml) {
        try {
            return Files.isRegularFile(file) && Files.readString(file, StandardCharsets.UTF_8).equals(yaml);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private void write(List<Planned> planned, PrintWriter stdout) throws IOException {
        Files.createDirectories(out);
        for (Planned p : planned) {
            Path file = out.resolve(p.fileName);
            String steps = p.checklist.size() + (p.checklist.size() == 1 ? " step" : " steps");
            if (p.unchanged) {
                stdout.println("unchanged " + file + " (id " + p.checklist.id() + ", " + steps + ")");
                continue;
            }
            // CREATE_NEW: a file that appeared since the check is not replaced either
            Files.writeString(file, p.yaml, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE_NEW,
                    java.nio.file.StandardOpenOption.WRITE);
            stdout.println("wrote " + file + " (id " + p.checklist.id() + ", " + steps + ")");
        }
    }
}
