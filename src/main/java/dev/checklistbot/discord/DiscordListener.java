package dev.checklistbot.discord;

import dev.checklistbot.chat.ChatCommandHandler;
import dev.checklistbot.chat.StepActions;
import dev.checklistbot.render.Reply;
import dev.checklistbot.run.Actor;
import dev.checklistbot.run.CommandContext;
import dev.checklistbot.run.CommandSource;
import dev.checklistbot.run.Platform;
import dev.checklistbot.run.ReplyText;
import dev.checklistbot.run.StoreUnavailableException;
import net.dv8tion.jda.api.components.label.Label;
import net.dv8tion.jda.api.components.textinput.TextInput;
import net.dv8tion.jda.api.components.textinput.TextInputStyle;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.entities.channel.ChannelType;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.events.message.react.GenericMessageReactionEvent;
import net.dv8tion.jda.api.events.message.react.MessageReactionAddEvent;
import net.dv8tion.jda.api.events.message.react.MessageReactionRemoveEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.modals.Modal;
import net.dv8tion.jda.api.interactions.modals.ModalMapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Turns Discord's events into the bot's commands: the slash command, the step buttons (and the modal asking a
 * skip's reason), reactions on step messages, and messages in a step's thread or replying to a step message.
 *
 * <p>Every interaction is acknowledged at once on JDA's event thread (a deferred reply, ephemeral), whatever the
 * database does; the command then runs on the bot's own threads and the answer edits the deferred reply. Reactions
 * and messages also run off JDA's thread, so that one slow transaction never holds up the gateway.
 *
 * <p>Discord does not deliver a gateway event again when the bot could not apply it (Slack does, after a non-200),
 * so an event that comes back as {@link StepActions.Ack#RETRY} is tried again here a few times, with its id, which
 * makes every try safe; if it still cannot be applied, the person is told so.
 */
final class DiscordListener extends ListenerAdapter {
    private static final Logger log = LoggerFactory.getLogger(DiscordListener.class);
    static final String SKIP_MODAL = "checklist-skip:";
    static final String REASON_INPUT = "reason";
    static final String EVIDENCE_MODAL = "checklist-evidence:";
    static final String EVIDENCE_INPUT = "evidence";
    private static final List<Duration> RETRIES = List.of(Duration.ofSeconds(1), Duration.ofSeconds(3),
            Duration.ofSeconds(10), Duration.ofSeconds(30));

    private final DiscordCommand command;
    private final ChatCommandHandler handler;
    private final StepActions actions;
    private final DiscordChatClient client;
    private final DiscordMessages messages = new DiscordMessages();
    private final ExecutorService work;
    private final ScheduledExecutorService retries;

    DiscordListener(DiscordCommand command, ChatCommandHandler handler, StepActions actions, DiscordChatClient client,
                    ExecutorService work, ScheduledExecutorService retries) {
        this.command = command;
        this.handler = handler;
        this.actions = actions;
        this.client = client;
        this.work = work;
        this.retries = retries;
    }

    // ---- interactions ----

    @Override
    public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
        if (!event.getName().equals(command.name()) || !event.isFromGuild()) {
            return;
        }
        event.deferReply(true).queue();
        String channel = DiscordCommand.channel(event.getChannel().getId());
        CommandContext context = new CommandContext(channel, actor(event.getUser(), event.getMember()),
                CommandSource.COMMAND, eventId("interaction", event.getId()));
        String text = command.text(event);
        InteractionHook hook = event.getHook();
        work.execute(() -> answer(hook, () -> {
            try {
                return handler.command(context, text).text();
            } catch (StoreUnavailableException e) {
                log.warn("a command in {} was not applied: {}", channel, e.getMessage());
                return StepActions.TRY_AGAIN;
            }
        }));
    }

    @Override
    public void onButtonInteraction(ButtonInteractionEvent event) {
        String id = event.getComponentId();
        if (id.startsWith(DiscordMessages.ANSWER_PREFIX) && event.isFromGuild()) {
            answerButton(event, id.substring(DiscordMessages.ANSWER_PREFIX.length()));
            return;
        }
        if (!id.startsWith(DiscordMessages.BUTTON_PREFIX) || !event.isFromGuild()) {
            return;
        }
        String[] parts = id.substring(DiscordMessages.BUTTON_PREFIX.length()).split(":", 2);
        StepActions.ButtonValue value = parts.length == 2 ? StepActions.ButtonValue.parse(parts[1]) : null;
        StepActions.Button button = parts.length == 2 ? button(parts[0]) : null;
        if (value == null || button == null) {
            event.reply("That button is not one of this bot's.").setEphemeral(true).queue();
            return;
        }
        String channel = DiscordCommand.channel(event.getChannel().getId());
        String messageId = event.getMessageId();
        if (button == StepActions.Button.SKIP && asksForReason(event, channel, messageId, value)) {
            return;
        }
        if (button == StepActions.Button.DONE && asksForEvidence(event, channel, messageId, value)) {
            return;
        }
        event.deferReply(true).queue();
        String user = Platform.DISCORD.qualify(event.getUser().getId());
        String eventId = eventId("interaction", event.getId());
        InteractionHook hook = event.getHook();
        work.execute(() -> answer(hook, () -> {
            StepActions.Result result = actions.button(channel, user, messageId, value, button, null, eventId);
            return result.tell() != null ? result.tell() : ReplyText.of(done(button, value.step()));
        }));
    }

    /**
     * A Skip on a step that needs a reason opens a modal asking for it (a modal must be the interaction's first
     * answer, so this is decided before anything is deferred: two reads, no write). False when no modal is needed.
     */
    private boolean asksForReason(ButtonInteractionEvent event, String channel, String messageId,
                                  StepActions.ButtonValue value) {
        try {
            if (actions.misplaced(channel, messageId, value).isPresent() || !actions.skipNeedsReason(value)) {
                return false;
            }
        } catch (RuntimeException e) {
            log.warn("cannot tell whether step {} needs a reason: {}", value.step(), e.toString());
            return false;
        }
        TextInput reason = TextInput.create(REASON_INPUT, TextInputStyle.PARAGRAPH).setRequired(true)
                .setMaxLength(1_000).setPlaceholder("for example: not using BAM").build();
        Modal modal = Modal.create(SKIP_MODAL + value.text(), "Skip step " + value.step())
                .addComponents(Label.of("Why is it skipped?", reason)).build();
        event.replyModal(modal).queue();
        return true;
    }

    /** The step's user picker: the person picked gets the step, as {@code assign N @user} by whoever picked. */
    @Override
    public void onEntitySelectInteraction(net.dv8tion.jda.api.events.interaction.component.EntitySelectInteractionEvent event) {
        String id = event.getComponentId();
        if (!id.startsWith(DiscordMessages.ASSIGN_PREFIX) || !event.isFromGuild()) {
            return;
        }
        StepActions.ButtonValue value = StepActions.ButtonValue.parse(id.substring(DiscordMessages.ASSIGN_PREFIX.length()));
        List<User> picked = event.getMentions().getUsers();
        if (value == null || picked.isEmpty()) {
            event.reply("Pick someone to give the step to: nothing was changed.").setEphemeral(true).queue();
            return;
        }
        event.deferReply(true).queue();
        String channel = DiscordCommand.channel(event.getChannel().getId());
        String user = Platform.DISCORD.qualify(event.getUser().getId());
        String assignee = Platform.DISCORD.qualify(picked.get(0).getId());
        String messageId = event.getMessageId();
        String eventId = eventId("interaction", event.getId());
        InteractionHook hook = event.getHook();
        work.execute(() -> answer(hook, () -> {
            StepActions.Result result = actions.assign(channel, user, messageId, value, assignee, eventId);
            return result.tell() != null ? result.tell()
                    : ReplyText.of("Step ", value.step(), " is now ", Actor.of(assignee), "'s.");
        }));
    }

    /** A question's Yes / No button: answered off JDA's thread, the reply (or why not) to the person only. */
    private void answerButton(ButtonInteractionEvent event, String text) {
        var value = dev.checklistbot.chat.AnswerActions.AnswerValue.parse(text);
        if (value == null) {
            event.reply("That button is not one of this bot's.").setEphemeral(true).queue();
            return;
        }
        event.deferReply(true).queue();
        String channel = DiscordCommand.channel(event.getChannel().getId());
        String user = Platform.DISCORD.qualify(event.getUser().getId());
        String eventId = eventId("interaction", event.getId());
        InteractionHook hook = event.getHook();
        work.execute(() -> answer(hook, () -> {
            ReplyText reply = actions.answers().answer(channel, user, value, eventId);
            return reply != null ? reply : ReplyText.of("OK.");
        }));
    }

    /**
     * Done on a step that requires evidence opens a modal asking its evidence prompt (decided before anything is
     * deferred, as for a skip's reason). False when Done applies at once.
     */
    private boolean asksForEvidence(ButtonInteractionEvent event, String channel, String messageId,
                                    StepActions.ButtonValue value) {
        java.util.Optional<String> prompt;
        try {
            prompt = actions.evidencePrompt(channel, messageId, value);
        } catch (RuntimeException e) {
            log.warn("cannot tell whether step {} needs evidence: {}", value.step(), e.toString());
            return false;
        }
        if (prompt.isEmpty()) {
            return false;
        }
        TextInput evidence = TextInput.create(EVIDENCE_INPUT, TextInputStyle.PARAGRAPH).setRequired(true)
                .setMaxLength(1_000).build();
        Modal modal = Modal.create(EVIDENCE_MODAL + value.text(), "Step " + value.step() + " done")
                .addComponents(Label.of(DiscordText.trim(prompt.get(), 45), evidence)).build();
        event.replyModal(modal).queue();
        return true;
    }

    @Override
    public void onModalInteraction(ModalInteractionEvent event) {
        if (!event.isFromGuild()) {
            return;
        }
        if (event.getModalId().startsWith(EVIDENCE_MODAL)) {
            stepModalSubmitted(event, EVIDENCE_MODAL, EVIDENCE_INPUT, StepActions.Button.DONE,
                    "Done on this step needs evidence: nothing was changed.");
        } else if (event.getModalId().startsWith(SKIP_MODAL)) {
            stepModalSubmitted(event, SKIP_MODAL, REASON_INPUT, StepActions.Button.SKIP,
                    "A skip needs a reason: nothing was changed.");
        }
    }

    /**
     * A step's modal submitted (the evidence of a Done, the reason of a Skip): the button's action on its step with the
     * text typed, its interaction id making a replay safe. An empty text changes nothing.
     */
    private void stepModalSubmitted(ModalInteractionEvent event, String modalPrefix, String inputId,
                                    StepActions.Button button, String whenEmpty) {
        StepActions.ButtonValue value = StepActions.ButtonValue.parse(event.getModalId().substring(modalPrefix.length()));
        ModalMapping input = event.getValue(inputId);
        if (value == null || input == null || input.getAsString().isBlank()) {
            event.reply(whenEmpty).setEphemeral(true).queue();
            return;
        }
        event.deferReply(true).queue();
        String channel = DiscordCommand.channel(event.getChannel().getId());
        String user = Platform.DISCORD.qualify(event.getUser().getId());
        String messageId = event.getMessage() == null ? null : event.getMessage().getId();
        String eventId = eventId("interaction", event.getId());
        InteractionHook hook = event.getHook();
        String text = input.getAsString().strip();
        work.execute(() -> answer(hook, () -> {
            StepActions.Result result = actions.button(channel, user, messageId, value, button, text, eventId);
            return result.tell() != null ? result.tell() : ReplyText.of(done(button, value.step()));
        }));
    }

    /** Edits the deferred reply with what {@code reply} says; a failure of the command becomes a plain apology. */
    private void answer(InteractionHook hook, Supplier<ReplyText> reply) {
        ReplyText text;
        try {
            text = reply.get();
        } catch (RuntimeException e) {
            log.warn("an interaction failed: {}", e.toString());
            text = ReplyText.of("Sorry, that did not work: something went wrong on the bot's side. Nothing was"
                    + " changed; please try again.");
        }
        hook.editOriginal(messages.text(text).edit()).queue(null,
                failure -> log.warn("could not answer an interaction: {}", failure.toString()));
    }

    private static String done(StepActions.Button button, int step) {
        return switch (button) {
            case DONE -> "Step " + step + " done.";
            case SKIP -> "Step " + step + " skipped.";
            case CLAIM -> "You are on step " + step + ".";
        };
    }

    private static StepActions.Button button(String name) {
        for (StepActions.Button button : StepActions.Button.values()) {
            if (button.name().equalsIgnoreCase(name)) {
                return button;
            }
        }
        return null;
    }

    // ---- reactions and messages ----

    @Override
    public void onMessageReactionAdd(MessageReactionAddEvent event) {
        reaction(event, true);
    }

    @Override
    public void onMessageReactionRemove(MessageReactionRemoveEvent event) {
        reaction(event, false);
    }

    private void reaction(GenericMessageReactionEvent event, boolean added) {
        if (!event.isFromGuild() || event.getUserIdLong() == event.getJDA().getSelfUser().getIdLong()) {
            return;
        }
        String channel = DiscordCommand.channel(event.getChannel().getId());
        String user = Platform.DISCORD.qualify(event.getUserId());
        String emoji = event.getEmoji().getName();
        String messageId = event.getMessageId();
        // A gateway event has no id of its own; a replay after a RESUME repeats its sequence number.
        String eventId = eventId("reaction", (added ? "+" : "-") + messageId + ":" + event.getUserId() + ":" + emoji
                + ":" + event.getResponseNumber());
        apply(channel, user, messageId, 0, () -> actions.reaction(channel, user, messageId, emoji, added, eventId));
    }

    @Override
    public void onMessageReceived(MessageReceivedEvent event) {
        Message message = event.getMessage();
        if (!event.isFromGuild() || event.getAuthor().isBot() || event.isWebhookMessage()) {
            return;
        }
        String stepMessageId;
        String channelId;
        if (event.getChannelType() == ChannelType.GUILD_PUBLIC_THREAD
                || event.getChannelType() == ChannelType.GUILD_PRIVATE_THREAD) {
            // A thread the bot opened on a step message has that message's id; other threads are just talk.
            ThreadChannel thread = event.getChannel().asThreadChannel();
            if (!thread.isOwner()) {
                return;
            }
            stepMessageId = thread.getId();
            channelId = thread.getParentChannel().getId();
        } else if (message.getMessageReference() != null && (message.getReferencedMessage() == null
                || message.getReferencedMessage().getAuthor().getIdLong() == event.getJDA().getSelfUser().getIdLong())) {
            stepMessageId = message.getMessageReference().getMessageId();
            channelId = event.getChannel().getId();
        } else {
            return;
        }
        String channel = DiscordCommand.channel(channelId);
        String user = Platform.DISCORD.qualify(event.getAuthor().getId());
        // A file shared in the thread is read as its link, so that a bare `done` after it can take it as evidence.
        String text = message.getContentRaw() + message.getAttachments().stream().limit(10)
                .map(a -> " " + a.getFileName() + " " + a.getUrl()).collect(java.util.stream.Collectors.joining());
        String eventId = eventId("message", message.getId());
        apply(channel, user, stepMessageId, 0, () -> actions.reply(channel, user, stepMessageId, text, eventId));
    }

    /** Applies off JDA's thread; tells the person in the step's thread; tries again later when asked to. */
    private void apply(String channel, String user, String stepMessageId, int attempt,
                       Supplier<StepActions.Result> action) {
        Runnable run = () -> {
            StepActions.Result result;
            try {
                result = action.get();
            } catch (RuntimeException e) {
                log.warn("an event in {} could not be handled now: {}", channel, e.toString());
                result = new StepActions.Result(StepActions.Ack.RETRY, null);
            }
            if (result.ack() == StepActions.Ack.RETRY) {
                if (attempt < RETRIES.size()) {
                    retries.schedule(() -> apply(channel, user, stepMessageId, attempt + 1, action),
                            RETRIES.get(attempt).toMillis(), TimeUnit.MILLISECONDS);
                    return;
                }
                result = new StepActions.Result(StepActions.Ack.OK, ReplyText.of("The bot could not record that just now,"
                        + " so nothing was changed. Please try again."));
            }
            if (result.tell() != null) {
                tell(channel, user, stepMessageId, result.tell());
            }
        };
        work.execute(run);
    }

    /** An answer for one person about a step: in the step's thread, pinging only them. */
    private void tell(String channel, String user, String stepMessageId, ReplyText text) {
        List<Object> parts = new java.util.ArrayList<>();
        parts.add(Actor.of(user));
        parts.add(" ");
        parts.addAll(text.parts());
        try {
            client.post(channel, stepMessageId, new Reply(new ReplyText(parts)));
        } catch (Exception e) {
            log.warn("could not answer {} in {}: {}", user, channel, e.toString());
        }
    }

    private static Actor actor(User user, Member member) {
        String name = member != null ? member.getEffectiveName() : user.getEffectiveName();
        return new Actor(Platform.DISCORD.qualify(user.getId()), name);
    }

    /** Discord's ids, qualified so that no other platform's ids can collide with them. */
    private static String eventId(String kind, String id) {
        return "discord:" + kind + ":" + id;
    }
}
