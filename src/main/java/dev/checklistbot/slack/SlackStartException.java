package dev.checklistbot.slack;

/** Slack refused a setting at start-up (a bad token) or could not be reached. Names the setting, never its value. */
public final class SlackStartException extends RuntimeException {
    private final String setting;

    public SlackStartException(String setting, String problem) {
        super(problem, null, false, false);
        this.setting = setting;
    }

    public String setting() {
        return setting;
    }
}
