package dev.checklistbot.discord;

import dev.checklistbot.run.Platform;
import net.dv8tion.jda.api.interactions.InteractionContextType;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.SlashCommandInteraction;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandData;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The slash command on Discord: {@code /backup-checklist} with the same sub-commands as the text grammar, each with
 * typed options Discord shows as you type (a step number, a user for {@code assign}, a channel for
 * {@code summary}). An interaction is turned back into the text the one grammar ({@code ChatCommandParser}) reads,
 * so Discord, Slack and the console cannot drift apart.
 *
 * <p>Discord cannot run a command that has sub-commands without one, so the bare {@code /backup-checklist} of
 * Slack ("start backup here, or show the active run") is {@code /backup-checklist start} with no checklist.
 */
final class DiscordCommand {
    private static final int MAX_CHOICES = 25;
    private static final int MAX_STEP = 9_999;

    private final String name;
    private final List<String> checklistIds;

    /** @param commandName COMMAND_NAME ({@code /backup-checklist}); Discord's names are lower case, without the slash */
    DiscordCommand(String commandName, List<String> checklistIds) {
        String bare = commandName.startsWith("/") ? commandName.substring(1) : commandName;
        this.name = bare.toLowerCase(Locale.ROOT);
        this.checklistIds = List.copyOf(checklistIds);
    }

    String name() {
        return name;
    }

    /** What Discord registers (CommandListUpdateAction). */
    SlashCommandData definition() {
        OptionData checklist = new OptionData(OptionType.STRING, "checklist",
                "Which checklist (default: backup, or the active run's status)", false);
        if (checklistIds.size() <= MAX_CHOICES) {
            checklistIds.forEach(id -> checklist.addChoice(id, id));
        }
        SlashCommandData command = Commands.slash(name, "Run an operational checklist in this channel");
        // Runs live in a server's channels: the command is not offered in DMs.
        command.setContexts(InteractionContextType.GUILD);
        return command.addSubcommands(
                new SubcommandData("start", "Start a checklist here, or show the active run").addOptions(checklist,
                        text("title", "A title for this run", false),
                        text("answers", "Answers to its questions up front, e.g. bam=no sso=yes", false)),
                new SubcommandData("status", "Where the active run stands"),
                new SubcommandData("list", "The checklists that can be started"),
                new SubcommandData("done", "Mark a step done").addOptions(step(false), text("note", "A note", false)),
                new SubcommandData("skip", "Skip a step (a reason is needed unless it is optional)")
                        .addOptions(step(false), text("reason", "Why it is skipped", false)),
                new SubcommandData("undo", "Reopen the most recently finished step"),
                new SubcommandData("claim", "Say you are on a step").addOptions(step(false)),
                new SubcommandData("assign", "Give a step to someone").addOptions(step(true),
                        new OptionData(OptionType.USER, "user", "Who takes it", true)),
                new SubcommandData("note", "Attach a note to a step").addOptions(text("text", "The note", true),
                        step(false)),
                new SubcommandData("abort", "End the run as aborted").addOptions(text("reason", "Why", true)),
                new SubcommandData("summary", "Post the run's summary").addOptions(
                        new OptionData(OptionType.CHANNEL, "channel", "Where (default: here)", false)),
                new SubcommandData("history", "The recent runs in this channel"),
                new SubcommandData("help", "What you can do"),
                new SubcommandData("answer", "Answer a question of the active run").addOptions(
                        text("question", "The question's id, e.g. bam", true),
                        new OptionData(OptionType.STRING, "answer", "yes or no", true).addChoice("yes", "yes")
                                .addChoice("no", "no")),
                new SubcommandData("evidence", "Add evidence to a step (a correction is a new entry)")
                        .addOptions(text("text", "The evidence", true), step(false)));
    }

    private static OptionData step(boolean required) {
        return new OptionData(OptionType.INTEGER, "step", "The step number (default: the current step)", required)
                .setRequiredRange(1, MAX_STEP);
    }

    private static OptionData text(String name, String description, boolean required) {
        return new OptionData(OptionType.STRING, name, description, required).setMaxLength(2_000);
    }

    /** The interaction as the text after the slash command, in the one grammar. */
    String text(SlashCommandInteraction interaction) {
        String sub = interaction.getSubcommandName() == null ? "help" : interaction.getSubcommandName();
        List<String> words = new ArrayList<>();
        switch (sub) {
            case "start" -> {
                String id = string(interaction, "checklist");
                if (id != null) {
                    words.add("start");
                    words.add(id);
                    add(words, string(interaction, "title"));
                    add(words, string(interaction, "answers"));
                }
            }
            case "answer" -> words(words, "answer", string(interaction, "question"), string(interaction, "answer"));
            case "evidence" -> words(words, "evidence", number(interaction), string(interaction, "text"));
            case "done" -> words(words, "done", number(interaction), string(interaction, "note"));
            case "skip" -> words(words, "skip", number(interaction), string(interaction, "reason"));
            case "claim" -> words(words, "claim", number(interaction), null);
            case "note" -> words(words, "note", number(interaction), string(interaction, "text"));
            case "abort" -> words(words, "abort", null, string(interaction, "reason"));
            case "assign" -> {
                OptionMapping user = interaction.getOption("user");
                words(words, "assign", number(interaction), user == null ? null : "<@" + user.getAsUser().getId() + ">");
            }
            case "summary" -> {
                OptionMapping channel = interaction.getOption("channel");
                words(words, "summary", null, channel == null ? null : "<#" + channel.getAsChannel().getId() + ">");
            }
            default -> words.add(sub);
        }
        return String.join(" ", words);
    }

    /** The qualified id of the channel an interaction came from. */
    static String channel(String discordChannelId) {
        return Platform.DISCORD.qualify(discordChannelId);
    }

    private static void words(List<String> words, String verb, String number, String rest) {
        words.add(verb);
        add(words, number);
        add(words, rest);
    }

    private static void add(List<String> words, String word) {
        if (word != null && !word.isBlank()) {
            words.add(word);
        }
    }

    private static String number(SlashCommandInteraction interaction) {
        OptionMapping step = interaction.getOption("step");
        return step == null ? null : Long.toString(step.getAsLong());
    }

    private static String string(SlashCommandInteraction interaction, String option) {
        OptionMapping value = interaction.getOption(option);
        return value == null ? null : value.getAsString();
    }
}
