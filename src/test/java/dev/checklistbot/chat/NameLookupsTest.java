package dev.checklistbot.chat;

import dev.checklistbot.run.PeopleDirectory;
import dev.checklistbot.run.Platform;
import dev.checklistbot.testing.Await;
import dev.checklistbot.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class NameLookupsTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private final MutableClock clock = new MutableClock(T0);
    private final MapDirectory directory = new MapDirectory();
    private final CopyOnWriteArrayList<String> asked = new CopyOnWriteArrayList<>();
    private NameLookups lookups;

    @AfterEach
    void close() {
        if (lookups != null) {
            lookups.close();
        }
    }

    @Test
    void an_unknown_id_is_looked_up_once_and_its_name_remembered_with_the_platforms_own_id() {
        lookups = new NameLookups(directory, Map.of(Platform.SLACK, id -> {
            asked.add(id);
            return Optional.of("  Ada\nLovelace ");
        }, Platform.DISCORD, id -> {
            asked.add("discord " + id);
            return Optional.of("Grace");
        }), clock);
        lookups.noticed("U1");
        lookups.noticed("discord:42");
        Await.until("both names are known", () -> directory.people.size() == 2);
        assertThat(directory.people.get("U1")).isEqualTo(new PeopleDirectory.Person("U1", "Ada Lovelace", T0));
        assertThat(directory.people.get("discord:42").displayName()).isEqualTo("Grace");
        lookups.noticed("U1");
        lookups.noticed("discord:42");
        lookups.noticed("U2"); // a later lookup: once it is done, the earlier ids were not asked again
        Await.until("U2 looked up", () -> asked.contains("U2"));
        assertThat(asked).containsExactlyInAnyOrder("U1", "discord 42", "U2");
    }

    @Test
    void a_known_name_is_not_asked_for_until_it_is_a_week_old() {
        directory.remember(new PeopleDirectory.Person("U1", "Old name", T0.minus(Duration.ofDays(6))));
        lookups = new NameLookups(directory, Map.of(Platform.SLACK, id -> {
            asked.add(id);
            return Optional.of("New name");
        }), clock);
        lookups.noticed("U1");
        lookups.noticed("U9");
        Await.until("U9 looked up", () -> directory.people.containsKey("U9"));
        assertThat(asked).containsExactly("U9");
        clock.advance(Duration.ofDays(2));
        lookups.noticed("U1");
        Await.until("U1 refreshed", () -> directory.people.get("U1").displayName().equals("New name"));
    }

    @Test
    void a_failure_is_retried_when_the_id_is_seen_after_the_pause_and_a_rate_limit_pauses_the_platform() {
        AtomicInteger calls = new AtomicInteger();
        lookups = new NameLookups(directory, Map.of(Platform.SLACK, id -> {
            asked.add(id);
            int call = calls.incrementAndGet();
            if (call == 1) {
                throw new java.io.IOException("connection reset");
            }
            if (call == 2) {
                throw new NameSource.RateLimited(Duration.ofSeconds(30));
            }
            return Optional.of("Name of " + id);
        }), clock, Duration.ofDays(7), Duration.ofMinutes(10), 8);
        lookups.noticed("U1");
        Await.until("the first try failed", () -> asked.size() == 1 && idle());
        lookups.noticed("U1");
        assertThat(idle()).isTrue();
        assertThat(asked).hasSize(1); // not again within the failure's pause
        clock.advance(Duration.ofMinutes(11));
        lookups.noticed("U1");
        Await.until("the second try was rate limited", () -> asked.size() == 2 && idle());
        lookups.noticed("U2");
        Await.until("U2 waits out the pause", this::idle);
        assertThat(asked).containsExactly("U1", "U1");
        clock.advance(Duration.ofSeconds(31));
        lookups.noticed("U1");
        lookups.noticed("U2");
        Await.until("both names are known", () -> directory.people.size() == 2);
        assertThat(directory.people.get("U1").displayName()).isEqualTo("Name of U1");
    }

    @Test
    @Timeout(10)
    void the_caller_never_waits_and_the_queue_is_bounded_with_one_lookup_per_id() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        lookups = new NameLookups(directory, Map.of(Platform.SLACK, id -> {
            asked.add(id);
            release.await(30, TimeUnit.SECONDS);
            return Optional.of("N" + id);
        }), clock, Duration.ofDays(7), Duration.ofMinutes(10), 4);
        lookups.noticed("U0");
        Await.until("the platform is being asked (and hangs)", () -> asked.size() == 1);
        for (int round = 0; round < 50; round++) {
            for (int i = 0; i < 100; i++) {
                lookups.noticed("U" + i); // returns at once although the one worker is stuck
            }
        }
        release.countDown();
        Await.until("the queue drained", () -> directory.people.size() == 5);
        assertThat(asked).containsExactly("U0", "U1", "U2", "U3", "U4");
        lookups.noticed("U77"); // dropped while the queue was full: asked when seen again
        Await.until("U77 looked up", () -> directory.people.containsKey("U77"));
    }

    @Test
    void ids_of_a_platform_without_a_source_are_ignored() {
        lookups = new NameLookups(directory, Map.of(Platform.DISCORD, id -> {
            asked.add(id);
            return Optional.of("x");
        }), clock);
        lookups.noticed("U1");
        lookups.noticed("");
        lookups.noticed(null);
        lookups.noticed("discord:7");
        Await.until("discord:7 looked up", () -> directory.people.containsKey("discord:7"));
        assertThat(asked).containsExactly("7");
    }

    private boolean idle() {
        return lookups.idle();
    }

    private static final class MapDirectory implements PeopleDirectory {
        final Map<String, Person> people = new ConcurrentHashMap<>();

        @Override
        public Optional<Person> person(String userId) {
            return Optional.ofNullable(people.get(userId));
        }

        @Override
        public Map<String, String> displayNames(Collection<String> userIds) {
            Map<String, String> names = new java.util.HashMap<>();
            userIds.forEach(id -> person(id).ifPresent(p -> names.put(id, p.displayName())));
            return names;
        }

        @Override
        public void remember(Person person) {
            people.put(person.userId(), person);
        }
    }
}
