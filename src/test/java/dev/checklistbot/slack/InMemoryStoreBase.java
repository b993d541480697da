package dev.checklistbot.slack;

import dev.checklistbot.run.OutboxMessage;
import dev.checklistbot.run.Run;
import dev.checklistbot.run.RunEvent;
import dev.checklistbot.run.RunStore;
import dev.checklistbot.store.Outbox;
import dev.checklistbot.store.PendingMessage;
import dev.checklistbot.store.PostedMessage;
import dev.checklistbot.store.PostedMessages;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * RunStore + Outbox + PostedMessages in memory, for the Slack unit tests that need no database. One lock;
 * a write works on copies kept only if it returns.
 */
class InMemoryStoreBase implements RunStore, Outbox, PostedMessages {
    private static final class Row {
        final long id;
        final OutboxMessage message;
        final Instant createdAt;
        int attempts;
        Instant nextAt;
        boolean done;

        Row(long id, OutboxMessage message, Instant createdAt) {
            this.id = id;
            this.message = message;
            this.createdAt = createdAt;
            this.nextAt = createdAt;
        }
    }

    private Map<Long, Run> runs = new LinkedHashMap<>();
    private List<RunEvent> events = new ArrayList<>();
    private Set<String> eventIds = new HashSet<>();
    private final List<Row> outbox = new ArrayList<>();
    private final List<PostedMessage> posted = new ArrayList<>();
    private long nextRun = 1;
    private long nextRow = 1;

    @Override
    public synchronized <T> T write(Function<Transaction, T> work) {
        Tx tx = new Tx(new LinkedHashMap<>(runs), new ArrayList<>(events), new HashSet<>(eventIds));
        T result = work.apply(tx);
        runs = tx.runs;
        events = tx.events;
        eventIds = tx.eventIds;
        for (OutboxMessage m : tx.queued) {
            outbox.add(new Row(nextRow++, m, Instant.now()));
        }
        return result;
    }

    @Override
    public synchronized <T> T read(Function<Reader, T> work) {
        return work.apply(new Tx(runs, events, eventIds));
    }

    @Override
    public synchronized List<PendingMessage> dueHeads(Instant now, Set<String> skipChannels, int limit) {
        Set<String> seen = new LinkedHashSet<>();
        List<PendingMessage> due = new ArrayList<>();
        for (Row row : outbox) {
            if (row.done || !seen.add(row.message.channel())) {
                continue;
            }
            if (!skipChannels.contains(row.message.channel()) && !row.nextAt.isAfter(now) && due.size() < limit) {
                due.add(new PendingMessage(row.id, row.message, row.attempts, row.createdAt));
            }
        }
        return due;
    }

    @Override
    public synchronized Optional<Instant> nextDueAt() {
        return outbox.stream().filter(r -> !r.done).map(r -> r.nextAt).min(Comparator.naturalOrder());
    }

    @Override
    public synchronized void delivered(long id, Instant at) {
        row(id).done = true;
    }

    @Override
    public synchronized int coalesce(long id, long upToId, Instant at) {
        Row first = row(id);
        int n = 0;
        for (Row row : outbox) {
            if (!row.done && row.id <= upToId && row.message.channel().equals(first.message.channel())
                    && row.message.kind() == first.message.kind() && row.message.runId() == first.message.runId()
                    && row.message.step() == first.message.step()) {
                row.done = true;
                n++;
            }
        }
        return n;
    }

    @Override
    public synchronized void retryAt(long id, Instant next, String error) {
        Row row = row(id);
        row.attempts++;
        row.nextAt = next;
    }

    @Override
    public synchronized void abandon(long id, Instant at, String error) {
        row(id).done = true;
    }

    @Override
    public synchronized long lastId() {
        return nextRow - 1;
    }

    @Override
    public synchronized int undeliveredCount() {
        return (int) outbox.stream().filter(r -> !r.done).count();
    }

    @Override
    public synchronized void save(PostedMessage message) {
        posted.removeIf(p -> p.runId() == message.runId() && p.step() == message.step());
        posted.add(message);
    }

    @Override
    public synchronized Optional<PostedMessage> find(String channel, String messageId) {
        return posted.stream().filter(p -> p.channel().equals(channel) && p.messageId().equals(messageId)).findFirst();
    }

    @Override
    public synchronized Optional<PostedMessage> find(long runId, int step) {
        return posted.stream().filter(p -> p.runId() == runId && p.step() == step).findFirst();
    }

    private Row row(long id) {
        return outbox.stream().filter(r -> r.id == id).findFirst().orElseThrow();
    }

    private final class Tx implements Transaction {
        final Map<Long, Run> runs;
        final List<RunEvent> events;
        final Set<String> eventIds;
        final List<OutboxMessage> queued = new ArrayList<>();

        Tx(Map<Long, Run> runs, List<RunEvent> events, Set<String> eventIds) {
            this.runs = runs;
            this.events = events;
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
            long id = nextRun++;
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
            queued.add(message);
        }
    }
}
