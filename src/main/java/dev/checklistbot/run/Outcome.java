package dev.checklistbot.run;

/**
 * What came of a command: accepted (and saved) or refused (and nothing changed), with a reply for the
 * person who asked. A duplicate is an event the store had seen already: nothing changed, nothing to say.
 *
 * @param result accepted, refused or duplicate
 * @param reply  what to tell the person who asked (only them), or null
 * @param run    the run as it now stands, or null
 */
public record Outcome(Result result, ReplyText reply, Run run) {

    public enum Result { ACCEPTED, REFUSED, DUPLICATE }

    public static Outcome accepted(Run run, ReplyText reply) {
        return new Outcome(Result.ACCEPTED, reply, run);
    }

    public static Outcome refused(ReplyText reply) {
        return new Outcome(Result.REFUSED, reply, null);
    }

    public static Outcome duplicate() {
        return new Outcome(Result.DUPLICATE, null, null);
    }

    public boolean accepted() {
        return result == Result.ACCEPTED;
    }

    public boolean refused() {
        return result == Result.REFUSED;
    }
}
