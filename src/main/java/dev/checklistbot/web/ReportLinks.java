package dev.checklistbot.web;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The public links to reports: REPORT_URL's base, the path, and a signature that expires {@code lifetime} after the
 * link is made (a summary posted today carries a link good for that long).
 */
public final class ReportLinks {
    private final String base;
    private final ReportAccess access;
    private final Duration lifetime;
    private final Clock clock;

    /**
     * @param baseUrl  where people reach this server (REPORT_URL), an http or https URL; a trailing '/' is dropped
     * @param lifetime how long a link works once made
     */
    public ReportLinks(String baseUrl, ReportAccess access, Duration lifetime, Clock clock) {
        URI uri = URI.create(Objects.requireNonNull(baseUrl, "baseUrl"));
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("must be an http or https URL with no query, like https://bot.example.com");
        }
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("a link must live a while");
        }
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.access = access;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** A link to one run's report, good for the lifetime from now. */
    public String run(long runId) {
        return base + ReportSite.runPath(runId) + "?" + access.query(ReportAccess.run(runId), expiry());
    }

    /** A link to the list of recent runs (it opens every run listed there), good for the lifetime from now. */
    public String runs() {
        return base + ReportSite.RUNS_PATH + "?" + access.query(ReportAccess.ALL_RUNS, expiry());
    }

    private Instant expiry() {
        return clock.instant().plus(lifetime);
    }
}
