package dev.checklistbot.discord;

import dev.checklistbot.testing.Await;
import com.fasterxml.jackson.databind.JsonNode;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.ChannelType;
import net.dv8tion.jda.api.entities.channel.concrete.TextChannel;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.events.message.react.MessageReactionAddEvent;
import net.dv8tion.jda.api.events.message.react.MessageReactionRemoveEvent;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.exceptions.InvalidTokenException;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandData;
import net.dv8tion.jda.api.requests.ErrorResponse;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.Compression;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.annotation.Nonnull;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import static dev.checklistbot.discord.FakeDiscord.ALICE;
import static dev.checklistbot.discord.FakeDiscord.BOB;
import static dev.checklistbot.discord.FakeDiscord.BOT_USER_ID;
import static dev.checklistbot.discord.FakeDiscord.CAROL;
import static dev.checklistbot.discord.FakeDiscord.EXISTING_THREAD_ID;
import static dev.checklistbot.discord.FakeDiscord.GUILD_ID;
import static dev.checklistbot.discord.FakeDiscord.OPS_CHANNEL_ID;
import static dev.checklistbot.discord.FakeDiscord.OPS_ROLE_ID;
import static dev.checklistbot.discord.FakeDiscord.route;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Real JDA 6.5 against {@link FakeDiscord}: login, gateway, commands, interactions, reactions, threads, replies,
 * allowed mentions, rate limits, server errors, a bad token, and a resumed session. The listener is a throwaway.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FakeDiscordTest {
    private static final EnumSet<GatewayIntent> INTENTS = EnumSet.of(GatewayIntent.GUILD_MESSAGES,
            GatewayIntent.GUILD_MESSAGE_REACTIONS, GatewayIntent.MESSAGE_CONTENT);

    private FakeDiscord fake;
    private JDA jda;
    private final Recorder recorder = new Recorder();

    /** Collects what JDA delivers and answers interactions as a bot would. */
    static final class Recorder extends ListenerAdapter {
        final List<SlashCommandInteractionEvent> slash = new CopyOnWriteArrayList<>();
        final List<ButtonInteractionEvent> buttons = new CopyOnWriteArrayList<>();
        final List<ModalInteractionEvent> modals = new CopyOnWriteArrayList<>();
        final List<MessageReceivedEvent> messages = new CopyOnWriteArrayList<>();
        final List<MessageReactionAddEvent> reactionsAdded = new CopyOnWriteArrayList<>();
        final List<MessageReactionRemoveEvent> reactionsRemoved = new CopyOnWriteArrayList<>();
        final List<Throwable> failures = new CopyOnWriteArrayList<>();

        @Override
        public void onSlashCommandInteraction(@Nonnull SlashCommandInteractionEvent event) {
            slash.add(event);
            event.deferReply(true).queue(
                    hook -> hook.editOriginal("Assigned step " + event.getOption("step").getAsLong())
                            .setAllowedMentions(List.of()).queue(m -> { }, failures::add),
                    failures::add);
        }

        @Override
        public void onButtonInteraction(@Nonnull ButtonInteractionEvent event) {
            buttons.add(event);
            event.deferEdit().queue(
                    hook -> hook.editOriginal("Step 1 — done by " + event.getUser().getName())
                            .setAllowedMentions(List.of()).queue(m -> { }, failures::add),
                    failures::add);
        }

        @Override
        public void onModalInteraction(@Nonnull ModalInteractionEvent event) {
            modals.add(event);
            event.reply("Noted").setEphemeral(true).setAllowedMentions(List.of()).queue(
                    hook -> hook.sendMessage("Saved as a note on step 2").setEphemeral(true)
                            .setAllowedMentions(List.of()).queue(m -> { }, failures::add),
                    failures::add);
        }

        @Override
        public void onMessageReceived(@Nonnull MessageReceivedEvent event) {
            messages.add(event);
        }

        @Override
        public void onMessageReactionAdd(@Nonnull MessageReactionAddEvent event) {
            reactionsAdded.add(event);
        }

        @Override
        public void onMessageReactionRemove(@Nonnull MessageReactionRemoveEvent event) {
            reactionsRemoved.add(event);
        }

        List<MessageReceivedEvent> messagesWithId(String id) {
            return messages.stream().filter(e -> e.getMessageId().equals(id)).toList();
        }
    }

    private JDABuilder builder(String token, EnumSet<GatewayIntent> intents) {
        return JDABuilder.createLight(token, intents)
                .setRestConfig(new RestConfig().setBaseUrl(fake.restUrl()))
                .setSessionController(fake.sessionController())
                .setCompression(Compression.NONE);
    }

    @BeforeAll
    void connect() throws Exception {
        fake = FakeDiscord.start();
        jda = builder(FakeDiscord.TOKEN, INTENTS).addEventListeners(recorder).build();
        jda.awaitReady();
    }

    @AfterAll
    void disconnect() {
        if (jda != null) {
            jda.shutdownNow();
        }
        if (fake != null) {
            fake.close();
        }
    }

    private TextChannel ops() {
        return jda.getTextChannelById(OPS_CHANNEL_ID);
    }

    private Message post(String content) {
        return ops().sendMessage(content).setAllowedMentions(List.of()).complete();
    }

    @Test
    void jdaLogsInIdentifiesAndLoadsTheGuild() {
        assertThat(fake.calls().get(0).matches("GET", "users/@me")).isTrue();
        assertThat(fake.calls().get(0).request().headers().get("authorization")).isEqualTo("Bot " + FakeDiscord.TOKEN);
        assertThat(jda.getSelfUser().getId()).isEqualTo(BOT_USER_ID);
        assertThat(jda.getSelfUser().getApplicationId()).isEqualTo(FakeDiscord.APPLICATION_ID);

        FakeDiscord.GatewayConnection first = fake.gatewayConnections().get(0);
        assertThat(first.resource()).isEqualTo("/?encoding=json&v=10");
        assertThat(first.opsReceived()).contains(2);
        int intents = fake.gatewayReceived().stream().filter(p -> p.path("op").asInt() == 2).findFirst()
                .orElseThrow().path("d").path("intents").asInt();
        assertThat(intents & FakeDiscord.INTENT_GUILD_MESSAGES).isNotZero();
        assertThat(intents & FakeDiscord.INTENT_GUILD_MESSAGE_REACTIONS).isNotZero();
        assertThat(intents & FakeDiscord.INTENT_MESSAGE_CONTENT).isNotZero();

        Guild guild = jda.getGuildById(GUILD_ID);
        assertThat(guild).isNotNull();
        assertThat(guild.getTextChannels()).extracting(TextChannel::getName)
                .contains("ops", "general", "summaries"); // other tests may add channels
        assertThat(guild.getSelfMember().getRoles()).isNotEmpty();
        ThreadChannel existing = jda.getThreadChannelById(EXISTING_THREAD_ID);
        assertThat(existing).isNotNull();
        assertThat(existing.getParentChannel().getId()).isEqualTo(OPS_CHANNEL_ID);
    }

    @Test
    void slashCommandsAreRegisteredByBulkOverwrite() {
        SubcommandData assign = new SubcommandData("assign", "Assign a step")
                .addOption(OptionType.INTEGER, "step", "Step number", true)
                .addOption(OptionType.USER, "who", "Who does it", true)
                .addOption(OptionType.STRING, "note", "A note", false);
        var created = jda.getGuildById(GUILD_ID).updateCommands()
                .addCommands(Commands.slash("backup-checklist", "Run a checklist").addSubcommands(assign))
                .complete();
        assertThat(created).hasSize(1);
        assertThat(created.get(0).getSubcommands()).extracting(c -> c.getName()).containsExactly("assign");

        List<FakeDiscord.Call> puts = fake.calls("PUT", "applications/{app}/guilds/{guild}/commands");
        assertThat(puts).hasSize(1);
        assertThat(puts.get(0).path()).isEqualTo("applications/" + FakeDiscord.APPLICATION_ID + "/guilds/" + GUILD_ID + "/commands");
        assertThat(puts.get(0).body().get(0).path("name").asText()).isEqualTo("backup-checklist");
        assertThat(fake.commands(GUILD_ID)).hasSize(1);

        jda.updateCommands().addCommands(Commands.slash("checklist-help", "Help")).complete();
        assertThat(fake.calls("PUT", "applications/{app}/commands")).hasSize(1);
    }

    @Test
    void aSlashCommandWithTypedOptionsIsDeferredEphemerallyThenEditedThroughTheHook() {
        FakeDiscord.Interaction it = fake.slashCommand(ALICE, OPS_CHANNEL_ID, "backup-checklist", "assign",
                FakeDiscord.Option.integer("step", 3), FakeDiscord.Option.user("who", BOB),
                FakeDiscord.Option.string("note", "after the <@&" + OPS_ROLE_ID + "> sync"));

        SlashCommandInteractionEvent event = Await.value("the slash command", () -> recorder.slash.stream()
                .filter(e -> e.getInteraction().getId().equals(it.id())).findFirst().orElse(null));
        assertThat(event.getName()).isEqualTo("backup-checklist");
        assertThat(event.getSubcommandName()).isEqualTo("assign");
        assertThat(event.getOption("step").getAsLong()).isEqualTo(3);
        assertThat(event.getOption("who").getAsUser().getId()).isEqualTo(BOB);
        assertThat(event.getOption("note").getAsString()).contains("sync");
        assertThat(event.getUser().getId()).isEqualTo(ALICE);
        assertThat(event.getChannel().getId()).isEqualTo(OPS_CHANNEL_ID);
        assertThat(event.getGuild().getId()).isEqualTo(GUILD_ID);

        Await.until("the original response edited", () -> {
            FakeDiscord.Message m = fake.originalResponse(it);
            return m != null && !m.edits().isEmpty();
        });
        FakeDiscord.Callback callback = fake.callback(it);
        assertThat(callback.type()).isEqualTo(FakeDiscord.CALLBACK_DEFERRED_CHANNEL_MESSAGE);
        assertThat(callback.data().path("flags").asInt() & FakeDiscord.FLAG_EPHEMERAL).isNotZero();
        assertThat(callback.query()).containsEntry("with_response", "true");
        assertThat(fake.ackLatency(it)).isLessThan(Duration.ofSeconds(3));

        FakeDiscord.Message original = fake.originalResponse(it);
        assertThat(original.content()).isEqualTo("Assigned step 3");
        assertThat(original.ephemeral()).isTrue();
        assertThat(original.loading()).isFalse();
        assertThat(fake.calls("PATCH", "webhooks/{app}/{token}/messages/{message}"))
                .anyMatch(c -> c.path().endsWith("/messages/@original") && c.path().contains(it.token()));
        assertThat(recorder.failures).isEmpty();
    }

    @Test
    void aButtonClickIsAcknowledgedWithDeferEditAndTheMessageEdited() {
        Message step = ops().sendMessage("Step 1: stop the writers")
                .setComponents(ActionRow.of(Button.success("step:1:done", "Done"), Button.secondary("step:1:skip", "Skip")))
                .setAllowedMentions(List.of()).complete();
        assertThat(fake.message(step.getId()).customIds()).containsExactly("step:1:done", "step:1:skip");

        FakeDiscord.Interaction it = fake.buttonClick(BOB, step.getId(), "step:1:done");

        ButtonInteractionEvent event = Await.value("the click", () -> recorder.buttons.stream()
                .filter(e -> e.getInteraction().getId().equals(it.id())).findFirst().orElse(null));
        assertThat(event.getComponentId()).isEqualTo("step:1:done");
        assertThat(event.getMessageId()).isEqualTo(step.getId());
        assertThat(event.getUser().getId()).isEqualTo(BOB);

        Await.until("the step message edited", () -> !fake.edits(step.getId()).isEmpty());
        assertThat(fake.callback(it).type()).isEqualTo(FakeDiscord.CALLBACK_DEFERRED_UPDATE_MESSAGE);
        assertThat(fake.message(step.getId()).content()).isEqualTo("Step 1 — done by bob");
        assertThat(fake.edits(step.getId()).get(0).route()).isEqualTo("webhook");
        assertThat(recorder.failures).isEmpty();
    }

    @Test
    void aModalSubmissionIsReadBack() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("note", "restored to the standby at 14:05");
        values.put("minutes", "12");
        FakeDiscord.Interaction it = fake.modalSubmit(CAROL, OPS_CHANNEL_ID, "note:run-7:step-2", values);

        ModalInteractionEvent event = Await.value("the modal", () -> recorder.modals.stream()
                .filter(e -> e.getInteraction().getId().equals(it.id())).findFirst().orElse(null));
        assertThat(event.getModalId()).isEqualTo("note:run-7:step-2");
        assertThat(event.getValue("note").getAsString()).isEqualTo("restored to the standby at 14:05");
        assertThat(event.getValue("minutes").getAsString()).isEqualTo("12");
        assertThat(event.getUser().getId()).isEqualTo(CAROL);
        Await.until("the follow-up", () -> !fake.followups(it).isEmpty());
        assertThat(fake.callback(it).type()).isEqualTo(FakeDiscord.CALLBACK_CHANNEL_MESSAGE);
        assertThat(fake.originalResponse(it).content()).isEqualTo("Noted");
        assertThat(fake.originalResponse(it).ephemeral()).isTrue();
        FakeDiscord.Message followup = fake.followups(it).get(0);
        assertThat(followup.content()).isEqualTo("Saved as a note on step 2");
        assertThat(followup.ephemeral()).isTrue();
        assertThat(followup.source()).isEqualTo(FakeDiscord.Source.FOLLOWUP);
        assertThat(fake.calls("POST", "webhooks/{app}/{token}")).anyMatch(c -> c.path().contains(it.token())
                && "true".equals(c.query().get("wait")));
        assertThat(recorder.failures).isEmpty();
    }

    @Test
    void reactionsAddedAndRemovedArriveWithEmojiUserAndMessage() {
        Message step = post("Step 2: take the backup");
        fake.reactionAdd(BOB, step.getId(), "✅");
        fake.reactionRemove(BOB, step.getId(), "✅");

        MessageReactionAddEvent added = Await.value("the reaction", () -> recorder.reactionsAdded.stream()
                .filter(e -> e.getMessageId().equals(step.getId())).findFirst().orElse(null));
        assertThat(added.getEmoji().getName()).isEqualTo("✅");
        assertThat(added.getUserId()).isEqualTo(BOB);
        assertThat(added.getChannel().getId()).isEqualTo(OPS_CHANNEL_ID);
        assertThat(added.getMessageAuthorId()).isEqualTo(BOT_USER_ID);

        MessageReactionRemoveEvent removed = Await.value("the removal", () -> recorder.reactionsRemoved.stream()
                .filter(e -> e.getMessageId().equals(step.getId())).findFirst().orElse(null));
        assertThat(removed.getEmoji().getName()).isEqualTo("✅");
        assertThat(removed.getUserId()).isEqualTo(BOB);

        step.addReaction(net.dv8tion.jda.api.entities.emoji.Emoji.fromUnicode("👀")).complete();
        assertThat(fake.message(step.getId()).botReactions()).containsExactly("👀");
        assertThat(fake.calls("PUT", "channels/{c}/messages/{m}/reactions/{emoji}/{user}"))
                .anyMatch(c -> c.path().endsWith("/reactions/👀/@me"));
    }

    @Test
    void theBotStartsAThreadAndAPersonsMessageInItArrivesWithItsParent() {
        Message step = post("Step 3: verify the restore");
        ThreadChannel thread = ops().createThreadChannel("Step 3", step.getId()).complete();

        assertThat(thread.getId()).isEqualTo(step.getId());
        assertThat(fake.threadOf(step.getId())).isEqualTo(thread.getId());
        assertThat(fake.calls("POST", "channels/{c}/messages/{m}/threads")).isNotEmpty();
        assertThat(fake.dispatched("THREAD_CREATE")).anyMatch(d -> d.data().path("id").asText().equals(thread.getId()));

        String said = fake.userMessage(BOB, thread.getId(), "checksum matches");
        MessageReceivedEvent event = Await.value("the thread message",
                () -> recorder.messagesWithId(said).stream().findFirst().orElse(null));
        assertThat(event.getChannelType()).isEqualTo(ChannelType.GUILD_PUBLIC_THREAD);
        assertThat(event.getChannel().asThreadChannel().getParentChannel().getId()).isEqualTo(OPS_CHANNEL_ID);
        assertThat(event.getMessage().getContentRaw()).isEqualTo("checksum matches");
        assertThat(event.getAuthor().getId()).isEqualTo(BOB);

        String inExisting = fake.userMessage(ALICE, EXISTING_THREAD_ID, "note: old drill");
        Await.until("the message in the thread GUILD_CREATE listed", () -> !recorder.messagesWithId(inExisting).isEmpty());

        // a message can start one thread only
        Message other = post("Step 4: reopen");
        fake.userStartsThread(ALICE, other.getId(), "Alice's thread");
        assertThatThrownBy(() -> ops().createThreadChannel("Step 4", other.getId()).complete())
                .isInstanceOfSatisfying(ErrorResponseException.class,
                        e -> assertThat(e.getErrorCode()).isEqualTo(160004));
    }

    @Test
    void aDiscordReplyCarriesTheReferencedMessage() {
        Message step = post("Step 5: notify the owners");
        String reply = fake.userReply(ALICE, OPS_CHANNEL_ID, "skip not needed today", step.getId());

        MessageReceivedEvent event = Await.value("the reply",
                () -> recorder.messagesWithId(reply).stream().findFirst().orElse(null));
        assertThat(event.getMessage().getMessageReference()).isNotNull();
        assertThat(event.getMessage().getMessageReference().getMessageId()).isEqualTo(step.getId());
        assertThat(event.getMessage().getReferencedMessage()).isNotNull();
        assertThat(event.getMessage().getContentRaw()).isEqualTo("skip not needed today");

        Message fetched = ops().retrieveMessageById(step.getId()).complete();
        assertThat(fetched.getContentRaw()).isEqualTo("Step 5: notify the owners");
        assertThat(fetched.getAuthor().getId()).isEqualTo(BOT_USER_ID);
        assertThat(fake.calls("GET", "channels/{c}/messages/{m}")).isNotEmpty();
    }

    @Test
    void allowedMentionsAreRecordedAndDecideWhoIsPinged() {
        String text = "@everyone <@&" + OPS_ROLE_ID + "> <@" + BOB + "> step 6 is yours";
        Message safe = ops().sendMessage(text)
                .setAllowedMentions(EnumSet.of(Message.MentionType.USER)).complete();
        FakeDiscord.Message recorded = fake.message(safe.getId());
        assertThat(recorded.allowedMentions().path("parse").toString()).isEqualTo("[\"users\"]");
        assertThat(recorded.mentionsEveryone()).isFalse();
        assertThat(recorded.mentionedRoles()).isEmpty();
        assertThat(recorded.mentionedUsers()).containsExactly(BOB);
        assertThat(fake.messagesIn(OPS_CHANNEL_ID)).extracting(FakeDiscord.Message::id).contains(safe.getId());

        Message unsafe = ops().sendMessage(text).complete(); // JDA's defaults let everything ping
        assertThat(fake.message(unsafe.getId()).mentionsEveryone()).isTrue();
        assertThat(fake.message(unsafe.getId()).mentionedRoles()).containsExactly(OPS_ROLE_ID);

        // as on Discord, the bot receives its own messages on the gateway
        Await.until("the bot's own message echoed", () -> !recorder.messagesWithId(safe.getId()).isEmpty());
        assertThat(recorder.messagesWithId(safe.getId()).get(0).getAuthor().getId()).isEqualTo(BOT_USER_ID);
    }

    @Test
    void a429WithRetryAfterIsRetriedByJdaAndTheMessageDeliveredOnce() {
        Predicate<FakeDiscord.Request> posts = route("POST", "channels/{c}/messages")
                .and(r -> r.body() != null && r.body().path("content").asText().equals("rate limited once"));
        fake.rateLimitNext(1, posts, 1.0);

        Message sent = post("rate limited once");

        List<FakeDiscord.Call> attempts = fake.calls().stream().filter(c -> posts.test(c.request())).toList();
        assertThat(attempts).extracting(FakeDiscord.Call::status).containsExactly(429, 200);
        assertThat(Duration.ofNanos(attempts.get(1).request().nanos() - attempts.get(0).request().nanos()))
                .as("JDA waited retry_after before trying again").isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(fake.messagesIn(OPS_CHANNEL_ID).stream().filter(m -> m.content().equals("rate limited once")))
                .singleElement().extracting(FakeDiscord.Message::id).isEqualTo(sent.getId());
    }

    @Test
    void underAnEnforcedPerChannelLimitJdaPacesItselfAndKeepsTheOrder() {
        String id = fake.createTextChannel("pacing");
        TextChannel channel = Await.value("the new channel", () -> jda.getTextChannelById(id));
        fake.enforceRateLimit("POST", "channels/" + id + "/messages", 2, Duration.ofMillis(500));

        List<CompletableFuture<Message>> sent = new java.util.ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            sent.add(channel.sendMessage("line " + i).setAllowedMentions(List.of()).submit());
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();

        assertThat(fake.messagesIn(id)).extracting(FakeDiscord.Message::content)
                .containsExactly("line 1", "line 2", "line 3", "line 4", "line 5");
        List<FakeDiscord.Call> posts = fake.calls("POST", "channels/" + id + "/messages");
        assertThat(posts).as("JDA waits on X-RateLimit-Remaining / Reset-After: no 429").allMatch(FakeDiscord.Call::ok);
        List<FakeDiscord.Call> accepted = posts;
        assertThat(accepted).hasSize(5);
        assertThat(Duration.ofNanos(accepted.get(4).request().nanos() - accepted.get(0).request().nanos()))
                .as("five calls at two per 500 ms span two windows").isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    @Test
    void a500ReachesTheCallerAndA502IsRetried() {
        Predicate<FakeDiscord.Request> failing = route("POST", "channels/{c}/messages")
                .and(r -> r.body() != null && r.body().path("content").asText().startsWith("server error"));
        fake.failNext(1, failing, 500);
        assertThatThrownBy(() -> post("server error 500"))
                .isInstanceOfSatisfying(ErrorResponseException.class,
                        e -> assertThat(e.getErrorResponse()).isEqualTo(ErrorResponse.SERVER_ERROR));
        assertThat(fake.messagesIn(OPS_CHANNEL_ID)).noneMatch(m -> m.content().equals("server error 500"));

        fake.failNext(1, failing, 502);
        Message sent = post("server error 502, then fine");
        assertThat(fake.calls().stream().filter(c -> failing.test(c.request())).map(FakeDiscord.Call::status).toList())
                .containsExactly(500, 502, 200);
        assertThat(fake.message(sent.getId())).isNotNull();
    }

    @Test
    void aWrongTokenFailsLoginWithInvalidTokenException() {
        assertThatThrownBy(() -> builder("not-the-token-of-this-fake-discord-bot", INTENTS).build())
                .isInstanceOf(InvalidTokenException.class);
        assertThat(fake.calls("GET", "users/@me")).anyMatch(c -> c.status() == 401);
    }

    @Test
    void aDroppedConnectionIsResumedOnTheResumeUrlAndAnEventSentMeanwhileArrivesOnce() {
        int before = fake.gatewayConnections().size();
        String sessionId = fake.gatewayConnections().stream().filter(FakeDiscord.GatewayConnection::open)
                .reduce((a, b) -> b).orElseThrow().sessionId();

        String[] sent = new String[1];
        fake.dropGateway(() -> sent[0] = fake.userMessage(CAROL, OPS_CHANNEL_ID, "sent while the bot was away"));
        String during = sent[0];
        FakeDiscord.Dispatched event = fake.dispatched("MESSAGE_CREATE").stream()
                .filter(d -> d.data().path("id").asText().equals(during)).findFirst().orElseThrow();

        Await.until("the message delivered after the resume", () -> !recorder.messagesWithId(during).isEmpty());
        Await.until("JDA connected again", () -> fake.gatewayConnections().size() > before && fake.hasLiveSession());
        FakeDiscord.GatewayConnection resumed = fake.gatewayConnections().get(fake.gatewayConnections().size() - 1);
        assertThat(resumed.resource()).startsWith("/resume/").contains("encoding=json").contains("v=10");
        assertThat(resumed.opsReceived()).contains(6).doesNotContain(2);
        assertThat(resumed.sessionId()).isEqualTo(sessionId);
        JsonNode resume = fake.gatewayReceived().stream().filter(p -> p.path("op").asInt() == 6)
                .reduce((a, b) -> b).orElseThrow();
        assertThat(resume.path("d").path("session_id").asText()).isEqualTo(sessionId);

        // a later event as a fence: once it is in, nothing else is on its way for the first one
        String fence = fake.userMessage(CAROL, OPS_CHANNEL_ID, "fence");
        Await.until("the fence", () -> !recorder.messagesWithId(fence).isEmpty());
        assertThat(recorder.messagesWithId(during)).hasSize(1);
        assertThat(fake.deliveries(event)).isEqualTo(1);
    }

    @Test
    void anExpiredSessionMakesJdaIdentifyAgainAndWhatWasSentMeanwhileIsLost() throws Exception {
        Recorder own = new Recorder();
        int before = fake.gatewayConnections().size();
        JDA other = builder(FakeDiscord.TOKEN, INTENTS)
                .setSessionController(fake.sessionControllerWithoutIdentifyDelay())
                .addEventListeners(own).build().awaitReady();
        try {
            String sessionId = fake.gatewayConnections().stream().skip(before)
                    .filter(FakeDiscord.GatewayConnection::open).findFirst().orElseThrow().sessionId();
            int connected = fake.gatewayConnections().size();
            fake.expireSession(sessionId);
            String[] lost = new String[1];
            fake.dropGateway(sessionId, () -> lost[0] = fake.userMessage(BOB, OPS_CHANNEL_ID, "lost with the session"));

            Await.until("JDA identified again", () -> fake.gatewayConnections().stream().skip(connected)
                    .anyMatch(c -> c.open() && c.sessionId() != null && !c.sessionId().equals(sessionId)));
            other.awaitStatus(JDA.Status.CONNECTED);
            List<Integer> ops = new java.util.ArrayList<>();
            fake.gatewayConnections().stream().skip(connected).forEach(c -> ops.addAll(c.opsReceived()));
            assertThat(ops).containsSubsequence(6, 2); // RESUME refused (op 9), then IDENTIFY

            String after = fake.userMessage(BOB, OPS_CHANNEL_ID, "after the new session");
            Await.until("the new session's event", () -> !own.messagesWithId(after).isEmpty());
            assertThat(own.messagesWithId(lost[0])).isEmpty();
            Await.until("the main session's copy of it", () -> !recorder.messagesWithId(after).isEmpty());
            assertThat(recorder.messagesWithId(lost[0])).as("the main session was not touched").hasSize(1);
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void privilegedIntentsNotEnabledCloseWith4014() {
        fake.setPrivilegedIntentsEnabled(false);
        try {
            JDA other = builder(FakeDiscord.TOKEN, INTENTS)
                    .setSessionController(fake.sessionControllerWithoutIdentifyDelay()).build();
            try {
                assertThatThrownBy(other::awaitReady).isInstanceOf(IllegalStateException.class);
                assertThat(other.getStatus()).isEqualTo(JDA.Status.SHUTDOWN);
                assertThat(fake.gatewayConnections()).anyMatch(c -> Integer.valueOf(4014).equals(c.closeCode()));
            } finally {
                other.shutdownNow();
            }
        } finally {
            fake.setPrivilegedIntentsEnabled(true);
        }
    }

    @Test
    void aReplayedEventReachesJdaAgainWhichDoesNotDeduplicate() {
        String said = fake.userMessage(BOB, OPS_CHANNEL_ID, "done");
        Await.until("the message", () -> !recorder.messagesWithId(said).isEmpty());
        FakeDiscord.Dispatched original = fake.dispatched("MESSAGE_CREATE").stream()
                .filter(d -> d.data().path("id").asText().equals(said)).findFirst().orElseThrow();

        fake.replay(original);

        Await.until("the duplicate", () -> recorder.messagesWithId(said).size() == 2);
    }

    @Test
    void anInteractionAcknowledgedTooLateIsUnknown() {
        fake.setAckDeadline(Duration.ZERO);
        try {
            FakeDiscord.Interaction it = fake.buttonClick(CAROL, post("Step 7").getId(), "step:7:claim");
            Await.until("the refused acknowledgement", () -> recorder.failures.stream()
                    .anyMatch(e -> e instanceof ErrorResponseException ere
                            && ere.getErrorResponse() == ErrorResponse.UNKNOWN_INTERACTION));
            assertThat(fake.callback(it)).isNull();
            recorder.failures.removeIf(e -> e instanceof ErrorResponseException ere
                    && ere.getErrorResponse() == ErrorResponse.UNKNOWN_INTERACTION);
        } finally {
            fake.setAckDeadline(Duration.ofSeconds(3));
        }
    }

    @Test
    void aSecondSessionWithoutMessageContentGetsEveryEventButBlankContent() throws Exception {
        Recorder second = new Recorder();
        JDA other = JDABuilder.createDefault(FakeDiscord.TOKEN, EnumSet.of(GatewayIntent.GUILD_MESSAGES,
                        GatewayIntent.GUILD_EXPRESSIONS, GatewayIntent.GUILD_VOICE_STATES, GatewayIntent.SCHEDULED_EVENTS))
                .setRestConfig(new RestConfig().setBaseUrl(fake.restUrl()))
                .setSessionController(fake.sessionController())
                .setCompression(Compression.NONE)
                .addEventListeners(second).build().awaitReady();
        try {
            String said = fake.userMessage(ALICE, OPS_CHANNEL_ID, "done 3");
            Await.until("both sessions got it", () -> !second.messagesWithId(said).isEmpty()
                    && !recorder.messagesWithId(said).isEmpty());
            assertThat(second.messagesWithId(said).get(0).getMessage().getContentRaw()).isEmpty();
            assertThat(recorder.messagesWithId(said).get(0).getMessage().getContentRaw()).isEqualTo("done 3");

            Message mine = post("Step 8");
            fake.reactionAdd(BOB, mine.getId(), "✅");
            Await.until("the first session's reaction", () -> recorder.reactionsAdded.stream()
                    .anyMatch(e -> e.getMessageId().equals(mine.getId())));
            assertThat(second.reactionsAdded).isEmpty(); // no GUILD_MESSAGE_REACTIONS intent, no reaction events
            // createDefault caches members: the owner from GUILD_CREATE is known
            assertThat(other.getGuildById(GUILD_ID).getOwnerId()).isEqualTo(ALICE);
            assertThat(other.getGuildById(GUILD_ID).getMemberCount()).isEqualTo(4);
            assertThat(other.getGuildById(GUILD_ID).getEmojiById(FakeDiscord.RESTORE_EMOJI_ID).getName()).isEqualTo("restore");
        } finally {
            other.shutdownNow();
        }
    }
}
