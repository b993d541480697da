package dev.checklistbot.discord;

import dev.checklistbot.chat.NameSource;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.requests.ErrorResponse;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * People's names from Discord through JDA: the member's effective name in a guild the bot is in (nickname, else
 * global name, else user name), else the user's own (global name, else user name). JDA's {@code complete()} waits out
 * Discord's rate limits itself; it runs on the name lookups' thread, never on an event's.
 */
final class DiscordNames implements NameSource {
    /** A bot in many guilds asks at most this many before it takes the user's own name. */
    private static final int MAX_GUILDS_ASKED = 3;

    private final Supplier<JDA> jda;

    DiscordNames(Supplier<JDA> jda) {
        this.jda = jda;
    }

    @Override
    public Optional<String> displayName(String userId) {
        JDA connected = jda.get();
        if (connected == null) {
            throw new IllegalStateException("not connected to Discord yet");
        }
        long id;
        try {
            id = Long.parseUnsignedLong(userId);
        } catch (NumberFormatException notASnowflake) {
            return Optional.empty();
        }
        List<Guild> guilds = connected.getGuilds();
        for (Guild guild : guilds.subList(0, Math.min(MAX_GUILDS_ASKED, guilds.size()))) {
            try {
                Member member = guild.retrieveMemberById(id).complete();
                return Optional.ofNullable(member.getEffectiveName());
            } catch (ErrorResponseException e) {
                if (e.getErrorResponse() != ErrorResponse.UNKNOWN_MEMBER) {
                    throw e;
                }
            }
        }
        try {
            User user = connected.retrieveUserById(id).complete();
            return Optional.ofNullable(user.getEffectiveName());
        } catch (ErrorResponseException e) {
            if (e.getErrorResponse() == ErrorResponse.UNKNOWN_USER) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
