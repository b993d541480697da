package dev.checklistbot.web;

import java.time.Duration;
import java.util.Objects;

/**
 * The report pages' settings: where people reach them (REPORT_URL), the key that signs their links (REPORT_SECRET,
 * never logged) and how long a link works (REPORT_LINK_DAYS).
 */
public record ReportConfig(String baseUrl, String secret, Duration linkLifetime) {
    public ReportConfig {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(linkLifetime, "linkLifetime");
    }

    @Override
    public String toString() {
        return "ReportConfig[baseUrl=" + baseUrl + ", secret=(hidden), linkLifetime=" + linkLifetime + "]";
    }
}
