package dev.checklistbot.web;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** An answer of the report site, before any HTTP server gives it its form. */
public record WebResponse(int status, String contentType, Map<String, String> headers, byte[] body) {

    public WebResponse {
        headers = Map.copyOf(headers);
    }

    static WebResponse of(int status, String contentType, String body, Map<String, String> extraHeaders) {
        Map<String, String> headers = new LinkedHashMap<>(SECURITY_HEADERS);
        headers.putAll(extraHeaders);
        return new WebResponse(status, contentType, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Sent with every answer, a 404 as much as a page: no script, no sniffing, no referrer, no cache. */
    static final Map<String, String> SECURITY_HEADERS = Map.of(
            "Content-Security-Policy", PageLayout.POLICY_HEADER,
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            "Cache-Control", "private, no-store",
            "X-Frame-Options", "DENY");
}
