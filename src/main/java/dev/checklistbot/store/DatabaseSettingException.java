package dev.checklistbot.store;

/**
 * The database named by the settings cannot be used as given: a URL that is not one, a server that cannot be reached,
 * credentials the server refuses. {@link #setting()} names the setting to fix; the message holds neither the password
 * nor the URL as typed (which may hold one).
 */
public final class DatabaseSettingException extends StoreException {
    /** The settings a message may name. */
    public static final String URL = "CHECKLIST_BOT_DB";
    public static final String CREDENTIALS = "CHECKLIST_BOT_DB_USER/CHECKLIST_BOT_DB_PASSWORD";

    private final String setting;
    private final String problem;

    /** The message is "SETTING: problem". */
    public DatabaseSettingException(String setting, String problem) {
        super(setting + ": " + problem);
        this.setting = setting;
        this.problem = problem;
    }

    public String setting() {
        return setting;
    }

    /** What is wrong, without the setting's name. */
    public String problem() {
        return problem;
    }
}
