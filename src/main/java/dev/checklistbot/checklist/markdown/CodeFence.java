package dev.checklistbot.checklist.markdown;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Code as Markdown code: a block keeps its lines byte for byte inside a backtick fence (its language, the first
 * word of the info string, after the opening fence); a code span keeps its backticks. The fence is longer than
 * any backtick run in the code, so no line of the code can close it early.
 */
final class CodeFence {

    private static final Pattern BACKTICKS = Pattern.compile("`+");
    /** Only a backtick run at a line's start (after up to three spaces) could close a fence. */
    private static final Pattern CLOSING = Pattern.compile("(?m)^ {0,3}(`{3,})");

    private CodeFence() {
    }

    /** A fenced block of {@code literal} (as the parser gives it: lines ending with a new line). */
    static String block(String info, String literal) {
        String code = literal.endsWith("\n") ? literal.substring(0, literal.length() - 1) : literal;
        int run = 0;
        Matcher closing = CLOSING.matcher(code);
        while (closing.find()) {
            run = Math.max(run, closing.group(1).length());
        }
        String fence = "`".repeat(Math.max(3, run + 1));
        String language = info == null ? "" : info.strip().split("[\\s{]", 2)[0];
        if (!language.matches("[A-Za-z0-9_+#.-]{1,30}")) {
            language = "";
        }
        return fence + language + "\n" + code + "\n" + fence;
    }

    /** A code span: {@code `x`}, or {@code `` a`b ``} when the code holds backticks. */
    static String inline(String literal) {
        if (literal.isEmpty()) {
            return "";
        }
        String fence = "`".repeat(longestRun(literal) + 1);
        boolean pad = literal.startsWith("`") || literal.endsWith("`");
        return fence + (pad ? " " : "") + literal + (pad ? " " : "") + fence;
    }

    private static int longestRun(String text) {
        int longest = 0;
        Matcher m = BACKTICKS.matcher(text);
        while (m.find()) {
            longest = Math.max(longest, m.end() - m.start());
        }
        return longest;
    }
}
