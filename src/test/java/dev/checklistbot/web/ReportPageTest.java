package dev.checklistbot.web;

import dev.checklistbot.run.AuditVerification;
import dev.checklistbot.run.AuditVerifier;
import dev.checklistbot.run.Run;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.checklistbot.web.ReportFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ReportPageTest {
    private static final Pattern BAR = Pattern.compile(
            "<rect class=\"bar (\\w+)\" data-step=\"(\\d+)\" data-seconds=\"(\\d+)\" x=\"([\\d.]+)\" y=\"3\" width=\"([\\d.]+)\"");

    private static String page(Run run) {
        return ReportPage.render(run, ReportFixtures.events(run.id()), AuditVerifier.NONE.verify(run.id()),
                T0.plusSeconds(99_999), new ReportPage.Downloads("7.md?exp=1&sig=a", "7.json?exp=1&sig=a", "run-7.md",
                        "run-7.json"));
    }

    @Test
    void hostileTextIsShownAsTextNeverAsMarkup() {
        String html = page(ReportFixtures.restore(7));
        assertThat(html).doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("<img")
                .doesNotContain("onerror=alert(1)>").doesNotContain("href=\"javascript");
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("&#34;&gt;&lt;img src=x onerror=alert(1)&gt;");
        // the javascript: "link" is shown as text, the https one is a link
        assertThat(html).contains("a trap (javascript:alert(1))")
                .contains("href=\"https://learn.microsoft.com/en-us/biztalk/core/how-to-restore-your-databases\"");
    }

    @Test
    void thePageHasTheHeaderTheTimelineTheStepsAndTheAuditTrail() {
        String html = page(ReportFixtures.restore(7));
        assertThat(html).contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .contains("id=\"outcome\">completed</span>").contains("<strong id=\"total-time\">58m 00s</strong>")
                .contains("C0OPS").contains("<dt>Started by</dt><dd>alice</dd>")
                .contains("Skip reason: no BAM here").contains("Note by bob")
                .contains("Confirmations (2 of 2 needed)")
                .contains("href=\"7.json?exp=1&amp;sig=a\"").contains("href=\"7.md?exp=1&amp;sig=a\"")
                .contains("id=\"audit-verdict\">Not verified</span>").contains("marked the step done");
    }

    @Test
    void theTimelineHasOneBarPerStepWithWidthsInProportionToTheirDurations() {
        String html = page(ReportFixtures.restore(7));
        List<double[]> bars = new ArrayList<>();
        Matcher m = BAR.matcher(html);
        while (m.find()) {
            bars.add(new double[]{Integer.parseInt(m.group(2)), Long.parseLong(m.group(3)),
                    Double.parseDouble(m.group(4)), Double.parseDouble(m.group(5))});
        }
        assertThat(bars).hasSize(3);
        assertThat(bars.stream().map(b -> (int) b[0]).toList()).containsExactly(1, 2, 3);
        assertThat(bars.stream().map(b -> (long) b[1]).toList()).containsExactly(720L, 60L, 2700L);
        double total = 3480;
        for (double[] bar : bars) {
            assertThat(bar[3]).as("width of step %s", bar[0]).isCloseTo(bar[1] / total * 1000, within(0.01));
        }
        assertThat(bars.get(1)[2]).as("step 2 opens when step 1 ends").isCloseTo(720 / total * 1000, within(0.01));
    }

    @Test
    void aBrokenChainIsSaidPlainly() {
        Run run = ReportFixtures.restore(7);
        String html = ReportPage.render(run, ReportFixtures.events(7), new AuditVerification(
                AuditVerification.Status.BROKEN, "event 3 was changed " + ReportFixtures.SCRIPT), T0,
                new ReportPage.Downloads("a", "b", "c", "d"));
        assertThat(html).contains("class=\"verdict broken\"").contains("event 3 was changed &lt;script&gt;");
    }

    @Test
    void theOnlyStyleIsTheOneThePolicyAllowsByItsHash() throws Exception {
        String html = page(ReportFixtures.restore(7));
        String css = html.substring(html.indexOf("<style>") + 7, html.indexOf("</style>"));
        String hash = Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(css.getBytes(StandardCharsets.UTF_8)));
        assertThat(PageLayout.POLICY).contains("style-src 'sha256-" + hash + "'").contains("default-src 'none'")
                .doesNotContain("script-src").doesNotContain("unsafe");
        assertThat(html).doesNotContain(" style=\"").containsOnlyOnce("<style>");
    }

    @Test
    void theSavedFileCarriesItsDownloadsInside() {
        Run run = ReportFixtures.restore(7);
        String html = ReportPage.standalone(run, ReportFixtures.events(7), AuditVerifier.NONE.verify(7), T0);
        Matcher json = Pattern.compile("href=\"data:application/json;charset=utf-8;base64,([A-Za-z0-9+/=]+)\"")
                .matcher(html);
        assertThat(json.find()).isTrue();
        assertThat(new String(Base64.getDecoder().decode(json.group(1)), StandardCharsets.UTF_8))
                .contains("\"run_id\" : 7").contains("\"duration_seconds\" : 3480");
        assertThat(html).doesNotContain("src=\"http").doesNotContain("href=\"/");
    }
}
