package dev.checklistbot.slack;

import dev.checklistbot.checklist.ChecklistCatalog;
import dev.checklistbot.checklist.ChecklistLoader;
import dev.checklistbot.cli.Serving;
import dev.checklistbot.run.Run;
import dev.checklistbot.store.JdbcRunStore;
import dev.checklistbot.testing.Await;
import dev.checklistbot.testing.JumpingClock;
import dev.checklistbot.web.ReportConfig;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The whole bot on 127.0.0.1 (fake Slack Web API, real SQLite file) with the report pages on, on a clock the test
 * moves: a restore run is played through Slack's signed slash commands with real minutes between its steps, and its
 * summary carries the signed link to its report.
 */
final class ReportHarness implements AutoCloseable {
    static final String REPORT_SECRET = "report-secret-for-the-tests-0123456789abcdef";
    /** REPORT_URL as people would reach the bot through a proxy; tests swap it for the server's real address. */
    static final String PUBLIC_URL = "https://checklist-bot.example.test";
    static final String CHANNEL = "C0RESTORE";
    static final String SCRIPT = "<script>alert(1)</script>";
    static final String IMG = "\"><img src=x onerror=alert(1)>";
    private static final Pattern REPORT_LINK = Pattern.compile("\\*Report:\\* <(https://[^|>]+)\\|");

    final FakeSlack slack = new FakeSlack();
    /** Real time plus whatever the test skipped ahead: the outbox keeps Slack's pace by it, so it must tick. */
    final JumpingClock clock = new JumpingClock(Instant.now());
    final JdbcRunStore store;
    final Serving bot;
    final SignedSlack client;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    ReportHarness(Path dir) throws Exception {
        ChecklistLoader.Result checklists = new ChecklistLoader().loadDirectory(Path.of("checklists"));
        ChecklistCatalog catalog = checklists.catalog();
        store = JdbcRunStore.open(dir.resolve("checklist-bot.db").toString());
        SlackBotConfig config = new SlackBotConfig(BotHarness.BOT_TOKEN, BotHarness.SECRET, null, slack.apiUrl(),
                "/backup-checklist", null);
        bot = Serving.start(config, null, new ReportConfig(PUBLIC_URL, REPORT_SECRET, Duration.ofDays(30)),
                new Serving.Options("127.0.0.1", 0, "/backup-checklist", 2), catalog, store, clock);
        client = new SignedSlack(BotHarness.SECRET, bot.port());
    }

    /**
     * Plays a restore to the end: step 1 done after 12 minutes (with a hostile note), step 2 skipped after 1 minute
     * (with a hostile reason, before BAM is answered), SSO answered yes, step 3 done after 45 minutes. Returns the
     * finished run.
     */
    Run playRestore() {
        command("U0ALICE", "start restore Restore after disk failure " + SCRIPT);
        clock.advance(Duration.ofMinutes(5));
        command("U0BOB", "note 1 " + IMG + " backup taken at 03:05");
        command("U0BOB", "answer sso yes"); // step 3 applies only on it (the built-in restore's question)
        clock.advance(Duration.ofMinutes(7));
        command("U0ALICE", "done 1");
        clock.advance(Duration.ofMinutes(1));
        command("U0BOB", "skip 2 no BAM here " + SCRIPT);
        clock.advance(Duration.ofMinutes(45));
        command("U0ALICE", "done 3");
        return Await.value("the run completed", () -> store.read(r -> r.lastRun(CHANNEL))
                .filter(run -> !run.active()).orElse(null));
    }

    private void command(String user, String text) {
        HttpResponse<String> response = client.command(CHANNEL, user, text);
        if (response.statusCode() != 200) {
            throw new IllegalStateException(text + ": HTTP " + response.statusCode());
        }
    }

    /** The report link of the summary posted in the channel, pointed at this server. */
    String reportLinkFromSummary() {
        String posted = Await.value("the summary with its report link", () -> slack.delivered("chat.postMessage", CHANNEL)
                .stream().map(FakeSlack.Call::content).filter(c -> c.contains("*Report:*")).findFirst().orElse(null));
        Matcher m = REPORT_LINK.matcher(posted);
        if (!m.find()) {
            throw new AssertionError("no report link in the summary: " + posted);
        }
        return local(m.group(1).replace("&amp;", "&"));
    }

    /** A public link, pointed at this server's real address instead. */
    String local(String publicLink) {
        return "http://127.0.0.1:" + bot.port() + publicLink.substring(PUBLIC_URL.length());
    }

    HttpResponse<String> get(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            bot.close();
        } finally {
            store.close();
            slack.close();
        }
    }
}
