package dev.checklistbot.discord;

import dev.checklistbot.render.CodeBlocks;
import dev.checklistbot.render.Wording;
import dev.checklistbot.run.Actor;
import dev.checklistbot.run.Platform;
import dev.checklistbot.run.ReplyText;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Discord text: people as mentions, every other text made unable to mention, links, and trimming at Discord's
 * limits.
 *
 * <p>Two guards, so that nothing a person typed or a file supplied can ping anyone: every message the bot sends says
 * in {@code allowed_mentions} exactly which users it may ping (the people the bot itself names, never
 * {@code @everyone}, {@code @here} or a role), and the text itself is defused here ({@code @everyone} and
 * {@code <@...>} get a zero-width space), so that even a quoted mention shows as text. Markdown is kept, as in
 * Slack: the engine's replies use {@code `code`}.
 */
final class DiscordText {
    static final String ELLIPSIS = Wording.ELLIPSIS;
    private static final String ZWSP = "\u200B";
    private static final Pattern MASS_MENTION = Pattern.compile("@(everyone|here)", Pattern.CASE_INSENSITIVE);

    private DiscordText() {
    }

    /** Text that cannot mention anyone or anything, however it was written. */
    static String defuse(String text) {
        if (text == null) {
            return "";
        }
        String out = MASS_MENTION.matcher(text).replaceAll("@" + ZWSP + "$1");
        return out.replace("<@", "<" + ZWSP + "@").replace("<#", "<" + ZWSP + "#").replace("</", "<" + ZWSP + "/");
    }

    /** A person: a mention when the id is a Discord user's, otherwise the name as text. */
    static String person(Actor actor) {
        if (actor == null) {
            return "someone";
        }
        return Platform.of(actor.id()) == Platform.DISCORD
                ? "<@" + Platform.DISCORD.platformId(actor.id()) + ">" : defuse(actor.name());
    }

    /** A sentence for a person: text defused, people as mentions. */
    static String reply(ReplyText reply) {
        StringBuilder out = new StringBuilder();
        for (Object part : reply.parts()) {
            out.append(part instanceof Actor actor ? person(actor) : defuse((String) part));
        }
        return out.toString();
    }

    /** A Markdown link {@code [title](url)} that neither the title nor the URL can break out of. */
    static String link(String url, String title) {
        String safeTitle = defuse(title).replace("[", "(").replace("]", ")");
        String safeUrl = url.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C")
                .replace(">", "%3E");
        return "[" + safeTitle + "](" + safeUrl + ")";
    }

    /** At most {@code max} characters, ending with an ellipsis when cut; never inside a surrogate pair. */
    static String trim(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int cut = max - ELLIPSIS.length();
        if (cut > 0 && Character.isHighSurrogate(text.charAt(cut - 1))) {
            cut--;
        }
        return text.substring(0, Math.max(0, cut)).stripTrailing() + ELLIPSIS;
    }

    /**
     * A step's details (Markdown with code) in at most {@code max} characters: prose defused, code blocks and code
     * spans left exactly as written (Discord shows no mention inside code, and a command must copy as written); a
     * text too long ends at a line end with an ellipsis, any code block it cuts closed first.
     */
    static String details(String markdown, int max) {
        return CodeBlocks.split(CodeBlocks.outsideCode(markdown, DiscordText::defuse), max, 1, ELLIPSIS).get(0);
    }

    /** Joins lines into one text of at most {@code max} characters; lines that do not fit become an ellipsis. */
    static String lines(List<String> lines, int max) {
        return Wording.fit(lines, max, DiscordText::trim);
    }
}
