package dev.checklistbot.cli;

import dev.checklistbot.checklist.Checklist;
import dev.checklistbot.checklist.ChecklistError;
import dev.checklistbot.checklist.ChecklistLoader;
import dev.checklistbot.checklist.ChecklistYamlWriter;
import dev.checklistbot.checklist.markdown.ChecklistImportException;
import dev.checklistbot.checklist.markdown.ImportedPage;
import dev.checklistbot.checklist.markdown.MarkdownChecklistImporter;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code checklist-bot import FILE.md [--base-url URL] [--out DIR]}: turns a Markdown checklist page into
 * checklist files. Refusals are one line on standard error and exit code 1; usage errors exit with 2.
 */
@Command(name = "import",
        description = {"Import checklists from a Markdown documentation page (step tables or step lists).",
                "Writes one checklist file per section with steps into DIR, or prints the YAML when --out is not given."})
public final class ImportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.md", description = "the Markdown page to import")
    Path page;

    @Option(names = "--base-url", paramLabel = "URL",
            description = "where the documentation is published, e.g. https://learn.microsoft.com/en-us/; "
                    + "makes relative links absolute and sets each checklist's source")
    String baseUrl;

    @Option(names = "--out", paramLabel = "DIR", description = "folder to write the checklist files into (created if missing)")
    Path out;

    @Option(names = "--id-prefix", paramLabel = "WORD",
            description = "put WORD- before every id, to keep ids apart from other pages' checklists")
    String idPrefix;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    public ImportCommand() {
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        MarkdownChecklistImporter importer;
        try {
            importer = new MarkdownChecklistImporter(baseUrl, idPrefix);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        try {
            ImportedPage imported = importer.importFile(page);
            imported.warnings().forEach(w -> err.println("warning: " + w));
            List<String> texts = render(imported);
            if (out == null) {
                stdout.print(String.join("---\n", texts));
            } else {
                write(imported, texts, stdout);
            }
            stdout.flush();
            return 0;
        } catch (ChecklistImportException e) {
            err.println("import: " + e.getMessage());
        } catch (IOException e) {
            err.println("import: " + page + ": " + e.getMessage());
        } catch (RuntimeException e) {
            err.println("import: " + page + ": failed: " + e);
        } finally {
            err.flush();
        }
        return 1;
    }

    /** The YAML of each checklist, each checked by the loader that will read it back. */
    private static List<String> render(ImportedPage imported) throws ChecklistImportException {
        ChecklistYamlWriter writer = new ChecklistYamlWriter();
        ChecklistLoader loader = new ChecklistLoader();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < imported.checklists().size(); i++) {
            String yaml = writer.write(imported.checklists().get(i),
                    ChecklistYamlWriter.Attribution.ccBy4(imported.pageTitle()));
            List<ChecklistError> errors = new ArrayList<>();
            if (loader.parse(yaml, imported.fileNames().get(i), false, errors) == null) {
                throw new ChecklistImportException("the checklist made from it would not load: " + errors.get(0));
            }
            texts.add(yaml);
        }
        return texts;
    }

    private void write(ImportedPage imported, List<String> texts, PrintWriter stdout) throws IOException, ChecklistImportException {
        Files.createDirectories(out);
        Map<String, String> fileOfId = existingIds(imported.fileNames());
        for (Checklist checklist : imported.checklists()) {
            String other = fileOfId.get(checklist.id());
            if (other != null) {
                throw new ChecklistImportException("id '" + checklist.id() + "' is already used by " + out.resolve(other)
                        + "; choose other ids with --id-prefix");
            }
        }
        for (int i = 0; i < texts.size(); i++) {
            Checklist checklist = imported.checklists().get(i);
            Path file = out.resolve(imported.fileNames().get(i));
            Files.writeString(file, texts.get(i), StandardCharsets.UTF_8);
            stdout.println("wrote " + file + " (id " + checklist.id() + ", " + checklist.size()
                    + (checklist.size() == 1 ? " step)" : " steps)"));
        }
    }

    /** Ids of the valid checklist files already in the output folder, except those this import replaces. */
    private Map<String, String> existingIds(List<String> replacing) throws IOException {
        Map<String, String> ids = new HashMap<>();
        ChecklistLoader loader = new ChecklistLoader();
        try (Stream<Path> files = Files.list(out)) {
            for (Path file : files.filter(ChecklistLoader::isChecklistFile).sorted().toList()) {
                String name = file.getFileName().toString();
                if (replacing.contains(name)) {
                    continue;
                }
                Checklist existing = loader.loadFile(file, name, new ArrayList<>());
                if (existing != null) {
                    ids.putIfAbsent(existing.id(), name);
                }
            }
        }
        return ids;
    }
}
