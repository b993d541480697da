package dev.checklistbot.web;

import dev.checklistbot.run.AuditVerifier;
import dev.checklistbot.run.Run;
import dev.checklistbot.run.RunStatus;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class ReportSiteTest {
    private static final Instant NOW = Instant.parse("2026-12-02T09:00:00Z");
    private final ReportAccess access = new ReportAccess("0123456789abcdef0123456789abcdef-site");
    private final Run seven = ReportFixtures.restore(7);
    private final Run eight = aborted(ReportFixtures.restore(8));
    private final ReportSite site = new ReportSite(ReportFixtures.storeOf(eight, seven), access, AuditVerifier.NONE,
            Clock.fixed(NOW, ZoneOffset.UTC));

    private static Run aborted(Run run) {
        return new Run(run.id(), "C0OTHER", run.checklist(), run.title(), run.startedBy(), run.startedAt().plusSeconds(86_400),
                RunStatus.ABORTED, run.endedAt().plusSeconds(86_400 - 2000), "disk full", run.steps());
    }

    private String query(String subject, Instant expires) {
        return access.query(subject, expires);
    }

    private static String body(WebResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    void aSignedLinkOpensThePageAndItsDownloads() {
        String q = query(ReportAccess.run(7), NOW.plusSeconds(60));
        WebResponse page = site.get("/runs/7", q);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.headers()).containsEntry("X-Content-Type-Options", "nosniff")
                .containsEntry("Referrer-Policy", "no-referrer").containsEntry("Cache-Control", "private, no-store");
        assertThat(page.headers().get("Content-Security-Policy")).startsWith("default-src 'none'; style-src 'sha256-")
                .contains("frame-ancestors 'none'");
        assertThat(body(page)).contains("href=\"7.json?" + q.replace("&", "&amp;") + "\"");
        WebResponse json = site.get("/runs/7.json", q);
        assertThat(json.status()).isEqualTo(200);
        assertThat(body(json)).contains("\"run_id\" : 7");
        assertThat(json.headers()).containsEntry("Content-Disposition", "attachment; filename=\"run-7.json\"");
        assertThat(body(site.get("/runs/7.md", q))).startsWith("# Restore after disk failure");
    }

    /** Names known for U1 and U2: the report shows them beside the ids, escaped like all text people control. */
    @Test
    void thePageAndItsDownloadsShowTheDisplayNamesKnownEscaped() {
        java.util.Map<String, String> known = java.util.Map.of("U1", "Alice Liddell", "U2", ReportFixtures.SCRIPT);
        dev.checklistbot.run.PeopleDirectory people = new dev.checklistbot.run.PeopleDirectory() {
            @Override
            public java.util.Optional<Person> person(String userId) {
                return java.util.Optional.empty();
            }

            @Override
            public java.util.Map<String, String> displayNames(java.util.Collection<String> userIds) {
                java.util.Map<String, String> names = new java.util.HashMap<>();
                userIds.stream().filter(known::containsKey).forEach(id -> names.put(id, known.get(id)));
                return names;
            }

            @Override
            public void remember(Person person) {
                throw new AssertionError("the report only reads");
            }
        };
        ReportSite named = new ReportSite(ReportFixtures.storeOf(seven), access, AuditVerifier.NONE,
                Clock.fixed(NOW, ZoneOffset.UTC), people);
        String q = query(ReportAccess.run(7), NOW.plusSeconds(60));
        String page = body(named.get("/runs/7", q));
        assertThat(page).contains("Alice Liddell (U1)").contains("&lt;script&gt;alert(1)&lt;/script&gt; (U2)")
                .doesNotContain(ReportFixtures.SCRIPT);
        assertThat(body(named.get("/runs/7.json", q))).contains("\"name\" : \"Alice Liddell\"");
        assertThat(body(named.get("/runs/7.md", q))).contains("Alice Liddell (U1)");
        assertThat(body(site.get("/runs/7", q))).doesNotContain("Alice Liddell"); // no directory: as before
        String list = body(named.get("/runs", query(ReportAccess.ALL_RUNS, NOW.plusSeconds(60))));
        assertThat(list).contains("<td>Alice Liddell (U1)</td>");
    }

    @Test
    void everyLinkThatOpensNothingGetsTheSame404() {
        WebResponse unknown = site.get("/runs/99", query(ReportAccess.run(99), NOW.plusSeconds(60)));
        String good = query(ReportAccess.run(7), NOW.plusSeconds(60));
        WebResponse[] refused = {
                site.get("/runs/7", query(ReportAccess.run(7), NOW.minusSeconds(1))), // expired
                site.get("/runs/7", good.replace("sig=", "sig=A")), // tampered
                site.get("/runs/8", good), // another run's link
                site.get("/runs/7", null), // no link at all
                site.get("/runs", good), // a run's link does not open the list
                site.get("/runs/7.exe", good), site.get("/runs/007", good), site.get("/runs/x", good),
        };
        assertThat(unknown.status()).isEqualTo(404);
        for (WebResponse r : refused) {
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.headers()).isEqualTo(unknown.headers());
            assertThat(r.body()).isEqualTo(unknown.body());
        }
        assertThat(body(unknown)).doesNotContain("99");
    }

    @Test
    void theListShowsRunsPerChannelAndEachChecklistsDurationsWithSignedLinks() {
        Instant expires = NOW.plusSeconds(600);
        WebResponse list = site.get("/runs", query(ReportAccess.ALL_RUNS, expires));
        assertThat(list.status()).isEqualTo(200);
        String html = body(list);
        assertThat(html).contains("<h3>C0OPS</h3>").contains("<h3>C0OTHER</h3>")
                .contains("data-checklist=\"restore\"").contains("data-run=\"7\" data-seconds=\"3480\"")
                .contains("data-run=\"8\" data-seconds=\"1480\"").contains("rect class=\"run aborted\"");
        // the runs' links expire with the list's and open their run
        String link = "runs/7?" + query(ReportAccess.run(7), expires);
        assertThat(html).contains("href=\"" + link.replace("&", "&amp;") + "\"");
        assertThat(site.get("/runs/7", link.substring(link.indexOf('?') + 1)).status()).isEqualTo(200);
        assertThat(html).doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("<img");
    }
}
