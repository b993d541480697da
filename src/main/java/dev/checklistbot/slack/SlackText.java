package dev.checklistbot.slack;

import dev.checklistbot.render.CodeBlocks;
import dev.checklistbot.render.Wording;
import dev.checklistbot.run.Actor;
import dev.checklistbot.run.ReplyText;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Slack mrkdwn text: escaping, mentions, links and trimming at Slack's limits.
 *
 * <p>Slack needs only {@code &}, {@code <} and {@code >} escaped. Mentions ({@code <!channel>}, {@code <!here>},
 * {@code <@U..>}) fire only in their raw angle-bracket form, so escaping every text a user typed or a file
 * supplied makes it impossible to ping anyone through the bot. The bot never sets {@code link_names} or
 * {@code parse=full}.
 */
public final class SlackText {
    /** What Slack user ids look like: only these are written as mentions. */
    private static final Pattern USER_ID = Pattern.compile("[UW][A-Z0-9]{2,}");
    static final String ELLIPSIS = Wording.ELLIPSIS;

    private SlackText() {
    }

    /** Escapes text for any mrkdwn or plain text field, including the fallback {@code text}. */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Turns text as Slack sends it (with {@code &amp; &lt; &gt;}) back into what the person typed. */
    public static String unescape(String text) {
        if (text == null) {
            return null;
        }
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    /** A person: a mention when the id is a Slack user id, otherwise the escaped name. */
    public static String person(Actor actor) {
        if (actor == null) {
            return "someone";
        }
        return USER_ID.matcher(actor.id()).matches() ? "<@" + actor.id() + ">" : escape(actor.name());
    }

    /** A reply for a person: text parts escaped, actors written as mentions. */
    public static String reply(ReplyText reply) {
        StringBuilder out = new StringBuilder();
        for (Object part : reply.parts()) {
            out.append(part instanceof Actor actor ? person(actor) : escape((String) part));
        }
        return out.toString();
    }

    /** A clickable link {@code <url|title>}; the URL is kept from closing the link early. */
    public static String link(String url, String title) {
        String safeUrl = url.replace("&", "&amp;").replace("<", "%3C").replace(">", "%3E").replace("|", "%7C");
        return "<" + safeUrl + "|" + escape(title).replace("|", "¦") + ">";
    }

    /** Plain text (buttons, headers) trimmed to {@code max} characters. */
    public static String plain(String text, int max) {
        return trim(text == null ? "" : text, max);
    }

    /**
     * Trims already escaped mrkdwn to at most {@code max} characters, ending with an ellipsis, never inside a
     * {@code <...>} link or mention, an {@code &amp;} entity or a surrogate pair.
     */
    public static String trim(String mrkdwn, int max) {
        if (mrkdwn.length() <= max) {
            return mrkdwn;
        }
        int cut = max - ELLIPSIS.length();
        int lt = mrkdwn.lastIndexOf('<', cut - 1);
        int gt = mrkdwn.lastIndexOf('>', cut - 1);
        if (lt > gt) {
            cut = lt;
        }
        int amp = mrkdwn.lastIndexOf('&', cut - 1);
        if (amp >= 0 && amp >= cut - 6 && mrkdwn.indexOf(';', amp) >= cut) {
            cut = amp;
        }
        if (cut > 0 && Character.isHighSurrogate(mrkdwn.charAt(cut - 1))) {
            cut--;
        }
        return mrkdwn.substring(0, Math.max(0, cut)).stripTrailing() + ELLIPSIS;
    }

    /**
     * A step's details (Markdown with code) as mrkdwn sections of at most {@code max} characters: escaped, code
     * blocks kept as Slack code blocks (without the language word Slack would show as code), a block cut between
     * two sections closed and reopened; at most {@code maxParts} sections, the last ending with an ellipsis.
     */
    public static List<String> details(String markdown, int max, int maxParts) {
        return CodeBlocks.split(CodeBlocks.withoutLanguages(escape(markdown)), max, maxParts, ELLIPSIS);
    }

    /** Joins lines into one text of at most {@code max} characters; lines that do not fit become an ellipsis. */
    public static String lines(List<String> lines, int max) {
        return Wording.fit(lines, max, SlackText::trim);
    }
}
