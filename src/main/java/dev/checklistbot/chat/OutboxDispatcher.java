package dev.checklistbot.chat;

import dev.checklistbot.render.ChatMessage;
import dev.checklistbot.render.RunHeader;
import dev.checklistbot.render.StepCard;
import dev.checklistbot.render.StepNotice;
import dev.checklistbot.render.Summary;
import dev.checklistbot.run.OutboxMessage;
import dev.checklistbot.run.Run;
import dev.checklistbot.run.RunStore;
import dev.checklistbot.store.Outbox;
import dev.checklistbot.store.PendingMessage;
import dev.checklistbot.store.PostedMessage;
import dev.checklistbot.store.PostedMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Delivers the outbox to the chat platform after the commands that wrote it have committed.
 *
 * <p>Messages of one channel go out one at a time, in the order they were written (a step's message
 * before its update, a step before the next); channels are served in parallel. A worker that has delivered to
 * a channel goes on with that channel's next due messages (up to {@link #CHAIN}) before it lets the channel go.
 * A failure the platform calls temporary (rate limit, 5xx, network) is retried after the platform's
 * {@code Retry-After} or an exponential backoff; the channel waits meanwhile so that order holds. Updates render
 * the run as it stands when they are delivered, so one delivered update stands for all the same updates written
 * before it. A crash between a successful post and marking it delivered can repeat that one post after restart
 * (at-least-once), and so can a power cut soon after a delivery (its record is not synced, see
 * {@code JdbcRunStore}); nothing committed is ever lost.
 *
 * <p>When the database refuses the dispatcher's own writes (full, read-only, locked), nothing is sent twice while the
 * process lives and nothing spins: a message the platform accepted but whose record was refused is remembered in
 * memory (with the message it created) and its next attempt only records it; a channel whose next attempt cannot be
 * written to the outbox is held back in memory for the backoff instead. No failure escapes a delivery thread or
 * ends the loop, and each failure is one log line.
 */
public final class OutboxDispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OutboxDispatcher.class);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
    private static final Duration GIVE_UP_AFTER = Duration.ofHours(24);
    private static final Duration IDLE_POLL = Duration.ofSeconds(1);
    /** How many messages of one channel a worker sends in a row before it lets the channel go (fairness). */
    static final int CHAIN = 16;

    private final Outbox outbox;
    private final PostedMessages posted;
    private final RunStore store;
    private final ChatClient client;
    private final Clock clock;
    private final int workers;
    private final ChannelPacer pacer;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    /** Deliveries and channels the database could not record: see {@link DeliveryMemory}. */
    private final DeliveryMemory memory = new DeliveryMemory();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wakeUp = lock.newCondition();
    private boolean woken;
    private volatile boolean running;
    private ExecutorService pool;
    private Thread loop;

    public OutboxDispatcher(Outbox outbox, PostedMessages posted, RunStore store, ChatClient client, Clock clock,
                            int workers) {
        this(outbox, posted, store, client, clock, workers, ChannelPacer.unlimited());
    }

    /** With {@code pacer}, new posts to one channel go out no faster than the platform allows. */
    public OutboxDispatcher(Outbox outbox, PostedMessages posted, RunStore store, ChatClient client, Clock clock,
                            int workers, ChannelPacer pacer) {
        this.pacer = pacer;
        this.outbox = outbox;
        this.posted = posted;
        this.store = store;
        this.client = client;
        this.clock = clock;
        this.workers = workers;
    }

    /** Starts delivering in the background. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "outbox-delivery");
            t.setDaemon(true);
            return t;
        });
        loop = new Thread(this::runLoop, "outbox-dispatcher");
        loop.setDaemon(true);
        loop.start();
    }

    /** Tells the dispatcher that new messages were committed, so it need not wait for its next poll. */
    public void wake() {
        lock.lock();
        try {
            woken = true;
            wakeUp.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Delivers, in the calling thread, every message that is due now, until none is left or {@code max}
     * were tried. For the console and tests, where no background thread is wanted.
     *
     * @return how many deliveries were attempted
     */
    public int deliverDueNow(int max) {
        int attempted = 0;
        while (attempted < max) {
            Instant now = clock.instant();
            List<PendingMessage> due = outbox.dueHeads(now, memory.skipped(now, Set.of()), max - attempted);
            if (due.isEmpty()) {
                break;
            }
            for (PendingMessage message : due) {
                deliver(message);
                attempted++;
            }
        }
        return attempted;
    }

    private void runLoop() {
        while (running) {
            try {
                if (inFlight.size() >= workers * 2) {
                    // The workers have enough queued: wait for a delivery to finish instead of scanning the
                    // outbox again (a scan per finished delivery took a third of the CPU under load).
                    sleepUnlessWoken(IDLE_POLL);
                    continue;
                }
                Instant now = clock.instant();
                int limit = workers * 16;
                List<PendingMessage> due = outbox.dueHeads(now, memory.skipped(now, inFlight), limit);
                int started = 0;
                Duration paced = null;
                for (PendingMessage message : due) {
                    String channel = message.message().channel();
                    boolean post = isPost(message.message());
                    Duration delay = post ? pacer.delay(channel, now) : Duration.ZERO;
                    if (!delay.isZero()) {
                        paced = paced == null || delay.compareTo(paced) < 0 ? delay : paced;
                        continue;
                    }
                    if (inFlight.add(channel)) {
                        if (post) {
                            pacer.posted(channel, now);
                        }
                        started++;
                        pool.execute(() -> {
                            try {
                                deliverChannel(message);
                            } catch (RuntimeException e) {
                                log.error("outbox delivery to {}: {}", channel, e.toString());
                            } finally {
                                inFlight.remove(channel);
                                wake();
                            }
                        });
                    }
                }
                if (started == 0) {
                    pacer.forgetIdle(now);
                    waitForWork(paced);
                } else if (due.size() < limit) {
                    // The scan saw every due head: scanning again at once would find only what was committed
                    // since, and each such commit wakes this loop anyway.
                    waitForWork(paced);
                }
            } catch (RuntimeException e) {
                log.error("outbox dispatcher: {}", e.toString());
                waitForWork(null);
            }
        }
    }

    /** Waits for a wake-up, the next due message, or {@code paced} (a paced channel's turn), whichever comes first. */
    private void waitForWork(Duration paced) {
        Duration wait = paced != null && paced.compareTo(IDLE_POLL) < 0 ? paced : IDLE_POLL;
        if (paced != null) {
            // Every due message waits for its channel's pace: the outbox's next due time is already past.
            sleepUnlessWoken(wait);
            return;
        }
        try {
            // Channels with a delivery in flight do not count: their head is due, but the end of that delivery
            // wakes this loop (counting them made the loop poll every 5 ms while any delivery was under way).
            // Held channels count from the end of their hold.
            Instant now = clock.instant();
            Optional<Instant> next = earliest(outbox.nextDueAt(memory.skipped(now, inFlight)), memory.heldUntil(now));
            if (next.isPresent()) {
                Duration untilDue = Duration.between(clock.instant(), next.get());
                wait = untilDue.isNegative() ? Duration.ofMillis(5) : untilDue.compareTo(IDLE_POLL) < 0 ? untilDue : IDLE_POLL;
            }
        } catch (RuntimeException e) {
            log.warn("outbox dispatcher cannot read the outbox: {}", e.toString());
        }
        sleepUnlessWoken(wait);
    }

    private static Optional<Instant> earliest(Optional<Instant> a, Optional<Instant> b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isPresent() && b.get().isBefore(a.get()) ? b : a;
    }

    private void sleepUnlessWoken(Duration wait) {
        lock.lock();
        try {
            if (!woken) {
                wakeUp.await(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS);
            }
            woken = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Delivers a channel's oldest message, then, while this worker still holds the channel, its next ones as long
     * as each is due and allowed by the pace (at most {@link #CHAIN} in all), then lets the channel go. A step
     * command writes four messages to one channel; without this each of them waited for the loop to wake and
     * scan every channel's head again (most of the delivery loop's CPU when few channels are busy), and went out
     * that much later. Order holds: only the worker holding the channel sends to it.
     */
    private void deliverChannel(PendingMessage first) {
        String channel = first.message().channel();
        PendingMessage message = first;
        for (int sent = 1; deliver(message) && sent < CHAIN && running; sent++) {
            Instant now = clock.instant();
            Optional<PendingMessage> next;
            try {
                next = outbox.dueHead(channel, now);
            } catch (RuntimeException e) {
                log.warn("outbox dispatcher cannot read the outbox: {}", e.toString());
                return;
            }
            if (next.isEmpty()) {
                return;
            }
            if (isPost(next.get().message())) {
                if (!pacer.delay(channel, now).isZero()) {
                    return; // the loop sends it when the channel's pace allows
                }
                pacer.posted(channel, now);
            }
            message = next.get();
        }
    }

    /**
     * Delivers one message and records the result; never throws. Returns whether it was delivered and recorded.
     * A message already sent whose record the database refused is not sent again: only its record is tried.
     */
    boolean deliver(PendingMessage pending) {
        OutboxMessage message = pending.message();
        try {
            Optional<DeliveryMemory.Sent> sent = memory.unrecorded(pending.id());
            if (sent.isPresent()) {
                return record(pending, sent.get()); // sent already: only its record is missing
            }
            DeliveryMemory.Sent done;
            try {
                long upToId = outbox.lastId();
                Optional<Run> run = store.read(r -> r.run(message.runId()));
                if (run.isEmpty()) {
                    giveUp(pending, clock.instant(), "run " + message.runId() + " not found");
                    return false;
                }
                PostedMessage created = send(message, run.get());
                done = new DeliveryMemory.Sent(created, isUpdate(message), upToId);
            } catch (DeliveryException e) {
                failed(pending, e.retryable(), e.retryAfter(), e.getMessage());
                return false;
            } catch (RuntimeException e) {
                failed(pending, true, null, e.toString());
                return false;
            }
            return record(pending, done);
        } catch (RuntimeException e) {
            // Nothing above should throw; if it does, hold the channel rather than end the caller's loop or thread.
            Duration wait = memory.hold(message.channel(), null, clock.instant());
            log.error("outbox message {} to {}: {}; channel held for {} ms", pending.id(), message.channel(),
                    e.toString(), wait.toMillis());
            return false;
        }
    }

    /**
     * Records a delivery in one transaction (one commit per message, not two or three). If the database refuses, the
     * delivery is remembered in memory and the channel held back: the next attempt only records it.
     */
    private boolean record(PendingMessage pending, DeliveryMemory.Sent sent) {
        String channel = pending.message().channel();
        try {
            outbox.recordDelivery(pending.id(), sent.created(), sent.coalesceUpdates(), sent.upToId(), clock.instant());
        } catch (RuntimeException e) {
            memory.unrecorded(pending.id(), sent);
            Duration wait = memory.hold(channel, null, clock.instant());
            log.warn("outbox message {} to {} was delivered but cannot be recorded: {}; it will not be sent again,"
                    + " recording it again in {} ms", pending.id(), channel, e.toString(), wait.toMillis());
            return false;
        }
        memory.recorded(pending.id(), channel);
        return true;
    }

    /** Sends the message; returns the platform's message to remember if it was a header or step post, else null. */
    private PostedMessage send(OutboxMessage message, Run run) throws DeliveryException {
        String channel = message.channel();
        switch (message.kind()) {
            case HEADER_POST:
                return posted(channel, client.post(channel, null, new RunHeader(run)), run, 0);
            case STEP_POST:
                return posted(channel, client.post(channel, null, new StepCard(run, run.step(message.step()))), run,
                        message.step());
            case HEADER_UPDATE:
                update(run, 0, new RunHeader(run));
                break;
            case STEP_UPDATE:
                update(run, message.step(), new StepCard(run, run.step(message.step())));
                break;
            case STEP_NOTICE: {
                Optional<PostedMessage> stepMessage = posted.find(run.id(), message.step());
                client.post(channel, stepMessage.map(PostedMessage::messageId).orElse(null),
                        new StepNotice(run, message.event()));
                break;
            }
            case SUMMARY_POST:
                client.post(channel, null, Summary.of(run, clock.instant()));
                break;
            default:
                throw new IllegalStateException("unknown message kind " + message.kind());
        }
        return null;
    }

    private void update(Run run, int step, ChatMessage content) throws DeliveryException {
        Optional<PostedMessage> target = posted.find(run.id(), step);
        if (target.isEmpty()) {
            // The post it would update was given up: nothing to update.
            log.warn("no posted message for run {} step {}: update skipped", run.id(), step);
            return;
        }
        client.update(target.get().channel(), target.get().messageId(), content);
    }

    private static PostedMessage posted(String channel, String messageId, Run run, int step) {
        return new PostedMessage(channel, messageId, run.id(), step);
    }

    /**
     * After a failed send: gives up on the message, or schedules its retry in the outbox. If the database refuses
     * that too, the channel is held back in memory for the same time instead. One log line either way.
     */
    private void failed(PendingMessage pending, boolean retryable, Duration retryAfter, String error) {
        Instant now = clock.instant();
        String reason = error == null ? "unknown error" : error;
        if (!retryable || now.isAfter(pending.createdAt().plus(GIVE_UP_AFTER))) {
            giveUp(pending, now, reason);
            return;
        }
        Duration backoff = backoff(pending.attempts());
        Duration wait = retryAfter != null && retryAfter.compareTo(backoff) > 0 ? retryAfter : backoff;
        String channel = pending.message().channel();
        try {
            outbox.retryAt(pending.id(), now.plus(wait), reason);
        } catch (RuntimeException e) {
            Duration heldFor = memory.hold(channel, wait, now);
            log.warn("outbox message {} to {} failed (attempt {}): {}; its retry cannot be recorded ({}): channel held"
                    + " for {} ms", pending.id(), channel, pending.attempts() + 1, reason, e.toString(), heldFor.toMillis());
            return;
        }
        memory.release(channel);
        log.info("outbox message {} to {} failed (attempt {}): {}; retrying in {} ms", pending.id(), channel,
                pending.attempts() + 1, reason, wait.toMillis());
    }

    private void giveUp(PendingMessage pending, Instant now, String reason) {
        String channel = pending.message().channel();
        try {
            outbox.abandon(pending.id(), now, reason);
        } catch (RuntimeException e) {
            Duration heldFor = memory.hold(channel, null, now);
            log.warn("giving up on outbox message {} ({} to {}): {}; this cannot be recorded ({}): channel held for {} ms",
                    pending.id(), pending.message().kind(), channel, reason, e.toString(), heldFor.toMillis());
            return;
        }
        log.warn("giving up on outbox message {} ({} to {}): {}", pending.id(), pending.message().kind(), channel,
                reason);
    }

    /** 250 ms, 500 ms, 1 s, ... up to a minute. */
    static Duration backoff(int attempts) {
        long millis = 250L << Math.min(attempts, 16);
        return millis > MAX_BACKOFF.toMillis() ? MAX_BACKOFF : Duration.ofMillis(millis);
    }

    /** Messages that make a new chat message, which the platform paces per channel. */
    private static boolean isPost(OutboxMessage message) {
        switch (message.kind()) {
            case HEADER_POST:
            case STEP_POST:
            case STEP_NOTICE:
            case SUMMARY_POST:
                return true;
            default:
                return false;
        }
    }

    private static boolean isUpdate(OutboxMessage message) {
        switch (message.kind()) {
            case HEADER_UPDATE:
            case STEP_UPDATE:
                return true;
            default:
                return false;
        }
    }

    @Override
    public synchronized void close() {
        running = false;
        wake();
        if (loop != null) {
            try {
                loop.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (pool != null) {
            pool.shutdown();
            try {
                pool.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
