package dev.checklistbot.render;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Markdown text with code (a step's details): fenced code blocks and code spans are the commands a person copies,
 * so every platform keeps them as code. Splitting for a platform's size limit happens at line ends, and a block cut
 * in two is closed at the end of the first part and opened again (same fence, same language) at the start of the
 * next, so no part shows half a block as prose. Platform escaping of prose goes through
 * {@link #outsideCode(String, UnaryOperator)}, which leaves code as it is.
 */
public final class CodeBlocks {

    private static final Pattern FENCE = Pattern.compile("^( {0,3})(`{3,}|~{3,})([^`\\n]*)$");
    private static final Pattern SPAN = Pattern.compile("(`+)(?!`)(.+?)(?<!`)\\1(?!`)");

    private enum Kind { PROSE, OPEN, CODE, CLOSE }

    /** One line; {@code fence} is the opening fence line of the block it belongs to (null for prose). */
    private record Line(String text, Kind kind, String fence) {
        String closer() {
            String s = fence.strip();
            int i = 0;
            while (i < s.length() && s.charAt(i) == s.charAt(0)) {
                i++;
            }
            return s.substring(0, i);
        }
    }

    private CodeBlocks() {
    }

    private static List<Line> lines(String markdown) {
        List<Line> lines = new ArrayList<>();
        String open = null;
        String closer = null;
        for (String text : markdown.split("\n", -1)) {
            Matcher m = FENCE.matcher(text);
            boolean fence = m.matches();
            if (open == null && fence) {
                open = text.strip();
                closer = m.group(2);
                lines.add(new Line(text, Kind.OPEN, open));
            } else if (open != null && fence && m.group(3).isBlank() && m.group(2).charAt(0) == closer.charAt(0)
                    && m.group(2).length() >= closer.length()) {
                lines.add(new Line(text, Kind.CLOSE, open));
                open = null;
            } else {
                lines.add(new Line(text, open == null ? Kind.PROSE : Kind.CODE, open));
            }
        }
        return lines;
    }

    /** True if the text holds a fenced code block. */
    public static boolean hasBlocks(String markdown) {
        return markdown != null && lines(markdown).stream().anyMatch(l -> l.kind() == Kind.OPEN);
    }

    /** The text with {@code prose} applied to everything but fenced blocks and code spans. */
    public static String outsideCode(String markdown, UnaryOperator<String> prose) {
        List<String> out = new ArrayList<>();
        List<String> run = new ArrayList<>();
        for (Line line : lines(markdown)) {
            if (line.kind() == Kind.PROSE) {
                run.add(line.text());
            } else {
                if (!run.isEmpty()) {
                    out.add(spans(String.join("\n", run), prose));
                    run.clear();
                }
                out.add(line.text());
            }
        }
        if (!run.isEmpty()) {
            out.add(spans(String.join("\n", run), prose));
        }
        return String.join("\n", out);
    }

    private static String spans(String text, UnaryOperator<String> prose) {
        StringBuilder out = new StringBuilder();
        Matcher m = SPAN.matcher(text);
        int last = 0;
        while (m.find()) {
            out.append(prose.apply(text.substring(last, m.start()))).append(m.group());
            last = m.end();
        }
        return out.append(prose.apply(text.substring(last))).toString();
    }

    /**
     * The text's lines for a terminal: prose and fence lines after {@code indent}, the lines of code exactly as they
     * are, so that a command is copied as written.
     */
    public static List<String> terminalLines(String markdown, String indent) {
        List<String> out = new ArrayList<>();
        for (Line line : lines(markdown)) {
            out.add(line.kind() == Kind.CODE ? line.text() : indent + line.text());
        }
        return out;
    }

    /** Opening fences without their language ("```bash" -> "```"): for Slack, which would show the word as code. */
    public static String withoutLanguages(String markdown) {
        List<String> out = new ArrayList<>();
        for (Line line : lines(markdown)) {
            out.add(line.kind() == Kind.OPEN ? line.text().substring(0, line.text().indexOf(line.closer())) + line.closer() : line.text());
        }
        return String.join("\n", out);
    }

    /**
     * The text in parts of at most {@code max} characters (max at least 20), cut at line ends (a longer line is cut
     * where it must); a code block cut in two is closed and reopened. At most {@code maxParts} parts: when the
     * text needs more, the last ends with {@code ellipsis} on a line of its own, outside any code.
     */
    public static List<String> split(String markdown, int max, int maxParts, String ellipsis) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        Line open = null; // the block open at the end of the part being built
        boolean onlyReopened = false; // the part holds nothing but a block's opening fence
        int openStart = -1; // where the part's last line starts, when that line opens a block
        List<Line> lines = lines(markdown);
        for (Line line : lines) {
            String text = line.text();
            if (line.kind() == Kind.CLOSE && onlyReopened) {
                part.setLength(0); // the block ended with the part before: no empty block after it
                onlyReopened = false;
                open = null;
                continue;
            }
            while (true) {
                Line openAfter = line.kind() == Kind.OPEN || line.kind() == Kind.CODE ? line : null;
                int reserve = openAfter == null ? 0 : openAfter.closer().length() + 1;
                int needed = (part.length() > 0 ? 1 : 0) + text.length() + reserve;
                if (part.length() + needed <= max) {
                    if (part.length() > 0) {
                        part.append('\n');
                    }
                    openStart = line.kind() == Kind.OPEN ? part.length() : -1;
                    part.append(text);
                    onlyReopened = openStart == 0;
                    break;
                }
                if (openStart > 0) {
                    // the part ends with a block's opening fence: the block starts the next part instead
                    String head = part.substring(0, openStart - 1);
                    String fenceLine = part.substring(openStart);
                    parts.add(head);
                    if (parts.size() >= maxParts) {
                        return withEllipsis(parts, max, ellipsis);
                    }
                    part.setLength(0);
                    part.append(fenceLine);
                    openStart = 0;
                    onlyReopened = true;
                    continue;
                }
                boolean fresh = part.length() == 0 || onlyReopened;
                if (!fresh && line.kind() == Kind.CLOSE && open != null) {
                    parts.add(closed(part, open)); // the closing fence this part ends with is the block's own
                    part.setLength(0);
                    openStart = -1;
                    if (parts.size() >= maxParts) {
                        return withEllipsis(parts, max, ellipsis);
                    }
                    break;
                }
                if (!fresh) {
                    parts.add(closed(part, open));
                    if (parts.size() >= maxParts) {
                        return withEllipsis(parts, max, ellipsis);
                    }
                    part.setLength(0);
                    openStart = -1;
                    if (open != null && line.kind() != Kind.OPEN) {
                        part.append(open.fence());
                        onlyReopened = true;
                    }
                    continue;
                }
                // the line does not fit even a fresh part: cut it
                int room = max - part.length() - (part.length() > 0 ? 1 : 0) - reserve;
                int cut = Math.max(1, Math.min(room, text.length()));
                if (cut < text.length() && Character.isHighSurrogate(text.charAt(cut - 1))) {
                    cut--;
                }
                if (part.length() > 0) {
                    part.append('\n');
                }
                part.append(text, 0, cut);
                text = text.substring(cut);
                parts.add(closed(part, openAfter));
                if (parts.size() >= maxParts) {
                    return withEllipsis(parts, max, ellipsis);
                }
                part.setLength(0);
                onlyReopened = false;
                openStart = -1;
                if (openAfter != null) {
                    part.append(openAfter.fence());
                    onlyReopened = true;
                }
                open = openAfter;
            }
            open = line.kind() == Kind.OPEN || line.kind() == Kind.CODE ? line : null;
        }
        if (part.length() > 0 || parts.isEmpty()) {
            parts.add(closed(part, open));
        }
        return parts;
    }

    private static String closed(StringBuilder part, Line open) {
        return open == null ? part.toString() : part + "\n" + open.closer();
    }

    private static List<String> withEllipsis(List<String> parts, int max, String ellipsis) {
        int last = parts.size() - 1;
        String text = parts.get(last);
        if (text.length() + 1 + ellipsis.length() > max) {
            text = split(text, max - ellipsis.length() - 1, 1, "").get(0);
            text = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        }
        parts.set(last, text + "\n" + ellipsis);
        return parts;
    }
}
