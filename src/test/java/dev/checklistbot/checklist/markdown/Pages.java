package dev.checklistbot.checklist.markdown;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the test data lives: the project root, the shared reference docs, the bundled copy of six pages. */
final class Pages {
    static final String BASE_URL = "https://learn.microsoft.com/en-us/";
    static final String SOURCE_PAGE = "biztalk/core/checklist-back-up-and-restore-biztalk-server-databases.md";

    private Pages() {
    }

    static Path projectRoot() {
        String basedir = System.getProperty("basedir");
        return (basedir != null ? Path.of(basedir) : Path.of("")).toAbsolutePath().normalize();
    }

    /** ../shared/reference/biztalk-docs relative to the project root; may not exist outside the team's machine. */
    static Path sharedDocs() {
        return projectRoot().resolve("../shared/reference/biztalk-docs").normalize();
    }

    /** The copy under src/test/resources/biztalk-docs, always present. */
    static Path bundledDocs() {
        try {
            return Path.of(Pages.class.getResource("/biztalk-docs/README.md").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every Markdown page under {@code root}, except include files and READMEs. */
    static List<Path> pages(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".md"))
                    .filter(p -> !p.getParent().getFileName().toString().equals("includes"))
                    .filter(p -> !p.getFileName().toString().equalsIgnoreCase("README.md"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
