package dev.checklistbot.chat;

import dev.checklistbot.run.Run;
import dev.checklistbot.run.RunStore;
import dev.checklistbot.store.Outbox;
import dev.checklistbot.store.PostedMessage;
import dev.checklistbot.store.PostedMessages;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Finds the step a chat message is, so that reactions, replies and buttons act only on the bot's own step
 * messages, and only on the run they belong to.
 *
 * <p>A step message exists on the platform a moment before the bot has recorded its id: the platform answers the
 * post, then the delivery is recorded. A reaction or reply in that moment (seen right after a restart, when the
 * outbox catches up) must not be dropped as "not a step message". So when a message is unknown but the channel has a step post
 * without its record, old enough to be that message, {@link #find} waits a little for the record, and if it is
 * still on its way says so: the caller then has the platform deliver the event again (its event id makes that
 * safe).
 */
public final class StepMessages {
    /** How long an event waits for a record on its way; short, so that the ack stays within the platforms' 3 s. */
    static final Duration RECORD_WAIT = Duration.ofMillis(800);
    /** The platform's clock and ours may differ: a step post written up to this much after the message may be it. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(2);
    private static final long DISCORD_EPOCH_MILLIS = 1_420_070_400_000L;
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final PostedMessages posted;
    private final Outbox outbox;
    private final RunStore store;

    public StepMessages(PostedMessages posted, Outbox outbox, RunStore store) {
        this.posted = posted;
        this.outbox = outbox;
        this.store = store;
    }

    /**
     * What a message is to the bot.
     *
     * @param step     the step message it is, if known
     * @param onItsWay unknown, but it may be a step message whose record has not been written yet
     */
    public record Lookup(Optional<PostedMessage> step, boolean onItsWay) {
        static final Lookup NONE = new Lookup(Optional.empty(), false);
        static final Lookup ON_ITS_WAY = new Lookup(Optional.empty(), true);
    }

    /** The step message with this ts in this channel (never the run header), waiting briefly for one on its way. */
    public Lookup find(String channel, String ts) {
        if (channel == null || ts == null) {
            return Lookup.NONE;
        }
        Optional<Instant> postedAt = postedAt(ts);
        long deadline = System.nanoTime() + RECORD_WAIT.toNanos();
        while (true) {
            Optional<PostedMessage> message = posted.find(channel, ts);
            if (message.isPresent()) {
                return message.get().step() > 0 ? new Lookup(message, false) : Lookup.NONE;
            }
            if (postedAt.isEmpty() || !mayBeOnItsWay(channel, postedAt.get())) {
                return Lookup.NONE;
            }
            if (System.nanoTime() - deadline >= 0) {
                return Lookup.ON_ITS_WAY;
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /** Whether a step post of the channel still lacks its record and was written before the message could exist. */
    private boolean mayBeOnItsWay(String channel, Instant messageTime) {
        Optional<Instant> oldest = outbox.oldestUnrecordedStepPost(channel);
        return oldest.isPresent() && !oldest.get().isAfter(messageTime.plus(CLOCK_SKEW));
    }

    /**
     * When a message was posted, from its id: a Slack ts ("1700000000.000100") is the posting time in seconds; a
     * Discord snowflake holds milliseconds since 2015 in its top 42 bits. Empty for anything else.
     */
    static Optional<Instant> postedAt(String messageId) {
        if (messageId.length() >= 15 && messageId.length() <= 20 && messageId.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Instant.ofEpochMilli((Long.parseLong(messageId) >>> 22) + DISCORD_EPOCH_MILLIS));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        String ts = messageId;
        int dot = ts.indexOf('.');
        String seconds = dot < 0 ? ts : ts.substring(0, dot);
        if (seconds.isEmpty() || seconds.length() > 12 || !seconds.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        return Optional.of(Instant.ofEpochSecond(Long.parseLong(seconds)));
    }

    /**
     * Whether a command on this run would reach it: the engine acts on the channel's active run (or, for an
     * undo, the run that just completed), so a step message of an older run must not be acted on.
     */
    public boolean current(String channel, long runId) {
        Optional<Run> target = store.read(r -> r.activeRun(channel).or(() -> r.lastRun(channel)));
        return target.isPresent() && target.get().id() == runId;
    }

    /** Whether run {@code runId} exists and lives in this channel. */
    public boolean inChannel(String channel, long runId) {
        return store.read(r -> r.run(runId)).map(run -> run.channel().equals(channel)).orElse(false);
    }

    /** Whether skipping that step of that run needs a reason (a run keeps its own copy of the checklist). */
    public boolean skipNeedsReason(long runId, int step) {
        return store.read(r -> r.run(runId)).map(run -> run.hasStep(step) && run.step(step).skipNeedsReason())
                .orElse(false);
    }

    /** The evidence prompt of a step that requires evidence and is not finished yet; empty otherwise. */
    public Optional<String> evidencePrompt(long runId, int step) {
        return store.read(r -> r.run(runId)).filter(run -> run.hasStep(step)).map(run -> run.step(step))
                .filter(s -> !s.finished() && s.step().evidence() == dev.checklistbot.checklist.EvidenceRule.REQUIRED)
                .map(s -> s.step().evidencePrompt() == null ? "What shows it was done (a path, a figure, a link)?"
                        : s.step().evidencePrompt());
    }

    /** Whether the step of that run is done or skipped. */
    public boolean finished(long runId, int step) {
        return store.read(r -> r.run(runId)).map(run -> run.hasStep(step) && run.step(step).finished()).orElse(false);
    }
}
