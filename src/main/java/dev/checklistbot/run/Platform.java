package dev.checklistbot.run;

import java.util.Locale;

/**
 * The chat platform a channel or a person belongs to. Ids are kept as one string each, qualified by the platform
 * that gave them: Slack's as Slack writes them ({@code C0123}, {@code U0123}: every run stored before there was a
 * second platform is Slack's), the others with their prefix ({@code discord:123}), the form the settings use
 * ({@code ADMINS}, {@code summary_channel}, a schedule's channel). So the same channel id on two platforms is two
 * channels, and a run, its outbox messages and its people say which platform they are on.
 */
public enum Platform {
    SLACK(""),
    DISCORD("discord:");

    private final String prefix;

    Platform(String prefix) {
        this.prefix = prefix;
    }

    /** The platform of a qualified id: its prefix, or Slack for a bare id. */
    public static Platform of(String qualifiedId) {
        if (qualifiedId != null && qualifiedId.regionMatches(true, 0, DISCORD.prefix, 0, DISCORD.prefix.length())) {
            return DISCORD;
        }
        return SLACK;
    }

    /** The platform's own id qualified ({@code 123} on Discord: {@code discord:123}). */
    public String qualify(String platformId) {
        return prefix + platformId;
    }

    /** The platform's own id of a qualified one ({@code discord:123}: {@code 123}). */
    public String platformId(String qualifiedId) {
        return qualifiedId.substring(prefix.length());
    }

    /** Its name in the database and the settings: {@code slack}, {@code discord}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
