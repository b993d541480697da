package dev.checklistbot.checklist;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the checklist-level sections {@code permissions} and {@code schedule} of a file, reporting problems through
 * the file's validator (so they carry the file name and line like every other error).
 */
final class FileSections {
    private static final Set<String> PERMISSION_FIELDS = Set.of("abort", "undo_others");
    private static final Set<String> SCHEDULE_FIELDS = Set.of("cron", "timezone", "channel");
    /** A Slack channel id (C..., G... for private, D... for a direct message) or {@code discord:<snowflake>}. */
    static final Pattern CHANNEL = Pattern.compile("[CGD][A-Z0-9]{2,30}|discord:[0-9]{1,20}");
    /** Unix cron, five fields: what operators write in crontabs. */
    private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    /** A user id of a permission list: a Slack user id (U..., W...) or {@code discord:<snowflake>}. */
    private static final Pattern USER = Pattern.compile("[UW][A-Z0-9]{2,30}|discord:[0-9]{1,20}");

    private final ChecklistLoader.FileValidator file;

    FileSections(ChecklistLoader.FileValidator file) {
        this.file = file;
    }

    /** Parses a five-field Unix cron expression; throws IllegalArgumentException with the reason if it is not one. */
    static com.cronutils.model.Cron parseCron(String expression) {
        String[] fields = expression.strip().split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("a cron expression has five fields (minute hour day-of-month month"
                    + " day-of-week), this one has " + fields.length);
        }
        return CRON.parse(expression.strip()).validate();
    }

    Permissions permissions(LocatedNode node) {
        if (node == null || node.value() == null) {
            return Permissions.DEFAULT;
        }
        if (!node.isMap()) {
            file.error(node.line(), "'permissions' must be a mapping (abort, undo_others), found " + node.kind());
            return Permissions.DEFAULT;
        }
        Map<String, LocatedNode> fields = node.asMap();
        file.unknownFields(fields, PERMISSION_FIELDS, "permissions");
        return new Permissions(permission(fields.get("abort"), "abort"), permission(fields.get("undo_others"), "undo_others"));
    }

    private Permission permission(LocatedNode node, String name) {
        String where = "permissions." + name;
        if (node == null || node.value() == null) {
            return Permission.EVERYONE;
        }
        if (node.value() instanceof String text) {
            return switch (text.strip()) {
                case "everyone" -> Permission.EVERYONE;
                case "owner" -> Permission.OWNER;
                default -> {
                    file.error(node.line(), where + ": must be everyone, owner or a list of user ids, not '" + text + "'");
                    yield Permission.EVERYONE;
                }
            };
        }
        if (!node.isList() || node.asList().isEmpty() || node.asList().size() > ChecklistLoader.MAX_PERMISSION_USERS) {
            file.error(node.line(), where + ": must be everyone, owner or a list of 1 to "
                    + ChecklistLoader.MAX_PERMISSION_USERS + " user ids");
            return Permission.EVERYONE;
        }
        List<String> users = new ArrayList<>();
        for (LocatedNode item : node.asList()) {
            String id = file.text(item, name, 64, where);
            if (id == null) {
                continue;
            }
            if (!USER.matcher(id).matches()) {
                file.error(item.line(), where + ": '" + id + "' is not a user id (a Slack user id such as U0123ABCD,"
                        + " or discord:<user id>)");
                continue;
            }
            users.add(id);
        }
        return users.isEmpty() ? Permission.EVERYONE : Permission.users(users);
    }

    Schedule schedule(LocatedNode node) {
        if (node == null || node.value() == null) {
            return null;
        }
        if (!node.isMap()) {
            file.error(node.line(), "'schedule' must be a mapping (cron, timezone, channel), found " + node.kind());
            return null;
        }
        Map<String, LocatedNode> fields = node.asMap();
        file.unknownFields(fields, SCHEDULE_FIELDS, "schedule");
        String cron = file.requiredText(fields, "cron", node.line(), 100, "schedule");
        String zoneText = file.requiredText(fields, "timezone", node.line(), 64, "schedule");
        String channel = file.requiredText(fields, "channel", node.line(), 64, "schedule");
        boolean ok = cron != null && zoneText != null && channel != null;
        if (cron != null) {
            try {
                parseCron(cron);
            } catch (IllegalArgumentException e) {
                file.error(fields.get("cron").line(), "schedule: bad cron '" + cron + "': " + e.getMessage());
                ok = false;
            }
        }
        ZoneId zone = null;
        if (zoneText != null) {
            try {
                zone = ZoneId.of(zoneText);
            } catch (DateTimeException e) {
                file.error(fields.get("timezone").line(), "schedule: unknown time zone '" + zoneText
                        + "': use a region id such as Europe/Paris or UTC");
                ok = false;
            }
        }
        if (channel != null && !CHANNEL.matcher(channel).matches()) {
            file.error(fields.get("channel").line(), "schedule: channel '" + channel
                    + "' must be a Slack channel id (C0123456789) or discord:<channel id>");
            ok = false;
        }
        return ok ? new Schedule(cron, zone, channel) : null;
    }
}
