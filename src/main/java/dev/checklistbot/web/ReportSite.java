package dev.checklistbot.web;

import dev.checklistbot.render.Summary;
import dev.checklistbot.render.People;
import dev.checklistbot.render.SummaryRenderer;
import dev.checklistbot.run.AuditVerification;
import dev.checklistbot.run.AuditVerifier;
import dev.checklistbot.run.Run;
import dev.checklistbot.run.RunEvent;
import dev.checklistbot.run.PeopleDirectory;
import dev.checklistbot.run.RunStore;
import dev.checklistbot.run.StoreUnavailableException;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The report pages, independent of any HTTP server: {@code GET /runs/ID} (the page), {@code /runs/ID.md} and
 * {@code /runs/ID.json} (the same as {@code export}), {@code /runs} (recent runs and duration charts). Each needs a
 * signed, unexpired link ({@link ReportAccess}); anything else, a run that does not exist included, gets the one and
 * same 404, so that a link tells nothing about which runs exist.
 */
public final class ReportSite {
    public static final String RUNS_PATH = "/runs";
    /** How many recent runs the list reads (every channel together). */
    static final int LIST_LIMIT = 500;
    private static final Pattern RUN_PATH = Pattern.compile("/runs/([1-9][0-9]{0,17})(\\.md|\\.json)?");
    private static final int MAX_QUERY = 2048;
    private static final String HTML = "text/html;charset=utf-8";
    static final String NOT_FOUND_BODY = PageLayout.page("Not found",
            "<h1>Not found</h1>\n<p>This link is not valid, has expired, or names no run.</p>\n");

    private final RunStore store;
    private final ReportAccess access;
    private final AuditVerifier verifier;
    private final Clock clock;
    private final PeopleDirectory people;
    private final SummaryRenderer renderer = new SummaryRenderer();

    public ReportSite(RunStore store, ReportAccess access, AuditVerifier verifier, Clock clock) {
        this(store, access, verifier, clock, PeopleDirectory.NONE);
    }

    /** @param people the display names known, shown beside people's ids */
    public ReportSite(RunStore store, ReportAccess access, AuditVerifier verifier, Clock clock, PeopleDirectory people) {
        this.people = people;
        this.store = store;
        this.access = access;
        this.verifier = verifier;
        this.clock = clock;
    }

    /** The path of a run's page, relative to the server's root. */
    static String runPath(long runId) {
        return RUNS_PATH + "/" + runId;
    }

    /** Whether this site answers {@code path} (the HTTP server routes these here). */
    public static boolean serves(String path) {
        return path != null && (path.equals(RUNS_PATH) || path.startsWith(RUNS_PATH + "/"));
    }

    /** The answer to {@code GET path?rawQuery}; never throws. */
    public WebResponse get(String path, String rawQuery) {
        try {
            String exp = parameter(rawQuery, "exp");
            String sig = parameter(rawQuery, "sig");
            Instant now = clock.instant();
            if (RUNS_PATH.equals(path)) {
                return access.permits(ReportAccess.ALL_RUNS, exp, sig, now) ? list(exp, now) : notFound();
            }
            Matcher m = path == null ? null : RUN_PATH.matcher(path);
            if (m == null || !m.matches()) {
                return notFound();
            }
            long runId = Long.parseLong(m.group(1));
            if (!access.permits(ReportAccess.run(runId), exp, sig, now)) {
                return notFound();
            }
            Optional<Run> run = store.read(r -> r.run(runId));
            if (run.isEmpty()) {
                return notFound();
            }
            String format = m.group(2);
            if (format == null) {
                return page(run.get(), "exp=" + exp + "&sig=" + sig, now);
            }
            Summary summary = Summary.of(run.get(), now);
            People names = names(People.idsIn(summary));
            return format.equals(".json")
                    ? download("application/json;charset=utf-8", renderer.json(summary, null, names), "run-" + runId + ".json")
                    : download("text/markdown;charset=utf-8", renderer.markdown(summary, null, names), "run-" + runId + ".md");
        } catch (StoreUnavailableException e) {
            return WebResponse.of(503, "text/plain;charset=utf-8", "the database is unavailable; try again", Map.of());
        }
    }

    private WebResponse page(Run run, String query, Instant now) {
        List<RunEvent> events = store.read(r -> r.events(run.id()));
        String html = ReportPage.render(run, events, verify(run.id()), now, new ReportPage.Downloads(
                run.id() + ".md?" + query, run.id() + ".json?" + query, "run-" + run.id() + ".md",
                "run-" + run.id() + ".json"), names(ReportPage.idsIn(run, events, now)));
        return WebResponse.of(200, HTML, html, Map.of());
    }

    private WebResponse list(String exp, Instant now) {
        List<Run> runs = store.read(r -> r.runs(false, LIST_LIMIT));
        Instant expires = Instant.ofEpochSecond(Long.parseLong(exp));
        // each run's link expires with the list's own: what the list opens lives no longer than the list
        People names = names(runs.stream().map(run -> run.startedBy().id()).distinct().toList());
        String html = RunsPage.render(runs, now, id -> "runs/" + id + "?" + access.query(ReportAccess.run(id), expires),
                names);
        return WebResponse.of(200, HTML, html, Map.of());
    }

    /** The names known for these ids; none if they cannot be read now (the page shows ids, as before names). */
    private People names(java.util.Collection<String> ids) {
        try {
            return People.of(people.displayNames(ids));
        } catch (RuntimeException e) {
            return People.NONE;
        }
    }

    private AuditVerification verify(long runId) {
        try {
            return verifier.verify(runId);
        } catch (RuntimeException e) {
            return AuditVerification.notVerified("the check failed: " + e.getClass().getSimpleName());
        }
    }

    private static WebResponse download(String type, String body, String name) {
        return WebResponse.of(200, type, body, Map.of("Content-Disposition", "attachment; filename=\"" + name + "\""));
    }

    /** The one answer for every link that opens nothing: same status, headers and bytes. */
    static WebResponse notFound() {
        return WebResponse.of(404, HTML, NOT_FOUND_BODY, Map.of());
    }

    /** The first value of {@code name} in a raw query, as sent (exp and sig never need decoding), or null. */
    static String parameter(String rawQuery, String name) {
        if (rawQuery == null || rawQuery.length() > MAX_QUERY) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        return null;
    }
}
