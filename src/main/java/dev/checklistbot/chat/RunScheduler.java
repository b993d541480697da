package dev.checklistbot.chat;

import dev.checklistbot.checklist.Checklist;
import dev.checklistbot.checklist.ChecklistCatalog;
import dev.checklistbot.run.Outcome;
import dev.checklistbot.run.RunService;
import dev.checklistbot.run.RunStore;
import dev.checklistbot.run.Timer;
import dev.checklistbot.logging.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What the bot does by itself, on time: nudges the steps open past their expected time, and starts the scheduled
 * checklists. One thread looks every {@code every} (a second by default): at the store's small table of due timers
 * (never every active run), and at a schedule only when its next time has come. Each action is the engine's
 * ({@link RunService#nudge}, {@link RunService#startScheduled}), one transaction that decides once whichever process
 * (or restarted process) tries it; then the outbox is woken.
 */
public final class RunScheduler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RunScheduler.class);
    /** Timers applied per look at most, in batches of this size (what is left waits for the next look). */
    static final int BATCH = 100;
    private static final int MAX_BATCHES = 10;

    private final RunService service;
    private final RunStore store;
    private final ChecklistCatalog catalog;
    private final Clock clock;
    private final Runnable wake;
    /** Per scheduled checklist, when to look at it next (only this process's thread touches it). */
    private final Map<String, Instant> nextLook = new HashMap<>();
    /** The channels where this process starts scheduled runs (all until {@link #start} says otherwise). */
    private volatile Predicate<String> startsIn = channel -> true;
    /** What wakes the delivery of what a look changed (the outbox dispatcher's wake, or the console's delivery). */
    private volatile Runnable afterChange;
    private ScheduledExecutorService thread;
    /** One look at a time (the thread's, or a test's). */
    private final Object looking = new Object();

    public RunScheduler(RunService service, RunStore store, ChecklistCatalog catalog, Clock clock, Runnable wake) {
        this.service = service;
        this.store = store;
        this.catalog = catalog;
        this.clock = clock;
        this.wake = wake;
    }

    /**
     * Starts looking every {@code every}, at once first; schedules start only in the channels {@code startsIn} accepts
     * (those of the platforms this process serves).
     */
    public synchronized void start(Duration every, Predicate<String> startsIn) {
        start(every, startsIn, wake);
    }

    /** As {@link #start(Duration, Predicate)}, with {@code afterChange} run after a look that changed something. */
    public synchronized void start(Duration every, Predicate<String> startsIn, Runnable afterChange) {
        if (thread != null) {
            return;
        }
        this.startsIn = startsIn;
        this.afterChange = afterChange;
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "timers");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::safeTick, 0, Math.max(1, every.toMillis()), TimeUnit.MILLISECONDS);
    }

    private void safeTick() {
        try {
            tick();
        } catch (RuntimeException e) {
            // The store refused (busy, read-only, gone): nothing was changed; the next look tries again.
            log.warn("timers and schedules: {}", LogText.escape(e.toString(), 300));
        }
    }

    /** One look: applies the due timers, then starts the schedules whose time has come. Returns what it changed. */
    public int tick() {
        synchronized (looking) {
            int changed = applyDueTimers() + startDueSchedules();
            if (changed > 0) {
                (afterChange != null ? afterChange : wake).run();
            }
            return changed;
        }
    }

    private int applyDueTimers() {
        int nudged = 0;
        for (int batch = 0; batch < MAX_BATCHES; batch++) {
            Instant now = clock.instant();
            List<Timer> due = store.read(r -> r.dueTimers(now, BATCH));
            for (Timer timer : due) {
                if (service.nudge(timer)) {
                    nudged++;
                }
            }
            if (due.size() < BATCH) {
                break;
            }
        }
        return nudged;
    }

    private int startDueSchedules() {
        int started = 0;
        for (Checklist checklist : catalog.all()) {
            if (checklist.schedule() == null || !startsIn.test(checklist.schedule().channel())) {
                continue;
            }
            Instant now = clock.instant();
            Instant next = nextLook.get(checklist.id());
            if (next != null && now.isBefore(next)) {
                continue;
            }
            Outcome outcome = service.startScheduled(checklist);
            if (outcome != null) {
                started++;
                log.info("schedule of {}: {}", checklist.id(), outcome.accepted()
                        ? "started run " + outcome.run().id() : LogText.escape(String.valueOf(outcome.reply()), 300));
            }
            // Looked at successfully: the next look is at its next time (a failed look is tried at the next tick).
            nextLook.put(checklist.id(), checklist.schedule().nextAfter(now).orElse(Instant.MAX));
        }
        return started;
    }

    @Override
    public synchronized void close() {
        if (thread != null) {
            thread.shutdownNow();
            try {
                thread.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }
}
