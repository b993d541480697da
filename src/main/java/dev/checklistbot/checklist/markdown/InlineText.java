package dev.checklistbot.checklist.markdown;

import org.commonmark.node.Code;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.Text;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Inline Markdown (a paragraph, a table cell) as plain text. Emphasis, code spans and HTML tags are
 * reduced to their text; {@code <br>} and hard breaks become new lines; each link becomes a placeholder
 * ({@code \uE000n\uE001}) so that callers can tell prose from a bare list of references before turning the
 * placeholders back into the links' titles with {@link #plain(String)}.
 */
final class InlineText {

    /**
     * @param echo true for a bare URL that only repeats the link before it ("[Title](url) (&lt;url&gt;)"): not a reference of its own
     */
    record RawLink(String title, String destination, boolean echo) {
    }

    static final char OPEN = '\uE000';
    static final char CLOSE = '\uE001';
    static final Pattern PLACEHOLDER = Pattern.compile(OPEN + "(\\d+)" + CLOSE);

    private static final Pattern BR = Pattern.compile("(?i)<br\\s*/?>");
    private static final Pattern A_OPEN = Pattern.compile("(?i)<a\\b[^>]*>");
    private static final Pattern HREF = Pattern.compile("(?i)\\bhref\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s>]+))");
    private static final Pattern A_CLOSE = Pattern.compile("(?i)</a\\s*>");
    private static final Pattern TAG = Pattern.compile("(?s)</?[a-zA-Z][a-zA-Z0-9-]*(?:\\s[^>]*)?/?>|<!--.*?-->");
    /** "[Title](url) (https://url)" or "[Title](url) (<https://url>)": older pages print the URL again after the link. */
    private static final Pattern ECHO_TEXT = Pattern.compile(
            "(" + OPEN + "\\d+" + CLOSE + ")[ \\t]*\\([ \\t]*<?https?://[^\\s<>]*?>?[ \\t]*\\)(?=[\\s.,;:]|$)");
    private static final Pattern ECHO_LINK = Pattern.compile(
            "(" + OPEN + "\\d+" + CLOSE + ")[ \\t]*\\([ \\t]*" + OPEN + "(\\d+)" + CLOSE + "[ \\t]*\\)");
    private static final Pattern URL_TEXT = Pattern.compile("(?i)^(?:https?://|www\\.)\\S*$");
    private static final Pattern ALERT = Pattern.compile("\\[!(NOTE|TIP|IMPORTANT|CAUTION|WARNING)\\]", Pattern.CASE_INSENSITIVE);

    private static final Pattern SUP_OPEN = Pattern.compile("(?i)<sup\\s*>");
    private static final Pattern SUP_CLOSE = Pattern.compile("(?i)</sup\\s*>");
    private static final Pattern FOOTNOTE_MARK = Pattern.compile("[\\s\\d*†‡,]*");

    private final List<RawLink> links = new ArrayList<>();
    /** Code spans stay code ({@code `oc get nodes`}) in steps and details; titles take only their text. */
    private final boolean keepCode;
    private int supStart = -1;
    private StringBuilder out = new StringBuilder();
    private String openHref;               // inside <a href=...> ... </a>
    private StringBuilder anchorText;

    InlineText() {
        this(true);
    }

    InlineText(boolean keepCode) {
        this.keepCode = keepCode;
    }

    List<RawLink> links() {
        return links;
    }

    /** Renders the children of {@code parent}; the text keeps link placeholders. */
    String render(Node parent) {
        out = new StringBuilder();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNext()) {
            inline(child);
        }
        closeAnchor();
        return dropEchoes(out.toString());
    }

    private String dropEchoes(String text) {
        Matcher m = ECHO_LINK.matcher(text);
        StringBuilder kept = new StringBuilder();
        while (m.find()) {
            int echo = Integer.parseInt(m.group(2));
            RawLink link = links.get(echo);
            if (URL_TEXT.matcher(link.title()).matches()) {
                links.set(echo, new RawLink(link.title(), link.destination(), true));
                m.appendReplacement(kept, Matcher.quoteReplacement(m.group(1)));
            } else {
                m.appendReplacement(kept, Matcher.quoteReplacement(m.group()));
            }
        }
        m.appendTail(kept);
        return ECHO_TEXT.matcher(kept).replaceAll(r -> Matcher.quoteReplacement(r.group(1)));
    }

    private void inline(Node node) {
        if (node instanceof Text text) {
            append(alerts(text.getLiteral()));
        } else if (node instanceof Code code) {
            append(keepCode ? CodeFence.inline(code.getLiteral()) : code.getLiteral());
        } else if (node instanceof SoftLineBreak) {
            append(" ");
        } else if (node instanceof HardLineBreak) {
            append("\n");
        } else if (node instanceof Link link) {
            StringBuilder saved = out;
            out = new StringBuilder();
            for (Node child = link.getFirstChild(); child != null; child = child.getNext()) {
                inline(child);
            }
            String title = strip(PLACEHOLDER.matcher(out.toString()).replaceAll(""));
            out = saved;
            append(placeholder(title, link.getDestination()));
        } else if (node instanceof Image) {
            // a picture cannot be a step; its alt text would read as a stray word, so it is left out
        } else if (node instanceof HtmlInline html) {
            html(html.getLiteral());
        } else {
            for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
                inline(child);
            }
        }
    }

    /** Inline HTML: {@code <br>} breaks the line, {@code <a href>} is a link, other tags vanish, the rest is text. */
    private void html(String literal) {
        if (BR.matcher(literal).matches()) {
            append("\n");
        } else if (A_OPEN.matcher(literal).matches()) {
            closeAnchor();
            Matcher href = HREF.matcher(literal);
            if (href.find()) {
                openHref = href.group(1) != null ? href.group(1) : href.group(2) != null ? href.group(2) : href.group(3);
                anchorText = new StringBuilder();
            }
        } else if (A_CLOSE.matcher(literal).matches()) {
            closeAnchor();
        } else if (SUP_OPEN.matcher(literal).matches()) {
            supStart = (openHref != null ? anchorText : out).length();
        } else if (SUP_CLOSE.matcher(literal).matches() && supStart >= 0) {
            StringBuilder buffer = openHref != null ? anchorText : out;
            if (supStart <= buffer.length() && FOOTNOTE_MARK.matcher(buffer.substring(supStart)).matches()) {
                buffer.setLength(supStart); // a footnote marker ("Startup type<sup>1</sup>") is not part of the words
            }
            supStart = -1;
        } else if (!TAG.matcher(literal).matches()) {
            append(literal); // not a tag (for example "<!channel>"): plain characters, escaped by whoever renders them
        }
    }

    private void closeAnchor() {
        if (openHref != null) {
            String href = openHref;
            String title = strip(anchorText.toString());
            openHref = null;
            anchorText = null;
            out.append(placeholder(title, href));
        }
    }

    private void append(String s) {
        (openHref != null ? anchorText : out).append(s);
    }

    private String placeholder(String title, String destination) {
        links.add(new RawLink(title, destination, false));
        return OPEN + String.valueOf(links.size() - 1) + CLOSE;
    }

    private static String alerts(String text) {
        Matcher m = ALERT.matcher(text);
        if (!m.find()) {
            return text;
        }
        return m.replaceAll(r -> {
            String word = r.group(1).toLowerCase(java.util.Locale.ROOT);
            return Character.toUpperCase(word.charAt(0)) + word.substring(1) + ":";
        });
    }

    /** The text with each placeholder replaced by its link's title, spaces tidied line by line. */
    String plain(String withPlaceholders) {
        Matcher m = PLACEHOLDER.matcher(withPlaceholders);
        String text = m.replaceAll(r -> Matcher.quoteReplacement(links.get(Integer.parseInt(r.group(1))).title()));
        return strip(text);
    }

    /**
     * The text with each placeholder replaced by its link written out for a reader of plain text: "Title (URL)",
     * or the URL alone when the title is only a URL or empty; a link {@code resolve} cannot make absolute keeps its title.
     */
    String withUrls(String withPlaceholders, java.util.function.Function<String, java.util.Optional<String>> resolve) {
        Matcher m = PLACEHOLDER.matcher(withPlaceholders);
        String text = m.replaceAll(r -> {
            RawLink link = links.get(Integer.parseInt(r.group(1)));
            java.util.Optional<String> url = resolve.apply(link.destination());
            if (url.isEmpty()) {
                return Matcher.quoteReplacement(link.title());
            }
            boolean bare = link.title().isBlank() || URL_TEXT.matcher(link.title()).matches();
            return Matcher.quoteReplacement(bare ? url.get() : link.title() + " (" + url.get() + ")");
        });
        return strip(text);
    }

    /** Collapses runs of spaces within lines, trims every line, drops control characters and leading/trailing blank lines. */
    static String strip(String text) {
        String[] lines = text.replaceAll("[\\p{Cntrl}&&[^\\n\\t]]", "").split("\n", -1);
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            out.append(line.replaceAll("[ \\t\\u00A0]+", " ").strip()).append('\n');
        }
        return out.toString().replaceAll("\n{3,}", "\n\n").strip();
    }
}
