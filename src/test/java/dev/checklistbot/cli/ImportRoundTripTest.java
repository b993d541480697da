package dev.checklistbot.cli;

import dev.checklistbot.checklist.Checklist;
import dev.checklistbot.checklist.ChecklistError;
import dev.checklistbot.checklist.ChecklistLoader;
import dev.checklistbot.checklist.Step;
import dev.checklistbot.console.ConsoleChatClient;
import dev.checklistbot.console.ConsoleSession;
import dev.checklistbot.run.RunSettings;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every page under {@code src/test/resources/import/} (own pages of each shape, public runbook pages, BizTalk
 * siblings) imported as a user would: the files written are the golden files under {@code import/golden/} (run
 * with {@code -Dgolden.update=true} to write them again, then read the diff), every file passes the loader, and
 * every checklist starts a run in the console that prints each step's code lines exactly as the page has them.
 */
class ImportRoundTripTest {

    private static final Pattern CODE = Pattern.compile("(?ms)^(`{3,})[^\\n]*\\n(.*?)\\n\\1$");

    /** The page folders and the base URL each is imported with (its documentation root as published). */
    private static final Map<String, String> BASE_URLS = Map.of(
            "shapes", "https://docs.example.com/runbooks/",
            "runbooks/prometheus-operator", "https://runbooks.prometheus-operator.dev/runbooks/kubernetes/",
            "runbooks/openshift", "https://github.com/openshift/runbooks/blob/master/alerts/cluster-monitoring-operator/",
            "runbooks/pagerduty", "https://github.com/PagerDuty/incident-response-docs/blob/HEAD/docs/",
            "biztalk", "https://learn.microsoft.com/en-us/");

    @TempDir
    Path temp;

    private static Path resources() throws URISyntaxException {
        return Path.of(ImportRoundTripTest.class.getResource("/import/README.md").toURI()).getParent();
    }

    @TestFactory
    Stream<DynamicTest> every_page_imports_into_its_golden_files_that_load_and_run_in_the_console() throws Exception {
        Path root = resources();
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, String> folder : BASE_URLS.entrySet()) {
            Path dir = root.resolve(folder.getKey());
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> pages = Files.walk(dir)) {
                for (Path page : pages.filter(p -> p.toString().endsWith(".md"))
                        .filter(p -> !p.getParent().getFileName().toString().equals("includes")).sorted().toList()) {
                    tests.add(DynamicTest.dynamicTest(root.relativize(page).toString(), () -> roundTrip(root, page, folder.getValue())));
                }
            }
        }
        return tests.stream();
    }

    private void roundTrip(Path root, Path original, String baseUrl) throws Exception {
        String name = root.relativize(original).toString().replace('/', '_').replaceAll("\\.md$", "");
        // the page's folder as its own repository (a .git folder at its root), as a user's clone would be
        Path folder = root.resolve(BASE_URLS.keySet().stream().filter(f -> original.startsWith(root.resolve(f))).findFirst().orElseThrow());
        Path repo = temp.resolve("repo-" + name);
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path from : all.toList()) {
                Path to = repo.resolve(folder.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to);
                }
            }
        }
        Files.createDirectories(repo.resolve(".git"));
        Path page = repo.resolve(folder.relativize(original).toString());
        Path out = temp.resolve(name);
        StringWriter said = new StringWriter();
        StringWriter errors = new StringWriter();
        CommandLine cli = new CommandLine(new ImportCommand());
        cli.setOut(new PrintWriter(said, true));
        cli.setErr(new PrintWriter(errors, true));
        int code = cli.execute(page.toString(), "--base-url", baseUrl, "--out", out.toString(),
                "--checklists", temp.resolve("no-checklists").toString());

        StringBuilder actual = new StringBuilder();
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(out)) {
            try (Stream<Path> written = Files.list(out)) {
                files.addAll(written.sorted().toList());
            }
        }
        for (Path file : files) {
            actual.append("# ==> ").append(file.getFileName()).append('\n').append(Files.readString(file));
        }
        if (code != 0) {
            actual.append("# refused: ").append(errors.toString().strip().replace(page.toString(), page.getFileName().toString())).append('\n');
        }
        Path golden = Path.of("src/test/resources/import/golden", name + ".txt");
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, actual.toString());
        }
        assertThat(actual.toString()).isEqualTo(Files.readString(golden));
        if (files.isEmpty()) {
            return;
        }
        ChecklistLoader.Result loaded = new ChecklistLoader().loadDirectory(out);
        assertThat(loaded.errors()).extracting(ChecklistError::toString).isEmpty();
        assertThat(loaded.checklists()).hasSize(files.size());
        for (Checklist checklist : loaded.checklists()) {
            runsInTheConsole(out, checklist);
        }
    }

    /** Starts the checklist in a console session, marks every step done, and finds each step's code printed verbatim. */
    private void runsInTheConsole(Path checklists, Checklist checklist) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        StringBuilder script = new StringBuilder("/backup-checklist start " + checklist.id() + "\n");
        for (int i = 0; i < checklist.size(); i++) {
            script.append("done\n");
        }
        Path db = Files.createTempDirectory(temp, "db").resolve("bot.db");
        Settings settings = new Settings(Map.of());
        try (BotCore core = BotCore.open(checklists, db.toString(), settings, RunSettings.defaults(), new ConsoleChatClient(out),
                Clock.systemUTC(), 1)) {
            new ConsoleSession(core.handler(), core.dispatcher(), "/backup-checklist", "console", out, false)
                    .run(new BufferedReader(new StringReader(script.toString())), "alice");
        }
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("Step 1 of " + checklist.size());
        for (Step step : checklist.steps()) {
            assertThat(printed).contains(step.text());
            if (step.details() == null) {
                continue;
            }
            Matcher code = CODE.matcher(step.details());
            while (code.find()) {
                assertThat(printed).as("code of '%s' printed verbatim", step.text()).contains("\n" + code.group(2) + "\n");
            }
        }
        assertThat(printed).contains("completed");
    }
}
