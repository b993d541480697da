package dev.checklistbot.run;

/** The bot itself, as the actor of what it does on its own: a nudge, a scheduled start. */
public final class SystemActor {
    /** Not a user id of any platform, so that no platform writes it as a mention: it shows as its name. */
    public static final Actor BOT = new Actor("checklist-bot", "checklist-bot");

    private SystemActor() {
    }

    public static boolean is(Actor actor) {
        return BOT.sameAs(actor);
    }
}
