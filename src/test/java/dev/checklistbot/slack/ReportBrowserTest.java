package dev.checklistbot.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.checklistbot.run.Run;
import dev.checklistbot.run.StepState;
import dev.checklistbot.web.ReportAccess;
import dev.checklistbot.web.ReportLinks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The report page in a real headless Chromium (Debian's chromium and chromium-driver), served by a real {@code serve}:
 * what a person opening the summary's link sees. Skipped with a message when Chromium is not installed, except on CI
 * (CI=true), where that is a failure. Leaves screenshots in target/ (report-screenshot.png, and the same page at a
 * phone's width, report-screenshot-phone.png) to look at.
 */
class ReportBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private ReportHarness bot;
    private ChromeDriver browser;

    @BeforeEach
    void start() throws Exception {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("Chromium is not installed (" + CHROMIUM + ", " + CHROMEDRIVER + "): on CI it must be"
                    + " (.ci/run installs Debian's chromium and chromium-driver)");
        }
        Assumptions.assumeTrue(installed, "Chromium is not installed: the report's browser test is skipped (install"
                + " Debian's chromium and chromium-driver to run it)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--window-size=1100,2200", "--hide-scrollbars");
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        // the driver named explicitly: Selenium Manager never runs (it would try to download a driver)
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        bot = new ReportHarness(dir);
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (bot != null) {
            bot.close();
        }
    }

    @Test
    void aFinishedRestoresReportShowsItsTimelineAndDownloadsAndNothingHostileRuns() throws Exception {
        Run run = bot.playRestore();
        String link = bot.reportLinkFromSummary();
        browser.get(link);

        assertThat(browser.findElement(By.tagName("h1")).getText()).contains(ReportHarness.SCRIPT);
        assertThat(browser.findElement(By.id("outcome")).getText()).isEqualToIgnoringCase("completed");

        // the timeline: one bar per step, labelled with the step and who finished it, widths in proportion to durations
        List<WebElement> bars = browser.findElements(By.cssSelector("svg.track rect.bar"));
        List<WebElement> rows = browser.findElements(By.cssSelector("li.row"));
        assertThat(bars).hasSize(run.size());
        assertThat(rows).hasSize(run.size());
        double span = Duration.between(run.startedAt(), run.endedAt()).toMillis();
        double track = browser.findElement(By.cssSelector("svg.track")).getRect().getWidth();
        for (int i = 0; i < run.size(); i++) {
            StepState step = run.steps().get(i);
            WebElement bar = bars.get(i);
            assertThat(bar.getAttribute("data-step")).isEqualTo(Integer.toString(step.number()));
            assertThat(rows.get(i).findElement(By.className("label")).getText()).contains(step.step().text());
            assertThat(rows.get(i).findElement(By.className("meta")).getText()).contains(step.finishedBy().name());
            double expected = step.duration().orElseThrow().toMillis() / span * track;
            assertThat((double) bar.getRect().getWidth()).as("bar of step %s", step.number())
                    .isCloseTo(expected, within(2.0));
        }
        assertThat(bars.get(2).getRect().getWidth()).isGreaterThan(bars.get(0).getRect().getWidth() * 3);

        // hostile text is text: no alert, no element it would have made
        assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        assertThat(browser.findElements(By.tagName("img"))).isEmpty();
        assertThat(browser.findElements(By.tagName("script"))).isEmpty();
        String text = browser.findElement(By.tagName("body")).getText();
        assertThat(text).contains("no BAM here " + ReportHarness.SCRIPT).contains(ReportHarness.IMG);

        // the page's policy let its one style sheet apply, and refused nothing it needs
        List<String> console = browser.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll()
                .stream().map(entry -> entry.getMessage()).toList();
        assertThat(console).noneMatch(line -> line.contains("Content Security Policy") || line.contains("Refused"));
        assertThat(browser.findElement(By.cssSelector("rect.bar.done")).getCssValue("fill"))
                .isEqualTo("rgb(46, 139, 87)");

        // the JSON download: what its link points at, fetched and parsed
        String jsonHref = browser.findElement(By.id("download-json")).getAttribute("href");
        HttpResponse<String> download = bot.get(jsonHref);
        assertThat(download.statusCode()).isEqualTo(200);
        JsonNode json = JSON.readTree(download.body());
        assertThat(json.get("run_id").asLong()).isEqualTo(run.id());
        assertThat(json.get("steps")).hasSize(run.size());
        assertThat(json.get("steps").get(1).get("state").asText()).isEqualTo("skipped");

        Files.createDirectories(Path.of("target"));
        resizeToPage(1100);
        Files.write(Path.of("target/report-screenshot.png"), browser.getScreenshotAs(OutputType.BYTES));
        resizeToPage(390);
        Files.write(Path.of("target/report-screenshot-phone.png"), browser.getScreenshotAs(OutputType.BYTES));
        // on a phone's width the page does not scroll sideways
        Object scrollWidth = browser.executeScript("return document.documentElement.scrollWidth");
        assertThat(((Number) scrollWidth).intValue()).isLessThanOrEqualTo(390);
    }

    @Test
    void theListShowsEachChecklistsDurationsAndLinksToTheReports() throws Exception {
        bot.playRestore();
        Run run = bot.playRestore(); // a second restore: a team's restore time, run after run
        String list = bot.local(new ReportLinks(ReportHarness.PUBLIC_URL, new ReportAccess(ReportHarness.REPORT_SECRET),
                Duration.ofDays(1), bot.clock).runs());
        browser.get(list);
        assertThat(browser.findElements(By.cssSelector("svg.trend rect.run"))).hasSize(2);
        assertThat(browser.findElements(By.cssSelector("a.run-link"))).hasSize(2);
        browser.findElement(By.cssSelector("a.run-link")).click(); // the newest first
        assertThat(browser.findElement(By.id("total-time")).getText()).startsWith("58m");
        assertThat(browser.getCurrentUrl()).contains("/runs/" + run.id() + "?");
        browser.navigate().back();
        resizeToPage(1100);
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target/report-runs-screenshot.png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void aTamperedOrExpiredLinkShowsNotFound() {
        bot.playRestore();
        String link = bot.reportLinkFromSummary();
        int at = link.indexOf("sig=") + 4;
        String tampered = link.substring(0, at) + (link.charAt(at) == 'A' ? 'B' : 'A') + link.substring(at + 1);
        browser.get(tampered);
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Not found");
        assertThat(bot.get(tampered).statusCode()).isEqualTo(404);

        browser.get(link);
        assertThat(browser.findElements(By.cssSelector("svg.track rect.bar"))).hasSize(3);
        bot.clock.advance(Duration.ofDays(31));
        browser.get(link);
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Not found");
        assertThat(bot.get(link).statusCode()).isEqualTo(404);
    }

    /** The window as wide as asked and as tall as the page, so that a screenshot shows it whole. */
    private void resizeToPage(int width) {
        browser.manage().window().setSize(new Dimension(width, 1000));
        Number height = (Number) browser.executeScript("return document.documentElement.scrollHeight");
        browser.manage().window().setSize(new Dimension(width, Math.min(8000, height.intValue() + 20)));
    }
}
