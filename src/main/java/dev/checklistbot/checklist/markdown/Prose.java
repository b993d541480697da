package dev.checklistbot.checklist.markdown;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Judgements about rendered text that still holds link placeholders: is it only references, does it end with
 * a pointer sentence ("For more information, see [X]."), where do its paragraphs and bullets start, and is the
 * step it describes conditional.
 */
final class Prose {

    private static final String LINK = InlineText.OPEN + "\\d+" + InlineText.CLOSE;

    /** A sentence that only sends the reader to links: "See X.", "For more information, go to:", "For more information about Y, see X and Z." */
    private static final Pattern POINTER = Pattern.compile(
            "(?i)^\\s*(?:(?:for\\s+(?:more\\s+|additional\\s+|further\\s+|detailed\\s+)?(?:information|info|details|instructions)"
                    + "|to\\s+learn\\s+(?:more|how)|more\\s+information|learn\\s+more)\\b[^.\\n" + InlineText.OPEN + "]{0,150}?)?"
                    + "\\b(?:see|go\\s+to|refer\\s+to|visit|read)\\b(?:\\s+also)?[^.\\n" + InlineText.OPEN + "]{0,80}?:?\\s*"
                    + "(?<links>(?:" + LINK + "[\\s,;]*(?:(?:and|or)\\s+)?)+)?"
                    + "(?:\\s*for\\s+(?:more\\s+)?(?:guidance|details|information|instructions|more\\s+information))?[.:]?\\s*$");
    private static final int MAX_POINTER_CHARS = 1_000;
    private static final Pattern SENTENCE_START = Pattern.compile("(?<=[.!?:])\\s+|\\n");
    /** What may stand between links in a cell that only lists references. */
    private static final Pattern FILLER = Pattern.compile(
            "(?i)[\\s,;.:|/&()\\-–—•*]*(?:(?:and|or|see|also|see also)\\b[\\s,;.:|/&()\\-–—•*]*)*");
    private static final Pattern BULLET = Pattern.compile("^\\s*(?:[-*+•]|\\d+[.)])\\s+");

    /** Conditional wording: the step applies only in some set-ups. */
    private static final Pattern CONDITIONAL_START = Pattern.compile(
            "(?i)^\\s*(?:\\(optional\\)|optional(?:ly)?\\b|if\\b|when\\s+(?:you\\s+)?(?:are\\s+)?using\\b|where\\s+applicable\\b|for\\s+\\w+(?:\\s+\\w+)?\\s+only\\b)");
    private static final Pattern CONDITIONAL_ANYWHERE = Pattern.compile(
            "(?i)(?:do(?:es)?\\s+not|don't|doesn't|need\\s+not)\\s+(?:need\\s+to\\s+)?(?:perform|do|complete|run)\\s+this\\s+step"
                    + "|(?:you\\s+can|may)\\s+skip\\s+this\\s+step|this\\s+step\\s+is\\s+optional"
                    + "|this\\s+step\\s+is\\s+(?:only\\s+)?(?:required|needed|necessary)\\s+(?:only\\s+)?(?:if|when|for|in)\\b"
                    + "|\\bis\\s+not\\s+(?:required|needed|necessary)\\s+(?:for|if|when|unless)\\b"
                    + "|\\bonly\\s+(?:required|needed|necessary|applies)\\s+(?:if|when|for)\\b"
                    + "|\\bskip\\s+this\\s+step\\s+if\\b");

    private Prose() {
    }

    /** True if the text holds nothing but links and separators ("[A](a), [B](b)"), or nothing at all. */
    static boolean onlyLinks(String text) {
        return FILLER.matcher(text.replaceAll(LINK, " ")).matches();
    }

    static boolean hasLinks(String text) {
        return text.indexOf(InlineText.OPEN) >= 0;
    }

    /**
     * Removes trailing pointer sentences ("For more information, see [X]."): the links stay on the step as
     * references, so the sentence would only repeat them. Text that is nothing but a pointer comes back empty.
     */
    static String dropTrailingPointers(String text) {
        String current = text.stripTrailing();
        while (true) {
            String shorter = dropOnePointer(current);
            if (shorter == null) {
                return current;
            }
            current = shorter;
        }
    }

    private static String dropOnePointer(String text) {
        if (text.isEmpty()) {
            return null;
        }
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        Matcher m = SENTENCE_START.matcher(text);
        while (m.find()) {
            if (m.end() < text.length()) {
                starts.add(m.end());
            }
        }
        // from the last sentence backwards; a pointer sentence is short, so only the text's tail is tried
        for (int i = starts.size() - 1; i >= 0 && text.length() - starts.get(i) <= MAX_POINTER_CHARS; i--) {
            int start = starts.get(i);
            Matcher p = POINTER.matcher(text.substring(start));
            if (p.matches() && (p.group("links") != null || text.stripTrailing().endsWith(":"))) {
                return text.substring(0, start).stripTrailing();
            }
        }
        return null;
    }

    /**
     * Splits rendered inline text (lines from {@code <br>}) into paragraphs: a blank line ends one, and a run of
     * bullet lines ("-   item") is a paragraph of its own, written as "- item" lines. Single line breaks stay.
     */
    static List<String> paragraphs(String text) {
        List<String> paragraphs = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean currentIsBullets = false;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty()) {
                flush(paragraphs, current);
                continue;
            }
            Matcher bullet = BULLET.matcher(line);
            boolean isBullet = bullet.find();
            if (current.length() > 0 && isBullet != currentIsBullets) {
                flush(paragraphs, current);
            }
            if (isBullet) {
                if (current.length() > 0) {
                    current.append('\n');
                }
                current.append("- ").append(line.substring(bullet.end()).strip());
            } else {
                if (current.length() > 0) {
                    current.append('\n');
                }
                current.append(line);
            }
            currentIsBullets = isBullet;
        }
        flush(paragraphs, current);
        return paragraphs;
    }

    private static void flush(List<String> paragraphs, StringBuilder current) {
        if (current.length() > 0) {
            paragraphs.add(current.toString());
            current.setLength(0);
        }
    }

    private static final Pattern NOTE = Pattern.compile(
            "(?s)^(.*?[.!?:])\\s+((?:Note|Important|Tip|Caution|Warning):\\s.*)$");

    private static final Pattern BARE_LABEL = Pattern.compile("(?i)^\\s*(?:note|important|tip|caution|warning)\\s*:?\\s*$");

    /**
     * True if all that is left is a note's label: "> [!NOTE] For more information, see [X]." without its pointer
     * sentence (whose links the step keeps) would be a dangling "Note:".
     */
    static boolean bareLabel(String text) {
        return BARE_LABEL.matcher(text).matches();
    }

    /** "Do X. Note: Y" -> ["Do X.", "Note: Y"]; text without such a note -> [text]. */
    static String[] splitNote(String text) {
        Matcher m = NOTE.matcher(text);
        return m.matches() ? new String[] {m.group(1).strip(), m.group(2).strip()} : new String[] {text};
    }

    /** True if the step's own words make it conditional ("If you are using BAM, ...", "... you do not need to perform this step"). */
    static boolean conditional(String stepText, String ownProse) {
        return CONDITIONAL_START.matcher(stepText).find()
                || CONDITIONAL_ANYWHERE.matcher(stepText).find()
                || (ownProse != null && CONDITIONAL_ANYWHERE.matcher(ownProse).find());
    }
}
