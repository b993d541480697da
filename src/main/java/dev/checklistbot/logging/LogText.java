package dev.checklistbot.logging;

/**
 * Makes any text safe for a one-line log record: control characters (CR, LF, tab, ESC, DEL, the C1 range), the
 * Unicode line and paragraph separators and the bidirectional overrides are written as escapes ({@code \n},
 * {@code \r}, {@code \t}, {@code \u001b}), so that no text, whoever wrote it, can start a line of its own or
 * disguise one; and the result is bounded.
 */
public final class LogText {
    private LogText() {
    }

    /**
     * @param text     any text (null gives "null", as the log pattern would)
     * @param maxChars how many characters of output at most before the cut; a cut text ends with
     *                 {@code ...[N more chars]}
     */
    public static String escape(String text, int maxChars) {
        if (text == null) {
            return "null";
        }
        int limit = Math.max(0, maxChars);
        StringBuilder out = null;
        int i = 0;
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            String escape = escapeOf(c);
            int outLength = out == null ? i : out.length();
            if (outLength + (escape == null ? 1 : escape.length()) > limit) {
                break;
            }
            if (escape != null && out == null) {
                out = new StringBuilder(Math.min(limit, text.length() + 16)).append(text, 0, i);
            }
            if (out != null) {
                if (escape == null) {
                    out.append(c);
                } else {
                    out.append(escape);
                }
            }
        }
        if (i == text.length()) {
            return out == null ? text : out.toString();
        }
        if (out == null) {
            out = new StringBuilder(limit + 24).append(text, 0, i);
        }
        return out.append("...[").append(text.length() - i).append(" more chars]").toString();
    }

    private static String escapeOf(char c) {
        switch (c) {
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\t':
                return "\\t";
            default:
                if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || (c >= '\u202a' && c <= '\u202e')
                        || (c >= '\u2066' && c <= '\u2069') || c == '\u200e' || c == '\u200f' || c == '\u061c') {
                    return String.format("\\u%04x", (int) c);
                }
                return null;
        }
    }
}
