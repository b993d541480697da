package dev.checklistbot.chat;

import dev.checklistbot.run.Actor;
import dev.checklistbot.run.Platform;
import dev.checklistbot.run.ReplyText;
import dev.checklistbot.run.RunCommand;

import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one command grammar, shared by slash commands, thread replies, Discord and the console.
 *
 * <p>Slash commands: {@code start ID [title]}, {@code ID [title]}, {@code status}, {@code list},
 * {@code done [N] [note]}, {@code skip [N] reason}, {@code undo}, {@code claim [N]}, {@code assign N @user},
 * {@code note [N] text}, {@code abort reason}, {@code summary [#channel]}, {@code history}, {@code help}.
 *
 * <p>Thread replies on a step message: a reply is a command only when its first word is one
 * ({@code done}/{@code ok}/{@code ✅}, {@code skip}/{@code n/a} REASON, {@code claim}, {@code undo}); any other
 * reply is a note on that step.
 */
public final class ChatCommandParser {
    public static final int MAX_INPUT_CHARS = 4_000;

    private static final Set<String> DONE_WORDS = Set.of("done", "ok", "✅", "✔", "✔️", "☑", "☑️");
    private static final Set<String> SKIP_WORDS = Set.of("skip", "n/a");
    /**
     * A user mention: Slack's ({@code <@U123>} or {@code <@U123|name>}), Discord's ({@code <@123>} or
     * {@code <@!123>}, snowflakes), or {@code @name}.
     */
    private static final Pattern USER = Pattern.compile(
            "<@([UW][A-Z0-9]+)(?:\\|([^>]*))?>|<@!?(\\d{5,25})>|@([\\w.\\-]+)");
    /**
     * A channel mention: Slack's ({@code <#C123>} or {@code <#C123|name>}), Discord's ({@code <#123>}), or
     * {@code #name}, or a bare Slack id.
     */
    private static final Pattern CHANNEL = Pattern.compile(
            "<#([A-Z][A-Z0-9]+)(?:\\|[^>]*)?>|<#(\\d{5,25})>|#([\\w.\\-]+)|([A-Z][A-Z0-9]{6,})");
    /** An answer typed as one word: {@code bam=no}. */
    private static final Pattern ANSWER = Pattern.compile("([A-Za-z0-9][A-Za-z0-9_-]{0,31})=(\\S{1,10})");
    /** Punctuation that may follow a command word ("done, backup at 03:10"). */
    private static final Pattern WORD_END = Pattern.compile("[,.:;!\\-–—]+$");

    private final String commandName;
    private final Predicate<String> isChecklistId;

    public ChatCommandParser(String commandName, Predicate<String> isChecklistId) {
        this.commandName = commandName;
        this.isChecklistId = isChecklistId;
    }

    /** Parses the text typed after the slash command. */
    public ParsedCommand parseCommand(String input) {
        String text = input == null ? "" : input.strip();
        if (text.length() > MAX_INPUT_CHARS) {
            return invalid("That is too long (", text.length(), " characters; at most ", MAX_INPUT_CHARS, ").");
        }
        if (text.isEmpty()) {
            return new ParsedCommand.Default();
        }
        Words words = Words.of(text);
        String verb = words.first().toLowerCase(Locale.ROOT);
        Words rest = words.rest();
        switch (verb) {
            case "start":
                if (rest.isEmpty()) {
                    return invalid("Say which checklist to start, for example `", commandName, " start backup`; `",
                            commandName, " list` shows them.");
                }
                return start(rest.first(), rest.rest());
            case "status":
                return new ParsedCommand.Query(ParsedCommand.QueryKind.STATUS);
            case "list":
                return new ParsedCommand.Query(ParsedCommand.QueryKind.LIST);
            case "history":
                return new ParsedCommand.Query(ParsedCommand.QueryKind.HISTORY);
            case "help":
                return new ParsedCommand.Query(ParsedCommand.QueryKind.HELP);
            case "done":
                return apply(new RunCommand.Done(rest.leadingNumber(), rest.afterNumber().textOrNull()));
            case "skip":
                return apply(new RunCommand.Skip(rest.leadingNumber(), rest.afterNumber().textOrNull()));
            case "undo":
                return apply(new RunCommand.Undo(null));
            case "claim":
                return apply(new RunCommand.Claim(rest.leadingNumber()));
            case "note":
                return apply(new RunCommand.AddNote(rest.leadingNumber(), rest.afterNumber().textOrNull()));
            case "abort":
                return apply(new RunCommand.Abort(rest.textOrNull()));
            case "assign":
                return assign(rest);
            case "summary":
                return summary(rest);
            case "answer":
                return answer(rest);
            case "evidence":
                return apply(new RunCommand.AddEvidence(rest.leadingNumber(), rest.afterNumber().textOrNull()));
            default:
                if (isChecklistId.test(words.first())) {
                    return start(words.first(), rest);
                }
                return invalid("Unknown command `", Words.shorten(words.first()), "`. `", commandName,
                        " help` shows what you can do.");
        }
    }

    /** Parses a reply in the thread of step {@code step}: a command if its first word is one, else a note. */
    public RunCommand parseReply(String input, int step) {
        String text = input == null ? "" : input.strip();
        Words words = Words.of(text);
        String verb = WORD_END.matcher(words.first().toLowerCase(Locale.ROOT)).replaceAll("");
        if (words.first().equals("✅")) {
            verb = "done";
        }
        String rest = words.rest().textOrNull();
        if (DONE_WORDS.contains(verb)) {
            return new RunCommand.Done(step, rest);
        }
        if (SKIP_WORDS.contains(verb)) {
            return new RunCommand.Skip(step, rest);
        }
        if (verb.equals("claim") && rest == null) {
            return new RunCommand.Claim(step);
        }
        if (verb.equals("undo") && rest == null) {
            return new RunCommand.Undo(step);
        }
        if (verb.equals("answer") && rest != null
                && parseCommand(text) instanceof ParsedCommand.Apply apply
                && apply.command() instanceof RunCommand.AnswerQuestion answer) {
            return answer;
        }
        if (verb.equals("evidence") && rest != null) {
            return new RunCommand.AddEvidence(step, rest);
        }
        return new RunCommand.AddNote(step, text);
    }

    private ParsedCommand assign(Words rest) {
        Integer step = rest.leadingNumber();
        Words after = rest.afterNumber();
        Matcher user = after.isEmpty() ? null : USER.matcher(after.first());
        if (step == null || user == null || !user.matches()) {
            return invalid("Say which step and who, for example `", commandName, " assign 3 @alex`.");
        }
        Actor assignee = user.group(1) != null ? new Actor(user.group(1), user.group(2))
                : user.group(3) != null ? Actor.of(Platform.DISCORD.qualify(user.group(3))) : Actor.of(user.group(4));
        return apply(new RunCommand.Assign(step, assignee));
    }

    /** {@code QUESTION yes|no} (also {@code QUESTION=no}). */
    private ParsedCommand answer(Words rest) {
        String first = rest.first();
        Matcher pair = ANSWER.matcher(first);
        if (pair.matches()) {
            return apply(new RunCommand.AnswerQuestion(pair.group(1), pair.group(2)));
        }
        if (rest.isEmpty() || rest.rest().isEmpty()) {
            return invalid("Say which question and the answer, for example `", commandName, " answer bam no`.");
        }
        return apply(new RunCommand.AnswerQuestion(first, rest.rest().first()));
    }

    /** {@code start ID [title]}: words of the form {@code question=answer} are answers given up front, not title. */
    private ParsedCommand start(String checklistId, Words rest) {
        java.util.Map<String, String> answers = new java.util.LinkedHashMap<>();
        StringBuilder title = new StringBuilder();
        for (Words w = rest; !w.isEmpty(); w = w.rest()) {
            Matcher pair = ANSWER.matcher(w.first());
            if (pair.matches() && answers.size() < 32) {
                answers.put(pair.group(1).toLowerCase(Locale.ROOT), pair.group(2));
            } else {
                title.append(title.length() == 0 ? "" : " ").append(w.first());
            }
        }
        if (answers.isEmpty()) {
            return apply(new RunCommand.Start(checklistId, rest.textOrNull()));
        }
        return apply(new RunCommand.Start(checklistId, title.length() == 0 ? null : title.toString(), answers));
    }

    private ParsedCommand summary(Words rest) {
        if (rest.isEmpty()) {
            return apply(new RunCommand.PostSummary(null));
        }
        Matcher channel = CHANNEL.matcher(rest.first());
        if (!channel.matches()) {
            return invalid("Say where to post it as a channel, for example `", commandName, " summary #ops`.");
        }
        String id = channel.group(1) != null ? channel.group(1)
                : channel.group(2) != null ? Platform.DISCORD.qualify(channel.group(2))
                : channel.group(3) != null ? channel.group(3) : channel.group(4);
        return apply(new RunCommand.PostSummary(id));
    }

    private static ParsedCommand apply(RunCommand command) {
        return new ParsedCommand.Apply(command);
    }

    private static ParsedCommand invalid(Object... parts) {
        return new ParsedCommand.Invalid(ReplyText.of(parts));
    }

    /** The words of a line, split at white space, keeping the rest of the line as typed. */
    private record Words(String text) {
        static Words of(String text) {
            return new Words(text.strip());
        }

        boolean isEmpty() {
            return text.isEmpty();
        }

        String first() {
            int space = firstSpace();
            return space < 0 ? text : text.substring(0, space);
        }

        Words rest() {
            int space = firstSpace();
            return space < 0 ? new Words("") : new Words(text.substring(space).strip());
        }

        String textOrNull() {
            return text.isEmpty() ? null : text;
        }

        /** The first word as a step number, if it is one ("3" or "#3"). */
        Integer leadingNumber() {
            String word = first();
            if (word.startsWith("#")) {
                word = word.substring(1);
            }
            if (word.isEmpty() || word.length() > 4 || !word.chars().allMatch(Character::isDigit)) {
                return null;
            }
            return Integer.parseInt(word);
        }

        Words afterNumber() {
            return leadingNumber() == null ? this : rest();
        }

        private int firstSpace() {
            for (int i = 0; i < text.length(); i++) {
                if (Character.isWhitespace(text.charAt(i))) {
                    return i;
                }
            }
            return -1;
        }

        static String shorten(String word) {
            return word.length() > 30 ? word.substring(0, 30) + "…" : word;
        }
    }
}
