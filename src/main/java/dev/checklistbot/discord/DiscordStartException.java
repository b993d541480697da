package dev.checklistbot.discord;

/** The Discord bot cannot start because of one setting; the message says what is wrong, never a secret. */
public final class DiscordStartException extends RuntimeException {
    private final String setting;

    public DiscordStartException(String setting, String message) {
        super(message, null, false, false);
        this.setting = setting;
    }

    /** The environment variable at fault. */
    public String setting() {
        return setting;
    }
}
