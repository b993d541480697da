package dev.checklistbot.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The frame of every report page: one inline style sheet allowed by its hash (so a saved page needs no other file,
 * and the policy still refuses every other style and every script), the viewport for phones, and the same
 * Content-Security-Policy as a meta element (for a page saved to a file) and as a header (when served).
 */
final class PageLayout {
    static final String CSS = """
            :root{--fg:#1d2330;--muted:#5b6475;--line:#dfe3ea;--bg:#f6f7f9;--card:#fff;--done:#2e8b57;--skipped:#9aa3b2;\
            --open:#d98e04;--accent:#2457c5;--bad:#b3261e}
            *{box-sizing:border-box}
            body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;\
            color:var(--fg);background:var(--bg)}
            main{max-width:980px;margin:0 auto;padding:16px}
            h1{font-size:1.5rem;margin:.2em 0 .4em;overflow-wrap:anywhere}
            h2{font-size:1.15rem;margin:1.6em 0 .6em;border-bottom:1px solid var(--line);padding-bottom:.2em}
            h3{font-size:1rem;margin:0 0 .3em;overflow-wrap:anywhere}
            a{color:var(--accent)}
            .card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px 14px;margin:10px 0}
            dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 14px;margin:0}
            dl.facts dt{color:var(--muted)}
            dl.facts dd{margin:0;overflow-wrap:anywhere}
            .outcome{font-weight:600;text-transform:capitalize}
            .outcome.completed{color:var(--done)} .outcome.aborted{color:var(--bad)} .outcome.active{color:var(--open)}
            .downloads a{display:inline-block;margin:4px 10px 0 0;padding:6px 12px;border:1px solid var(--accent);\
            border-radius:6px;text-decoration:none}
            .timeline{margin:0}
            .rows{list-style:none;margin:0;padding:0}
            .row{padding:8px 0;border-bottom:1px dashed var(--line)}
            .label{font-weight:600;overflow-wrap:anywhere}
            .num{display:inline-block;min-width:1.6em;height:1.6em;line-height:1.6em;text-align:center;border-radius:50%;\
            background:var(--line);font-size:.85em}
            .state{font-weight:400;font-size:.8em;padding:1px 6px;border-radius:4px;background:var(--line)}
            .state.done{background:#dff1e6} .state.skipped{background:#eceef2} .state.claimed,.state.pending{background:#fdf0d5}
            .meta{color:var(--muted);font-size:.9em}
            .over{color:var(--bad)}
            svg.track{display:block;width:100%;height:16px;background:var(--bg);border-radius:3px;margin-top:4px}
            rect.bar.done{fill:var(--done)} rect.bar.skipped{fill:var(--skipped)} rect.bar.open{fill:var(--open)}
            rect.expected{fill:none;stroke:var(--accent);stroke-width:1.5;stroke-dasharray:4 3}
            .axis{display:flex;justify-content:space-between;color:var(--muted);font-size:.8em;margin-top:4px}
            figcaption,.caption{color:var(--muted);font-size:.85em;margin-top:6px}
            svg.trend{display:block;width:100%;height:auto;max-height:220px}
            rect.run.completed{fill:var(--done)} rect.run.aborted{fill:var(--bad)} line.base{stroke:var(--line)}
            ul.plain{margin:.3em 0;padding-left:1.2em}
            ul.plain li{overflow-wrap:anywhere}
            p.verdict-line{overflow-wrap:anywhere}
            .who{color:var(--muted)}
            .table{overflow-x:auto}
            table{border-collapse:collapse;width:100%;font-size:.9em}
            th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:top;overflow-wrap:anywhere}
            th{color:var(--muted);font-weight:600}
            .verdict{font-weight:600;padding:6px 10px;border-radius:6px;display:inline-block}
            .verdict.verified{background:#dff1e6;color:var(--done)} .verdict.broken{background:#fbe3e1;color:var(--bad)}
            .verdict.not_verified{background:#eceef2;color:var(--muted)}
            footer{color:var(--muted);font-size:.8em;margin:2em 0 1em}
            @media (max-width:600px){main{padding:10px}body{font-size:14px}dl.facts{grid-template-columns:1fr}\
            dl.facts dt{margin-top:4px}table.stack,table.stack tbody,table.stack tr,table.stack td{display:block}\
            table.stack thead{display:none}table.stack tr{border-bottom:1px solid var(--line);padding:6px 0}\
            table.stack td{border:none;padding:1px 4px}table.stack td:empty{display:none}}
            """;
    /** The style sheet's hash, as CSP names it: the only style the policy allows. */
    static final String STYLE_HASH = "'sha256-" + sha256(CSS) + "'";
    /** No script at all, no fetch, no frame; the one style sheet; images only from data: URIs or this server. */
    static final String POLICY = "default-src 'none'; style-src " + STYLE_HASH + "; img-src 'self' data:;"
            + " base-uri 'none'; form-action 'none'";
    /** The header also forbids framing (frame-ancestors works only as a header). */
    static final String POLICY_HEADER = POLICY + "; frame-ancestors 'none'";

    private PageLayout() {
    }

    static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<meta http-equiv=\"Content-Security-Policy\" content=\"" + Html.attr(POLICY) + "\">\n"
                + "<meta name=\"referrer\" content=\"no-referrer\">\n"
                + "<title>" + Html.text(title) + "</title>\n<style>" + CSS + "</style>\n</head>\n<body>\n<main>\n"
                + body + "<footer>checklist-bot · times in UTC</footer>\n</main>\n</body>\n</html>\n";
    }

    private static String sha256(String text) {
        try {
            return Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
