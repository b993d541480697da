package dev.checklistbot.run;

/** A command the rules do not allow. Thrown inside the transaction so that nothing of it is saved. */
public final class Refusal extends RuntimeException {
    private final ReplyText reply;

    public Refusal(Object... parts) {
        super(null, null, false, false);
        this.reply = ReplyText.of(parts);
    }

    public ReplyText reply() {
        return reply;
    }

    @Override
    public String getMessage() {
        return reply.plain();
    }
}
