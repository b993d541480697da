package dev.checklistbot.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.checklistbot.run.Run;
import dev.checklistbot.web.ReportAccess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The report pages served by a real {@code serve} (Slack HTTP mode), reached through the link its summary carries. */
class ReportEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;
    private ReportHarness bot;

    @BeforeEach
    void start() throws Exception {
        bot = new ReportHarness(dir);
    }

    @AfterEach
    void stop() {
        bot.close();
    }

    @Test
    void theSummarysLinkOpensTheFinishedRunsReportAndItsDownloads() throws Exception {
        Run run = bot.playRestore();
        String link = bot.reportLinkFromSummary();
        assertThat(link).contains("/runs/" + run.id() + "?exp=").contains("&sig=");

        HttpResponse<String> page = bot.get(link);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(csp -> assertThat(csp).startsWith("default-src 'none';").doesNotContain("script"));
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("private, no-store");
        // the clock is real time plus the minutes skipped: a second or two more than the 58 minutes played
        assertThat(page.body()).containsPattern("<strong id=\"total-time\">58m 0\\ds</strong>")
                .contains("id=\"outcome\">completed</span>").contains("Restore your databases.")
                .containsPattern("took <strong>12m 0\\ds</strong>").containsPattern("took <strong>45m 0\\ds</strong>")
                .doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("<img");
        // the answer given during the run, and the audit chain checked by the same verification as `verify`
        assertThat(page.body()).contains("<section id=\"answers\">").contains("Are you using Enterprise Single Sign-On")
                .contains("<strong>yes (u0bob)</strong>").contains(">Verified</span> OK: ").contains(" events (sha256); head sha256:");

        String jsonUrl = link.replace("/runs/" + run.id() + "?", "/runs/" + run.id() + ".json?");
        HttpResponse<String> json = bot.get(jsonUrl);
        assertThat(json.statusCode()).isEqualTo(200);
        JsonNode root = JSON.readTree(json.body());
        assertThat(root.get("run_id").asLong()).isEqualTo(run.id());
        assertThat(root.get("duration_seconds").asLong()).isBetween(58 * 60L, 58 * 60L + 9);
        assertThat(root.get("steps").get(1).get("skip_reason").asText()).contains(ReportHarness.SCRIPT);
    }

    @Test
    void tamperedExpiredAndUnknownLinksAllGetTheSame404() {
        Run run = bot.playRestore();
        String link = bot.reportLinkFromSummary();
        HttpResponse<String> unknown = bot.get(bot.local(ReportHarness.PUBLIC_URL + "/runs/" + (run.id() + 1000) + "?"
                + new ReportAccess(ReportHarness.REPORT_SECRET).query(ReportAccess.run(run.id() + 1000),
                bot.clock.instant().plusSeconds(600))));
        assertThat(unknown.statusCode()).isEqualTo(404);

        int at = link.indexOf("sig=") + 4;
        String tampered = link.substring(0, at) + (link.charAt(at) == 'A' ? 'B' : 'A') + link.substring(at + 1);
        String otherRun = link.replace("/runs/" + run.id() + "?", "/runs/" + (run.id() + 1) + "?");
        String noSignature = link.substring(0, link.indexOf('?'));
        String list = link.replace("/runs/" + run.id() + "?", "/runs?");
        for (String refused : new String[]{tampered, otherRun, noSignature, list}) {
            HttpResponse<String> answer = bot.get(refused);
            assertThat(answer.statusCode()).as(refused).isEqualTo(404);
            assertThat(answer.body()).isEqualTo(unknown.body());
        }
        assertThat(bot.get(link).statusCode()).isEqualTo(200);
        bot.clock.advance(Duration.ofDays(31)); // the link is made for 30 days
        HttpResponse<String> expired = bot.get(link);
        assertThat(expired.statusCode()).isEqualTo(404);
        assertThat(expired.body()).isEqualTo(unknown.body());
        assertThat(bot.get("http://127.0.0.1:" + bot.bot.port() + "/health").statusCode()).isEqualTo(200);
    }
}
