package dev.checklistbot.web;

import org.owasp.encoder.Encode;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Every piece of text that reaches a report page goes through here: people's notes, skip reasons, names, step texts
 * and checklist titles are all user-written. OWASP's encoder does the escaping (for element content and for quoted
 * attributes); a URL becomes a link only when it is an absolute http(s) URL, else it is shown as text.
 */
final class Html {
    private Html() {
    }

    /** For element content (HTML and inline SVG). */
    static String text(String value) {
        return value == null ? "" : Encode.forHtml(value);
    }

    /**
     * For a double-quoted attribute value. {@code forHtml} rather than {@code forHtmlAttribute}: it also encodes
     * {@code >}, so that no attribute of a page ever holds a character of markup.
     */
    static String attr(String value) {
        return value == null ? "" : Encode.forHtml(value);
    }

    /** A link to {@code url} reading {@code label}, or the label and the URL as plain text if the URL is not http(s). */
    static String link(String url, String label) {
        if (!safeUrl(url)) {
            return text(label) + (url == null ? "" : " (" + text(url) + ")");
        }
        return "<a href=\"" + attr(url) + "\" rel=\"noopener noreferrer\">" + text(label) + "</a>";
    }

    /** Absolute http or https, with a host: never javascript:, data: or a relative path. */
    static boolean safeUrl(String url) {
        if (url == null || url.length() > 3000) {
            return false;
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
