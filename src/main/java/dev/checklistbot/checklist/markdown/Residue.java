package dev.checklistbot.checklist.markdown;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Markdown-extension syntax that CommonMark does not know, handled on the source before parsing so that none of
 * it reaches a step: Hugo and Jekyll shortcodes and Liquid tags ({@code {{< note >}}}, {@code {% include x %}})
 * and kramdown attribute lists ({@code {:target="_blank"}}) are removed; MkDocs admonitions ({@code !!! note "T"}
 * with an indented body, {@code ???} collapsibles) and Docusaurus/VuePress containers ({@code :::note} ...
 * {@code :::}) become block quotes that start with "Note:" (like GitHub's {@code > [!NOTE]}), which the importer
 * keeps as details. Code (fenced blocks) is never touched.
 */
final class Residue {

    private static final Pattern FENCE = Pattern.compile("^\\s{0,3}(`{3,}|~{3,})");
    private static final Pattern SHORTCODE = Pattern.compile("\\{\\{[<%].*?[%>]\\}\\}|\\{%-?.*?-?%\\}");
    private static final Pattern ATTRIBUTE_LIST = Pattern.compile("\\{:[^}\\n]*\\}|(?<=\\S)\\{:?\\s*[.#][\\w-]+(?:\\s+[.#][\\w-]+)*\\s*\\}");
    private static final Pattern ADMONITION = Pattern.compile("^(\\s*)(?:!!!|\\?\\?\\?\\+?)\\s*([A-Za-z][\\w-]*)(?:\\s+\"([^\"]*)\")?\\s*$");
    private static final Pattern CONTAINER_OPEN = Pattern.compile(
            "(?i)^\\s{0,3}:::+\\s*\\{?(note|tip|info|warning|caution|danger|important|details|example|success|hint|attention|notice)\\b\\}?\\s*((?:(?!:::).)*)$");
    private static final Pattern CONTAINER_CLOSE = Pattern.compile("^\\s{0,3}:::+\\s*$");

    private Residue() {
    }

    static String clean(String markdown) {
        List<String> out = new ArrayList<>();
        String[] lines = markdown.split("\n", -1);
        String fence = null;
        boolean inContainer = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            Matcher f = FENCE.matcher(line);
            if (fence != null) {
                out.add(inContainer ? "> " + line : line);
                if (f.find() && f.group(1).charAt(0) == fence.charAt(0) && f.group(1).length() >= fence.length()
                        && line.strip().equals(f.group(1).strip())) {
                    fence = null;
                }
                continue;
            }
            if (f.find()) {
                fence = f.group(1);
                out.add(inContainer ? "> " + line : line);
                continue;
            }
            Matcher admonition = ADMONITION.matcher(line);
            if (admonition.matches()) {
                String indent = admonition.group(1);
                out.add(indent + "> " + label(admonition.group(2), admonition.group(3)));
                int j = i + 1;
                String bodyIndent = indent + "    ";
                for (; j < lines.length; j++) {
                    String body = lines[j];
                    if (body.isBlank()) {
                        out.add(indent + ">");
                    } else if (body.startsWith(bodyIndent) || body.startsWith(indent + "\t")) {
                        out.add(indent + "> " + cleanLine(body.substring(body.startsWith(bodyIndent) ? bodyIndent.length() : indent.length() + 1)));
                    } else {
                        break;
                    }
                }
                while (!out.isEmpty() && out.get(out.size() - 1).strip().equals(">")) {
                    out.remove(out.size() - 1);
                }
                out.add("");
                i = j - 1;
                continue;
            }
            if (!inContainer) {
                Matcher open = CONTAINER_OPEN.matcher(line);
                if (open.matches()) {
                    inContainer = true;
                    String title = open.group(2).strip();
                    out.add("> " + label(open.group(1), title.isEmpty() ? null : title));
                    continue;
                }
            } else if (CONTAINER_CLOSE.matcher(line).matches()) {
                inContainer = false;
                out.add("");
                continue;
            }
            out.add(inContainer ? "> " + cleanLine(line) : cleanLine(line));
        }
        return String.join("\n", out);
    }

    /** Shortcodes and attribute lists out of one line (not of code spans: a line with backticks keeps its spans). */
    private static String cleanLine(String line) {
        if (line.indexOf('{') < 0) {
            return line;
        }
        String cleaned = ATTRIBUTE_LIST.matcher(SHORTCODE.matcher(line).replaceAll("")).replaceAll("");
        return cleaned.isBlank() && !line.isBlank() ? "" : cleaned;
    }

    /** "note", "Documentation" -> "Note (Documentation):"; "info" and "abstract" read as a note. */
    private static String label(String type, String title) {
        String word = switch (type.toLowerCase(Locale.ROOT)) {
            case "warning", "caution", "danger", "attention", "error", "failure", "bug" -> "Warning";
            case "tip", "hint", "success", "check" -> "Tip";
            case "important" -> "Important";
            case "example" -> "Example";
            default -> "Note";
        };
        return title == null || title.isBlank() ? word + ":" : word + " (" + title.strip() + "):";
    }
}
