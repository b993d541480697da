package dev.checklistbot.discord;

import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.utils.messages.MessageCreateBuilder;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import net.dv8tion.jda.api.utils.messages.MessageEditBuilder;
import net.dv8tion.jda.api.utils.messages.MessageEditData;

import java.util.List;
import java.util.Set;

/**
 * One Discord message as the bot sends it: content, embeds, button rows, and the only users it may ping. Every send
 * and every edit carries {@code allowed_mentions} (JDA's default lets a new message ping everything, and an edit
 * carries none unless set): no {@code @everyone}, no {@code @here}, no role, only these users.
 */
record DiscordMessage(String content, List<MessageEmbed> embeds, List<ActionRow> rows, Set<String> mentionUserIds) {
    DiscordMessage {
        content = content == null ? "" : content;
        embeds = List.copyOf(embeds);
        rows = List.copyOf(rows);
        mentionUserIds = Set.copyOf(mentionUserIds);
    }

    MessageCreateData create() {
        return new MessageCreateBuilder().setContent(content).setEmbeds(embeds).setComponents(rows)
                .setAllowedMentions(Set.of()).mentionUsers(mentionUserIds).build();
    }

    MessageEditData edit() {
        return new MessageEditBuilder().setContent(content).setEmbeds(embeds).setComponents(rows)
                .setAllowedMentions(Set.of()).mentionUsers(mentionUserIds).build();
    }
}
