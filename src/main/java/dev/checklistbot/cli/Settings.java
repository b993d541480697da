package dev.checklistbot.cli;

import dev.checklistbot.store.Credentials;
import dev.checklistbot.store.Database;
import dev.checklistbot.store.DatabaseSettingException;
import dev.checklistbot.store.JdbcRunStore;
import dev.checklistbot.web.ReportAccess;
import dev.checklistbot.web.ReportConfig;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The bot's configuration, from environment variables (SPEC "Running it"); a command-line flag of the same
 * meaning wins. Every value is checked here, so that a bad one stops start-up with a line naming it.
 * Secrets (tokens, signing secret) are never part of a message.
 */
public final class Settings {
    public static final String DB = "CHECKLIST_BOT_DB";
    /** PostgreSQL's credentials: from the environment only (a flag would show them to anyone who lists processes). */
    public static final String DB_USER = "CHECKLIST_BOT_DB_USER";
    public static final String DB_PASSWORD = "CHECKLIST_BOT_DB_PASSWORD";
    public static final String CHECKLISTS_DIR = "CHECKLISTS_DIR";
    public static final String COMMAND_NAME = "COMMAND_NAME";
    public static final String SUMMARY_CHANNEL = "SUMMARY_CHANNEL";
    public static final String SLACK_BOT_TOKEN = "SLACK_BOT_TOKEN";
    public static final String SLACK_SIGNING_SECRET = "SLACK_SIGNING_SECRET";
    public static final String SLACK_APP_TOKEN = "SLACK_APP_TOKEN";
    public static final String SLACK_API_URL = "SLACK_API_URL";
    public static final String PORT = "PORT";
    /** The run report pages: on when REPORT_URL (the public base URL of their links) is set. */
    public static final String REPORT_URL = "REPORT_URL";
    /** The key that signs report links (environment only, at least 32 characters). */
    public static final String REPORT_SECRET = "REPORT_SECRET";
    /** How many days a report link works once made. */
    public static final String REPORT_LINK_DAYS = "REPORT_LINK_DAYS";
    static final int DEFAULT_REPORT_LINK_DAYS = 30;
    public static final String DISCORD_BOT_TOKEN = "DISCORD_BOT_TOKEN";
    public static final String DISCORD_API_URL = "DISCORD_API_URL";
    public static final String DISCORD_GATEWAY_URL = "DISCORD_GATEWAY_URL";
    public static final String DISCORD_GUILD_ID = "DISCORD_GUILD_ID";
    public static final String DISCORD_SUMMARY_CHANNEL = "DISCORD_SUMMARY_CHANNEL";
    public static final String ADMINS = "ADMINS";
    /** A user id in ADMINS: Slack's (U..., W...) or {@code discord:<snowflake>}, as in a checklist's permissions. */
    private static final Pattern ADMIN = Pattern.compile("[UW][A-Z0-9]{2,30}|(?i:discord:)[0-9]{1,20}");
    private static final int MAX_ADMINS = 100;
    public static final String NUDGE_AFTER = "NUDGE_AFTER";
    /** The key of the audit chain's HMAC (README "Audit trail"): from the environment only, never shown. */
    public static final String AUDIT_KEY = "AUDIT_KEY";
    /** How long delivered (or given-up) outbox messages are kept (README "Retention"). */
    public static final String RETENTION_OUTBOX = "RETENTION_OUTBOX";
    private static final int AUDIT_KEY_MIN = 16;
    private static final Pattern DURATION = Pattern.compile("([1-9][0-9]{0,5})([smhd])");
    /** Discord's ids: snowflakes. */
    private static final Pattern SNOWFLAKE = Pattern.compile("\\d{15,21}");

    /** Slack's rule for command names: a slash, then lower-case letters, digits, '-' or '_'. */
    private static final Pattern COMMAND = Pattern.compile("/[a-z0-9_\\-]{1,31}");
    private static final Pattern CHANNEL = Pattern.compile("[A-Za-z0-9_\\-.]{1,80}");

    private final Map<String, String> env;

    public Settings(Map<String, String> env) {
        this.env = env;
    }

    public static Settings fromEnvironment() {
        return new Settings(System.getenv());
    }

    /** The flag's value if given, else the variable's, else the default; blank counts as unset. */
    public String value(String variable, String flag, String defaultValue) {
        if (flag != null) {
            return flag;
        }
        String value = env.get(variable);
        return value == null || value.isBlank() ? defaultValue : value.strip();
    }

    public String database(String flag) {
        String value = value(DB, flag, "checklist-bot.db");
        if (value.isBlank()) {
            throw new ConfigException(DB, "is empty; give a SQLite file path, a jdbc:sqlite: URL or a jdbc:postgresql: URL");
        }
        return value;
    }

    /** The database's credentials (PostgreSQL): CHECKLIST_BOT_DB_USER and CHECKLIST_BOT_DB_PASSWORD, each may be unset. */
    public Credentials databaseCredentials() {
        return new Credentials(value(DB_USER, null, null), value(DB_PASSWORD, null, null));
    }

    /**
     * Opens (and migrates) the database named by {@code setting} with {@link #databaseCredentials()}: a URL that is not
     * one, a server that cannot be reached or credentials it refuses stop start-up with a {@link ConfigException}
     * naming the setting to fix, never the password nor the URL as typed.
     */
    public JdbcRunStore openStore(String setting) {
        dev.checklistbot.audit.AuditChain chain = auditChain();
        return new JdbcRunStore(openDatabase(setting, DB), java.time.Clock.systemUTC(),
                JdbcRunStore.DEFAULT_WRITE_DEADLINE, chain);
    }

    /**
     * How audit events are chained: HMAC-SHA256 under AUDIT_KEY if it is set (at least 16 characters), else SHA-256.
     * The message of a bad key names the variable, never the key.
     */
    public dev.checklistbot.audit.AuditChain auditChain() {
        String key = value(AUDIT_KEY, null, null);
        if (key == null) {
            return dev.checklistbot.audit.AuditChain.unkeyed();
        }
        if (key.length() < AUDIT_KEY_MIN) {
            throw new ConfigException(AUDIT_KEY, "is too short: use at least " + AUDIT_KEY_MIN
                    + " characters (for instance the output of `openssl rand -hex 32`)");
        }
        return dev.checklistbot.audit.AuditChain.keyed(key);
    }

    /** A duration setting such as {@code 7d}, {@code 12h}, {@code 30m} or {@code 90s}: the flag, else the variable. */
    public java.time.Duration duration(String variable, String flag, String defaultValue) {
        String value = value(variable, flag, defaultValue);
        java.util.regex.Matcher m = DURATION.matcher(value);
        if (!m.matches()) {
            throw new ConfigException(variable, "must be a whole number and a unit: s, m, h or d (like 7d), not '"
                    + shorten(value) + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> java.time.Duration.ofSeconds(n);
            case "m" -> java.time.Duration.ofMinutes(n);
            case "h" -> java.time.Duration.ofHours(n);
            default -> java.time.Duration.ofDays(n);
        };
    }

    /** {@link #openStore} without the store: the database, migrated; {@code name} is what a message calls the URL. */
    public Database openDatabase(String setting, String name) {
        try {
            return Database.open(setting, databaseCredentials());
        } catch (DatabaseSettingException e) {
            throw new ConfigException(e.setting().equals(DatabaseSettingException.URL) ? name : e.setting(), e.problem());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, e.getMessage().startsWith(DB + ": ")
                    ? e.getMessage().substring(DB.length() + 2) : e.getMessage());
        }
    }

    public Path checklistsDir(String flag) {
        String value = value(CHECKLISTS_DIR, flag, "checklists");
        try {
            return Path.of(value);
        } catch (java.nio.file.InvalidPathException e) {
            throw new ConfigException(CHECKLISTS_DIR, "is not a valid path");
        }
    }

    public String commandName(String flag) {
        String value = value(COMMAND_NAME, flag, "/backup-checklist");
        if (!COMMAND.matcher(value).matches()) {
            throw new ConfigException(COMMAND_NAME, "must be a slash and up to 32 lower-case letters, digits, '-' or '_'"
                    + " (like /backup-checklist)");
        }
        return value;
    }

    /** The summary channel, or null if none is set. */
    public String summaryChannel(String flag) {
        String value = value(SUMMARY_CHANNEL, flag, null);
        if (value != null && !CHANNEL.matcher(value).matches()) {
            throw new ConfigException(SUMMARY_CHANNEL, "must be a channel id like C0123456789");
        }
        return value;
    }

    /** How long a step without its own {@code expected} may stay open before its nudge, or null (NUDGE_AFTER unset). */
    public java.time.Duration nudgeAfter(String flag) {
        String value = value(NUDGE_AFTER, flag, null);
        if (value == null) {
            return null;
        }
        return dev.checklistbot.checklist.Durations.parse(value).orElseThrow(() -> new ConfigException(NUDGE_AFTER,
                "must be a duration such as 15m, 1h30m or 2h (at most 30d)"));
    }

    public int port(Integer flag) {
        String value = value(PORT, flag == null ? null : flag.toString(), "3000");
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65535) {
                throw new ConfigException(PORT, "must be a port number from 0 to 65535");
            }
            return port;
        } catch (NumberFormatException e) {
            throw new ConfigException(PORT, "must be a number, not '" + shorten(value) + "'");
        }
    }

    public String slackApiUrl(String flag) {
        return baseUrl(SLACK_API_URL, flag, "https://slack.com/api/", "http", "https");
    }

    public String discordApiUrl() {
        return baseUrl(DISCORD_API_URL, null, "https://discord.com/api/v10/", "http", "https");
    }

    /** Discord's gateway to connect to, or null for Discord's own. */
    public String discordGatewayUrl() {
        String value = value(DISCORD_GATEWAY_URL, null, null);
        return value == null ? null : url(DISCORD_GATEWAY_URL, value, "wss://gateway.discord.gg/", "ws", "wss");
    }

    /** The server to register the slash command in (at once), or null: globally. */
    public String discordGuildId() {
        String value = value(DISCORD_GUILD_ID, null, null);
        if (value != null && !SNOWFLAKE.matcher(value).matches()) {
            throw new ConfigException(DISCORD_GUILD_ID, "must be a server id (a number like 41771983423143937)");
        }
        return value;
    }

    /** Discord's summary channel as a qualified id ({@code discord:123}), or null. */
    public String discordSummaryChannel() {
        String value = value(DISCORD_SUMMARY_CHANNEL, null, null);
        if (value == null) {
            return null;
        }
        String id = value.regionMatches(true, 0, "discord:", 0, 8) ? value.substring(8) : value;
        if (!SNOWFLAKE.matcher(id).matches()) {
            throw new ConfigException(DISCORD_SUMMARY_CHANNEL, "must be a channel id (a number like 41771983423143937)");
        }
        return dev.checklistbot.run.Platform.DISCORD.qualify(id);
    }

    /**
     * The report pages' settings, or null when REPORT_URL is not set (the report is off). With REPORT_URL set, a
     * missing or short REPORT_SECRET stops start-up (naming the variable, never its value).
     */
    public ReportConfig report() {
        String url = value(REPORT_URL, null, null);
        if (url == null) {
            return null;
        }
        url(REPORT_URL, url, "https://bot.example.com", "http", "https");
        if (url.contains("?") || url.contains("#")) {
            throw new ConfigException(REPORT_URL, "must be a base URL with no query or fragment, like https://bot.example.com");
        }
        String secret = value(REPORT_SECRET, null, null);
        if (secret == null) {
            throw new ConfigException(REPORT_SECRET, "is not set: REPORT_URL turns the report pages on, and their links"
                    + " are signed with REPORT_SECRET (at least " + ReportAccess.MIN_SECRET_LENGTH + " random characters)");
        }
        if (secret.length() < ReportAccess.MIN_SECRET_LENGTH) {
            throw new ConfigException(REPORT_SECRET, "is too short: at least " + ReportAccess.MIN_SECRET_LENGTH
                    + " random characters (for example from `openssl rand -hex 32`)");
        }
        String days = value(REPORT_LINK_DAYS, null, Integer.toString(DEFAULT_REPORT_LINK_DAYS));
        int lifetime;
        try {
            lifetime = Integer.parseInt(days);
        } catch (NumberFormatException e) {
            throw new ConfigException(REPORT_LINK_DAYS, "must be a number of days, not '" + shorten(days) + "'");
        }
        if (lifetime < 1 || lifetime > 3650) {
            throw new ConfigException(REPORT_LINK_DAYS, "must be from 1 to 3650 days");
        }
        return new ReportConfig(url, secret, java.time.Duration.ofDays(lifetime));
    }

    /**
     * ADMINS: the people allowed every command, as qualified user ids ({@code U0123ABCD}, {@code discord:123});
     * empty when unset. Blank items (a trailing comma) are ignored; anything else that is not a user id stops start-up.
     */
    public java.util.Set<String> admins() {
        String value = value(ADMINS, null, null);
        if (value == null) {
            return java.util.Set.of();
        }
        java.util.Set<String> ids = new java.util.LinkedHashSet<>();
        for (String item : value.split(",", -1)) {
            String id = item.strip();
            if (id.isEmpty()) {
                continue;
            }
            if (!ADMIN.matcher(id).matches()) {
                throw new ConfigException(ADMINS, "'" + shorten(id) + "' is not a user id: give comma-separated Slack"
                        + " user ids (like U0123ABCD) or discord:<user id> (like discord:41771983423143937)");
            }
            ids.add(id.regionMatches(true, 0, "discord:", 0, 8) ? dev.checklistbot.run.Platform.DISCORD.qualify(id.substring(8)) : id);
            if (ids.size() > MAX_ADMINS) {
                throw new ConfigException(ADMINS, "lists more than " + MAX_ADMINS + " user ids");
            }
        }
        return java.util.Set.copyOf(ids);
    }

    /** A base URL ending with '/', of one of the schemes. */
    private String baseUrl(String variable, String flag, String defaultValue, String... schemes) {
        String value = url(variable, value(variable, flag, defaultValue), defaultValue, schemes);
        if (!value.endsWith("/")) {
            throw new ConfigException(variable, "must end with '/' (like " + defaultValue + ")");
        }
        return value;
    }

    private static String url(String variable, String value, String example, String... schemes) {
        try {
            URI uri = new URI(value);
            if (uri.getScheme() == null || !java.util.Arrays.asList(schemes).contains(uri.getScheme())
                    || uri.getHost() == null) {
                throw new ConfigException(variable, "must be a " + String.join(" or ", schemes) + " URL like " + example);
            }
        } catch (URISyntaxException e) {
            throw new ConfigException(variable, "is not a valid URL");
        }
        return value;
    }

    /** A secret that must be set; the message names the variable, never the value. */
    public String requiredSecret(String variable, String flag, String prefix) {
        String value = value(variable, flag, null);
        if (value == null) {
            throw new ConfigException(variable, "is not set");
        }
        if (prefix != null && !value.startsWith(prefix)) {
            throw new ConfigException(variable, "does not look right: it should start with '" + prefix + "'");
        }
        return value;
    }

    /** A secret that may be unset (null); when set it must have the expected prefix. */
    public String optionalSecret(String variable, String flag, String prefix) {
        String value = value(variable, flag, null);
        if (value != null && prefix != null && !value.startsWith(prefix)) {
            throw new ConfigException(variable, "does not look right: it should start with '" + prefix + "'");
        }
        return value;
    }

    private static String shorten(String value) {
        return value.length() > 20 ? value.substring(0, 20) + "…" : value;
    }
}
