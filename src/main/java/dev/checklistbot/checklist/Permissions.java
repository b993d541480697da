package dev.checklistbot.checklist;

/**
 * A checklist's {@code permissions}: who may abort a run, and who may undo or skip what someone else did.
 * Unset entries are {@link Permission#EVERYONE}, so a checklist without permissions behaves as before.
 */
public record Permissions(Permission abort, Permission undoOthers) {
    public static final Permissions DEFAULT = new Permissions(Permission.EVERYONE, Permission.EVERYONE);

    public Permissions {
        abort = abort == null ? Permission.EVERYONE : abort;
        undoOthers = undoOthers == null ? Permission.EVERYONE : undoOthers;
    }

    public boolean isDefault() {
        return equals(DEFAULT);
    }
}
