package dev.checklistbot.run;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A RunStore in memory for the engine's unit tests: transactions are serialized by a lock and work on a
 * copy that is kept only if the work returns, so a refusal leaves nothing behind, as in the real store.
 */
final class InMemoryRunStore implements RunStore {
    private Map<Long, Run> runs = new LinkedHashMap<>();
    private List<RunEvent> events = new ArrayList<>();
    private List<OutboxMessage> outbox = new ArrayList<>();
    private Set<String> eventIds = new HashSet<>();
    private Map<String, Timer> timers = new LinkedHashMap<>();
    private Map<String, java.time.Instant> schedules = new LinkedHashMap<>();
    private long nextId = 1;

    @Override
    public synchronized <T> T write(Function<Transaction, T> work) {
        Tx tx = new Tx(new LinkedHashMap<>(runs), new ArrayList<>(events), new ArrayList<>(outbox), new HashSet<>(eventIds));
        tx.timers = new LinkedHashMap<>(timers);
        tx.schedules = new LinkedHashMap<>(schedules);
        T result = work.apply(tx);
        runs = tx.runs;
        events = tx.events;
        outbox = tx.outbox;
        eventIds = tx.eventIds;
        timers = tx.timers;
        schedules = tx.schedules;
        return result;
    }

    @Override
    public synchronized <T> T read(Function<Reader, T> work) {
        Tx tx = new Tx(runs, events, outbox, eventIds);
        tx.timers = timers;
        tx.schedules = schedules;
        return work.apply(tx);
    }

    synchronized List<Timer> timers() {
        return List.copyOf(timers.values());
    }

    synchronized List<OutboxMessage> outbox() {
        return List.copyOf(outbox);
    }

    synchronized List<RunEvent> allEvents() {
        return List.copyOf(events);
    }

    synchronized void clearOutbox() {
        outbox = new ArrayList<>();
    }

    private final class Tx implements Transaction {
        final Map<Long, Run> runs;
        final List<RunEvent> events;
        final List<OutboxMessage> outbox;
        final Set<String> eventIds;
        Map<String, Timer> timers;
        Map<String, java.time.Instant> schedules;

        Tx(Map<Long, Run> runs, List<RunEvent> events, List<OutboxMessage> outbox, Set<String> eventIds) {
            this.runs = runs;
            this.events = events;
            this.outbox = outbox;
            this.eventIds = eventIds;
        }

        @Override
        public Optional<Run> activeRun(String channel) {
            return runs.values().stream().filter(r -> r.channel().equals(channel) && r.active()).findFirst();
        }

        @Override
        public Optional<Run> run(long id) {
            return Optional.ofNullable(runs.get(id));
        }

        @Override
        public Optional<Run> lastRun(String channel) {
            return recentRuns(channel, 1).stream().findFirst();
        }

        @Override
        public List<Run> recentRuns(String channel, int limit) {
            return runs.values().stream().filter(r -> r.channel().equals(channel))
                    .sorted(Comparator.comparingLong(Run::id).reversed()).limit(limit).toList();
        }

        @Override
        public List<Run> runs(boolean activeOnly, int limit) {
            return runs.values().stream().filter(r -> !activeOnly || r.active())
                    .sorted(Comparator.comparingLong(Run::id).reversed()).limit(limit).toList();
        }

        @Override
        public List<RunEvent> events(long runId) {
            return events.stream().filter(e -> e.runId() == runId).toList();
        }

        @Override
        public boolean recordEventId(String eventId) {
            return eventIds.add(eventId);
        }

        @Override
        public long insertRun(Run run) {
            long id = nextId++;
            runs.put(id, run.withId(id));
            return id;
        }

        @Override
        public void updateRun(Run run) {
            runs.put(run.id(), run);
        }

        @Override
        public void appendEvent(RunEvent event) {
            events.add(event);
        }

        @Override
        public void enqueue(OutboxMessage message) {
            outbox.add(message);
        }

        @Override
        public List<Timer> dueTimers(java.time.Instant now, int limit) {
            return timers.values().stream().filter(t -> !t.dueAt().isAfter(now))
                    .sorted(Comparator.comparing(Timer::dueAt)).limit(limit).toList();
        }

        @Override
        public Optional<java.time.Instant> scheduleFiredAt(String checklistId) {
            return Optional.ofNullable(schedules.get(checklistId));
        }

        @Override
        public void replaceTimers(long runId, List<Timer> list) {
            timers.values().removeIf(t -> t.runId() == runId);
            for (Timer timer : list) {
                timers.put(runId + "/" + timer.step() + "/" + timer.kind(), timer);
            }
        }

        @Override
        public boolean claimSchedule(String checklistId, java.time.Instant previous, java.time.Instant firedAt) {
            java.time.Instant recorded = schedules.get(checklistId);
            if (previous == null ? recorded != null : !previous.equals(recorded)) {
                return false;
            }
            schedules.put(checklistId, firedAt);
            return true;
        }
    }
}
