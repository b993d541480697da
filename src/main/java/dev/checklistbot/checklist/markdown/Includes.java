package dev.checklistbot.checklist.markdown;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces DocFX include tokens ({@code [!INCLUDE[name](path)]}) by the text of the include file, the path
 * relative to the page. commonmark does not know these tokens, so this runs on the Markdown source before
 * parsing. A missing file becomes a readable name derived from the token ("btsBizTalkServerNoVersion" ->
 * "BizTalk Server"), never the raw token.
 */
final class Includes {

    static final Pattern TOKEN = Pattern.compile(
            "\\[!INCLUDE\\s*\\[([^\\]]*)\\]\\(\\s*<?([^)\\s>]*)>?\\s*\\)\\s*\\]", Pattern.CASE_INSENSITIVE);
    private static final int MAX_DEPTH = 3;
    private static final long MAX_INCLUDE_BYTES = 100_000;

    /** Product names that camel-case splitting would break apart, and abbreviations used in token names. */
    private static final List<Map.Entry<String, String>> READABLE = List.of(
            Map.entry("Biz Talk", "BizTalk"),
            Map.entry("Share Point", "SharePoint"),
            Map.entry("Power Shell", "PowerShell"),
            Map.entry("V Studio", "Visual Studio"),
            Map.entry("Co Name", "Microsoft"),
            Map.entry("Win ", "Windows "));

    private Includes() {
    }

    /**
     * The text with every include token replaced; {@code pageDir} may be null (text without a file). Only
     * Markdown files inside {@code root} (the docset) are read: a page cannot pull other files into a checklist.
     */
    static String expand(String text, Path pageDir, Path root) {
        return expand(text, pageDir, root, 0);
    }

    private static String expand(String text, Path pageDir, Path root, int depth) {
        Matcher m = TOKEN.matcher(text);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (m.find()) {
            out.append(text, last, m.start());
            String content = depth < MAX_DEPTH ? read(pageDir, root, m.group(2), depth) : null;
            if (content == null) {
                content = readableName(m.group(1), m.group(2));
            }
            boolean aloneOnLine = lineStart(text, m.start()).isBlank() && lineEnd(text, m.end()).isBlank();
            out.append(aloneOnLine ? content : content.replaceAll("\\s+", " ").strip());
            last = m.end();
        }
        out.append(text.substring(last));
        return out.toString();
    }

    private static String read(Path pageDir, Path root, String path, int depth) {
        if (pageDir == null || root == null || path.isBlank() || path.contains("://")
                || !path.toLowerCase(java.util.Locale.ROOT).endsWith(".md")) {
            return null;
        }
        try {
            Path file = pageDir.resolve(path.replace('\\', '/')).normalize();
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_INCLUDE_BYTES
                    || !file.toRealPath().startsWith(root.toRealPath())) {
                return null;
            }
            String text = Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n").replace('\r', '\n');
            String body = FrontMatter.split(text.startsWith("\uFEFF") ? text.substring(1) : text).body().strip();
            return body.isEmpty() ? null : expand(body, file.getParent(), root, depth + 1);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** "btsBizTalkServerNoVersion" -> "BizTalk Server"; falls back on the file name when the token has no name. */
    static String readableName(String name, String path) {
        String base = name == null ? "" : name.strip();
        if (base.isEmpty() && path != null) {
            String file = path.replace('\\', '/');
            base = file.substring(file.lastIndexOf('/') + 1).replaceAll("(?i)(-md)?\\.md$", "");
        }
        base = base.replaceAll("^[a-z]{2,4}(?=[A-Z])", "")          // "bts" in btsBizTalkServer
                .replaceAll("(?i)[-_]md$", "")
                .replaceAll("(?i)NoVersion$", "")
                .replaceAll("[-_]+", " ");
        String words = base.replaceAll("([a-z0-9])([A-Z])", "$1 $2")
                .replaceAll("([A-Z])([A-Z][a-z])", "$1 $2")
                .replaceAll("\\s+", " ").strip() + " ";
        for (Map.Entry<String, String> e : READABLE) {
            words = words.replace(e.getKey(), e.getValue());
        }
        words = words.strip();
        return words.isEmpty() ? "(included text)" : words;
    }

    private static String lineStart(String text, int index) {
        int start = text.lastIndexOf('\n', index - 1) + 1;
        return text.substring(start, index);
    }

    private static String lineEnd(String text, int index) {
        int end = text.indexOf('\n', index);
        return text.substring(index, end < 0 ? text.length() : end);
    }
}
