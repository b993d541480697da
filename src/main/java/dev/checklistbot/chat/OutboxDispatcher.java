package dev.checklistbot.chat;

import dev.checklistbot.run.DeliveryOrder;
import dev.checklistbot.run.Platform;
import dev.checklistbot.run.RunStore;
import dev.checklistbot.store.ChannelClaim;
import dev.checklistbot.store.ChannelLease;
import dev.checklistbot.store.Outbox;
import dev.checklistbot.store.PendingMessage;
import dev.checklistbot.store.PostedMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Delivers the outbox to the chat platform after the commands that wrote it have committed, alone or beside other
 * processes on the same database.
 *
 * <p>Messages of one channel go out one at a time, in the order they were written (a step's message before its update,
 * a step before the next); channels are served in parallel. A channel is delivered by the one process that holds its
 * lease: the loop claims channels whose oldest message is due ({@link Outbox#claim}, for {@link #DEFAULT_LEASE}),
 * a worker delivers the channel's messages (up to {@link #CHAIN}, each record renewing the lease) and lets it go; the
 * loop renews the leases of the channels under way every third of the lease, so that a slow send keeps its channel.
 * A process that dies stops renewing: its leases run out within {@link #DEFAULT_LEASE} and another process takes its
 * channels over. The channel's pace (Slack's one post a second per channel) is kept with its lease, so that whichever
 * process posts next respects it. Across the channels under way, what people wait for goes first: a worker takes a
 * channel whose next message is a header or a step's card before one whose next message is an update or a notice
 * ({@link ChannelTask}).
 *
 * <p>The same channels (Slack's) also share their platform's workspace-wide limit, which the platform does not publish
 * ({@link WorkspaceBudget}): after a 429, every post to that platform from this process is held until its
 * {@code Retry-After}, then paced at the rate learned. A message the budget refuses is not sent: its channel is let go
 * and claimed again when the budget allows (oldest message first, as every claim), so order holds and nothing is sent
 * twice.
 *
 * <p>A failure the platform calls temporary (rate limit, 5xx, network) is retried after the platform's
 * {@code Retry-After} or an exponential backoff; the channel waits meanwhile so that order holds. Updates render the
 * run as it stands when they are delivered, so one delivered update stands for all the same updates written before
 * it.
 *
 * <p>What can be sent twice (at-least-once), and only then: the message whose send was under way when its process
 * died, or whose record was lost (the process crashed between the platform accepting it and the record's commit, or a
 * power cut took the unsynced record, see {@code JdbcRunStore}); and a message under way while its process could not
 * renew its lease for longer than the lease (the database unreachable from it, not from the others). Nothing committed
 * is ever lost.
 *
 * <p>When the database refuses the dispatcher's own writes (full, read-only, locked), nothing is sent twice while the
 * process lives and nothing spins (see {@link DeliveryMemory}); a process that cannot write cannot claim, so it sends
 * nothing new. No failure escapes a delivery thread or ends the loop, and each failure is one log line.
 */
public final class OutboxDispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OutboxDispatcher.class);
    private static final Duration IDLE_POLL = Duration.ofSeconds(1);
    /** How long a claim on a channel lasts unless renewed: a dead process's channels are taken over after it. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(6);
    /** How many messages of one channel a worker sends in a row before it lets the channel go (fairness). */
    static final int CHAIN = 16;

    private final Outbox outbox;
    private final Clock clock;
    private final int workers;
    private final ChannelPacer pacer;
    private final String owner;
    private final Duration lease;
    private final MessageDelivery delivery;
    /** Whose channels this process claims: the platforms its client serves. */
    private final ChatClient client;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    /** Channels under way whose lease a renewal found gone: their worker stops after its current message. */
    private final Set<String> lost = ConcurrentHashMap.newKeySet();
    /** Deliveries and channels the database could not record: see {@link DeliveryMemory}. */
    private final DeliveryMemory memory = new DeliveryMemory();
    /** This process's share of each platform's workspace-wide limit, for the channels the pacer paces. */
    private final WorkspaceBudget budget;
    /** Channels whose next message the budget refused, until it may allow it. */
    private final BudgetWaits budgetWaits = new BudgetWaits();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wakeUp = lock.newCondition();
    private boolean woken;
    private Instant nextRenewal = Instant.MIN;
    private volatile boolean running;
    private ThreadPoolExecutor pool;
    /** The order of the workers' tasks of equal priority: first come, first served. */
    private final AtomicLong taskSequence = new AtomicLong();
    private Thread loop;

    public OutboxDispatcher(Outbox outbox, PostedMessages posted, RunStore store, ChatClient client, Clock clock,
                            int workers) {
        this(outbox, posted, store, client, clock, workers, ChannelPacer.unlimited());
    }

    /** With {@code pacer}, new posts to one channel go out no faster than the platform allows. */
    public OutboxDispatcher(Outbox outbox, PostedMessages posted, RunStore store, ChatClient client, Clock clock,
                            int workers, ChannelPacer pacer) {
        this(outbox, posted, store, client, clock, workers, pacer, processOwner(), DEFAULT_LEASE);
    }

    /**
     * @param owner this process's name in the leases (see {@link #processOwner()}); unique among the processes
     * @param lease how long a claim on a channel lasts unless renewed
     */
    public OutboxDispatcher(Outbox outbox, PostedMessages posted, RunStore store, ChatClient client, Clock clock,
                            int workers, ChannelPacer pacer, String owner, Duration lease) {
        this.outbox = outbox;
        this.clock = clock;
        this.workers = workers;
        this.pacer = pacer;
        this.owner = owner;
        this.lease = lease;
        this.budget = new WorkspaceBudget(clock);
        this.delivery = new MessageDelivery(outbox, posted, store, new BudgetedClient(client, budget, pacer::applies),
                clock, memory);
        this.client = client;
    }

    /** A name for this process in the leases: host, process id and a random part (a restarted process is another). */
    public static String processOwner() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException | RuntimeException e) {
            host = "unknown-host";
        }
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        return host + "/" + ProcessHandle.current().pid() + "/" + HexFormat.of().formatHex(random);
    }

    public String owner() {
        return owner;
    }

    /** Starts delivering in the background. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        // Tasks by priority (see ChannelTask): a channel whose next message is one people wait for goes first.
        pool = new ThreadPoolExecutor(workers, workers, 0L, TimeUnit.MILLISECONDS, new PriorityBlockingQueue<>(), r -> {
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
     * Delivers, in the calling thread, every message that is due now, until none is left or {@code max} were tried:
     * each channel claimed, its oldest message delivered, the channel let go. For the console and tests, where no
     * background thread is wanted. A claim the database refuses ends it.
     *
     * @return how many deliveries were attempted
     */
    public int deliverDueNow(int max) {
        int attempted = 0;
        while (attempted < max) {
            Instant now = clock.instant();
            List<ChannelClaim> claims;
            try {
                claims = outbox.claim(owner, now, now.plus(lease), skipped(now), max - attempted,
                        client.platforms());
            } catch (RuntimeException e) {
                log.warn("outbox dispatcher cannot claim channels: {}", e.toString());
                break;
            }
            if (claims.isEmpty()) {
                break;
            }
            for (ChannelClaim claim : claims) {
                deliverChannel(claim, 1);
                attempted++;
            }
        }
        return attempted;
    }

    private void runLoop() {
        while (running) {
            try {
                Instant now = clock.instant();
                renewLeases(now);
                int free = workers * 2 - inFlight.size();
                if (free <= 0) {
                    // The workers have enough to do: wait for a delivery to finish instead of claiming more.
                    sleepUnlessWoken(IDLE_POLL);
                    continue;
                }
                List<ChannelClaim> claims = outbox.claim(owner, now, now.plus(lease), skipped(now), free,
                        client.platforms());
                for (ChannelClaim claim : claims) {
                    String channel = claim.channel();
                    lost.remove(channel);
                    if (!inFlight.add(channel)) {
                        continue; // cannot happen: the claim skipped the channels under way
                    }
                    schedule(channel, claim.head(), claim.nextPostAt(), CHAIN);
                }
                if (claims.size() < free) {
                    // Every claimable channel was claimed: the next one comes with a commit (which wakes this loop),
                    // a retry's or a pace's time, a lease running out, or the next poll.
                    waitForWork();
                }
            } catch (RuntimeException e) {
                log.error("outbox dispatcher: {}", e.toString());
                sleepUnlessWoken(IDLE_POLL);
            }
        }
    }

    /** Every third of the lease: renews the leases of the channels under way; those found gone are marked lost. */
    private void renewLeases(Instant now) {
        if (inFlight.isEmpty() || now.isBefore(nextRenewal)) {
            return;
        }
        nextRenewal = now.plus(lease.dividedBy(3));
        Set<String> mine = Set.copyOf(inFlight);
        try {
            Set<String> held = outbox.renew(owner, mine, now.plus(lease));
            for (String channel : mine) {
                if (!held.contains(channel)) {
                    lost.add(channel);
                }
            }
        } catch (RuntimeException e) {
            log.warn("outbox dispatcher cannot renew its leases: {}", e.toString());
        }
    }

    /** Waits for a wake-up, the next claimable channel, or the next poll, whichever comes first. */
    private void waitForWork() {
        Duration wait = IDLE_POLL;
        try {
            // Channels with a delivery in flight do not count: the end of that delivery wakes this loop. Held channels
            // count from the end of their hold; a post from its channel's pace; another process's channel from the
            // end of its lease; a channel the budget refused from when the budget may allow it.
            Instant now = clock.instant();
            Optional<Instant> next = earliest(earliest(outbox.nextClaimAt(owner, skipped(now), client.platforms()),
                    memory.heldUntil(now)), budgetWaits.until(now));
            if (next.isPresent()) {
                Duration untilDue = Duration.between(clock.instant(), next.get());
                wait = untilDue.isNegative() ? Duration.ofMillis(5) : untilDue.compareTo(IDLE_POLL) < 0 ? untilDue : IDLE_POLL;
            }
        } catch (RuntimeException e) {
            log.warn("outbox dispatcher cannot read the outbox: {}", e.toString());
        }
        sleepUnlessWoken(wait);
    }

    /** The channels a claim skips: those under way, held back in memory, or waiting for the budget. */
    private Set<String> skipped(Instant now) {
        return budgetWaits.addTo(memory.skipped(now, inFlight), now);
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
     * A worker's turn at a channel under way (claimed, in {@link #inFlight}): deliver from {@code head} on. Ordered so
     * that what people wait for goes first across channels: a channel whose next message is awaited (a post that creates
     * the header or a step's card, {@link DeliveryOrder#awaited}) before one whose next message is an update or a
     * notice, and first come, first served among equals. Without it a worker would send one channel's card, its two
     * updates and its thread notice while 40 other channels' next steps waited behind them.
     */
    private final class ChannelTask implements Runnable, Comparable<ChannelTask> {
        final String channel;
        final PendingMessage head;
        final Instant nextPostAt;
        final int chain;
        final boolean awaited;
        final long sequence = taskSequence.incrementAndGet();

        ChannelTask(String channel, PendingMessage head, Instant nextPostAt, int chain) {
            this.channel = channel;
            this.head = head;
            this.nextPostAt = nextPostAt;
            this.chain = chain;
            this.awaited = DeliveryOrder.awaited(head.message().kind());
        }

        @Override
        public int compareTo(ChannelTask other) {
            if (awaited != other.awaited) {
                return awaited ? -1 : 1;
            }
            return Long.compare(sequence, other.sequence);
        }

        @Override
        public void run() {
            deliverChannel(channel, head, nextPostAt, chain, true);
        }
    }

    /** Queues a freshly claimed channel's turn; lets the channel go if the pool is shut down. */
    private void schedule(String channel, PendingMessage head, Instant nextPostAt, int chain) {
        if (!queue(channel, head, nextPostAt, chain)) {
            inFlight.remove(channel);
            release(channel);
        }
    }

    /** Queues a worker's turn at the channel (in {@link #inFlight}); false if the pool is shut down (closing). */
    private boolean queue(String channel, PendingMessage head, Instant nextPostAt, int chain) {
        try {
            pool.execute(new ChannelTask(channel, head, nextPostAt, chain));
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** How many workers' turns wait for a worker (tests). */
    int queuedTurns() {
        ThreadPoolExecutor p = pool;
        return p == null ? 0 : p.getQueue().size();
    }

    private void deliverChannel(ChannelClaim claim, int chain) {
        deliverChannel(claim.channel(), claim.head(), claim.nextPostAt(), chain, false);
    }

    /**
     * Delivers a claimed channel's oldest message, then its next ones as long as each is due and allowed by the pace
     * (at most {@code chain} in all) and the lease is still this process's, then lets the channel go. Order holds:
     * only the holder of the channel's lease sends to it. With {@code mayHandOn} (a worker's turn), after an awaited
     * message whose successor is not awaited, the rest goes back to the queue as a turn of lower priority, the channel
     * still held, so that other channels' awaited messages go first.
     *
     * <p>Unless handed on, the channel is let go at the end, and a worker's turn takes it out of {@link #inFlight}
     * and wakes the loop, whatever happened (no failure escapes a delivery thread).
     */
    private void deliverChannel(String channel, PendingMessage first, Instant nextPostAt, int chain,
                                boolean mayHandOn) {
        boolean handedOn = false;
        try {
            handedOn = deliverFrom(channel, first, nextPostAt, chain, mayHandOn);
        } catch (RuntimeException e) {
            log.warn("outbox delivery to {}: {}", channel, e.toString());
        } finally {
            if (!handedOn) {
                release(channel);
                if (mayHandOn) {
                    inFlight.remove(channel);
                    wake();
                }
            }
        }
    }

    private boolean deliverFrom(String channel, PendingMessage first, Instant nextPostAtClaimed, int chain,
                                boolean mayHandOn) {
        if (mayHandOn && (!running || lost.remove(channel))) {
            return false; // closing, or a renewal found the lease gone while this turn waited for a worker
        }
        PendingMessage message = first;
        Instant nextPostAt = nextPostAtClaimed;
        for (int sent = 1; ; sent++) {
            Instant now = clock.instant();
            boolean post = MessageDelivery.isPost(message.message());
            if (post && !pacer.delay(channel, nextPostAt, now).isZero()) {
                return false; // claimed again when the channel's pace allows
            }
            Optional<Instant> refused = takeBudget(channel, message);
            if (refused.isPresent()) {
                budgetWaits.waitUntil(channel, refused.get());
                return false; // claimed again when the budget allows
            }
            Instant paced = post ? pacer.after(channel, nextPostAt, now) : null;
            if (!delivery.deliver(message, new ChannelLease(owner, now.plus(lease), paced))) {
                return false;
            }
            if (paced != null) {
                nextPostAt = paced;
            }
            if (sent >= chain || !running || lost.remove(channel)) {
                return false;
            }
            Optional<PendingMessage> next = outbox.dueHead(channel, clock.instant());
            if (next.isEmpty()) {
                return false;
            }
            if (mayHandOn && DeliveryOrder.awaited(message.message().kind())
                    && !DeliveryOrder.awaited(next.get().message().kind())) {
                return queue(channel, next.get(), nextPostAt, chain - sent);
            }
            message = next.get();
        }
    }

    /**
     * Takes the workspace budget for the message if its channel is budgeted: empty if it may go, else when to try
     * again. A message sent already, whose record only is missing, is not sent again and takes nothing.
     */
    private Optional<Instant> takeBudget(String channel, PendingMessage message) {
        if (!pacer.applies(channel) || memory.unrecorded(message.id()).isPresent()) {
            return Optional.empty();
        }
        WorkspaceBudget.Kind kind = MessageDelivery.isPost(message.message()) ? WorkspaceBudget.Kind.POST
                : WorkspaceBudget.Kind.UPDATE;
        return budget.take(Platform.of(channel), kind);
    }

    private void release(String channel) {
        try {
            outbox.release(owner, channel);
        } catch (RuntimeException e) {
            log.warn("outbox dispatcher cannot let channel {} go ({}): its lease runs out by itself", channel,
                    e.toString());
        }
    }

    /** 250 ms, 500 ms, 1 s, ... up to a minute. */
    static Duration backoff(int attempts) {
        return MessageDelivery.backoff(attempts);
    }

    /** Stops delivering: the workers finish the message under way and let their channels go. */
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
