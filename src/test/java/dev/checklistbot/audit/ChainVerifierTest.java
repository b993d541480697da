package dev.checklistbot.audit;

import dev.checklistbot.run.Actor;
import dev.checklistbot.run.RunEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The chain's links, and each kind of tampering found and named. */
class ChainVerifierTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:15:30.123456789Z");
    private static final AuditChain PLAIN = AuditChain.unkeyed();
    private static final AuditChain KEY = AuditChain.keyed("correct horse battery staple, 32+");

    private static RunEvent event(int i) {
        RunEvent.Type type = i == 1 ? RunEvent.Type.RUN_STARTED : RunEvent.Type.STEP_DONE;
        return new RunEvent(7, T0.plusSeconds(60L * i), new Actor("U" + i, "person " + i), type, i == 1 ? 0 : i - 1,
                i == 3 ? "done, backup at 03:10" : null, i == 4 ? new Actor("U9", "Nine") : null);
    }

    /** A run's trail of {@code size} events, chained from event {@code from} on, as the store writes it. */
    private static AuditTrail trail(AuditChain chain, int size, int from) {
        List<ChainedEvent> events = new ArrayList<>();
        String previous = null;
        for (int i = 1; i <= size; i++) {
            RunEvent e = event(i);
            if (i < from) {
                events.add(new ChainedEvent(100 + i, (long) i, e, null, null));
                continue;
            }
            String hash = chain.link(e, i, previous);
            events.add(new ChainedEvent(100 + i, (long) i, e, previous, hash));
            previous = hash;
        }
        return new AuditTrail(7, from, size, previous, events);
    }

    private static Verification verify(AuditTrail trail) {
        return new ChainVerifier(KEY, false).verify(trail);
    }

    private static AuditTrail with(AuditTrail trail, List<ChainedEvent> events) {
        return new AuditTrail(trail.runId(), trail.chainFrom(), trail.recordedCount(), trail.recordedHead(), events);
    }

    @Test
    void an_untouched_chain_passes_with_its_head() {
        AuditTrail trail = trail(PLAIN, 5, 1);
        Verification v = verify(trail);
        assertThat(v.ok()).isTrue();
        assertThat(v.head()).isEqualTo(trail.events().get(4).hash()).startsWith("sha256:");
        assertThat(v.describe()).isEqualTo("run 7: OK: 5 events (sha256); head " + v.head());
    }

    @Test
    void a_keyed_chain_passes_with_the_key_and_names_the_key_it_needs_otherwise() {
        AuditTrail trail = trail(KEY, 5, 1);
        assertThat(verify(trail).ok()).isTrue();
        assertThat(trail.recordedHead()).startsWith("hmac-sha256:" + KEY.keyId() + ":");

        Verification without = new ChainVerifier(PLAIN, false).verify(trail);
        assertThat(without.ok()).isFalse();
        assertThat(without.needsKey()).isTrue();
        assertThat(without.problem()).contains("set AUDIT_KEY");

        Verification wrong = new ChainVerifier(AuditChain.keyed("another key, not the one used"), false).verify(trail);
        assertThat(wrong.needsKey()).isTrue();
        assertThat(wrong.problem()).contains("AUDIT_KEY is not the key", KEY.keyId());
    }

    @Test
    void a_changed_event_is_named() {
        AuditTrail trail = trail(PLAIN, 5, 1);
        List<ChainedEvent> events = new ArrayList<>(trail.events());
        ChainedEvent third = events.get(2);
        RunEvent e = third.event();
        events.set(2, new ChainedEvent(third.id(), third.sequence(), new RunEvent(e.runId(), e.at(),
                new Actor("U3", "someone else"), e.type(), e.step(), e.text(), e.other()), third.previousHash(), third.hash()));

        Verification v = verify(with(trail, events));
        assertThat(v.ok()).isFalse();
        assertThat(v.problem()).startsWith("event 3 (STEP_DONE step 2 at 2026-03-01T10:18:30.123456789Z) was changed");
    }

    @Test
    void a_changed_time_or_text_or_absent_other_is_a_change_too() {
        AuditTrail trail = trail(PLAIN, 5, 1);
        for (int field = 0; field < 3; field++) {
            List<ChainedEvent> events = new ArrayList<>(trail.events());
            ChainedEvent c = events.get(3);
            RunEvent e = c.event();
            RunEvent changed = switch (field) {
                case 0 -> new RunEvent(e.runId(), e.at().plusNanos(1), e.actor(), e.type(), e.step(), e.text(), e.other());
                case 1 -> new RunEvent(e.runId(), e.at(), e.actor(), e.type(), e.step(), "", e.other());
                default -> new RunEvent(e.runId(), e.at(), e.actor(), e.type(), e.step(), e.text(), null);
            };
            events.set(3, new ChainedEvent(c.id(), c.sequence(), changed, c.previousHash(), c.hash()));
            assertThat(verify(with(trail, events)).problem()).as("field %s", field).startsWith("event 4 ").contains("was changed");
        }
    }

    @Test
    void a_removed_event_is_named() {
        AuditTrail trail = trail(PLAIN, 5, 1);
        List<ChainedEvent> events = new ArrayList<>(trail.events());
        events.remove(1);
        assertThat(verify(with(trail, events)).problem())
                .isEqualTo("event 2 was removed: the trail goes from event 1 to event 3");
    }

    @Test
    void a_removed_event_renumbered_by_hand_still_breaks_the_next_link() {
        AuditTrail trail = trail(PLAIN, 5, 1);
        List<ChainedEvent> events = new ArrayList<>(trail.events());
        events.remove(1);
        for (int i = 1; i < events.size(); i++) {
            ChainedEvent c = events.get(i);
            events.set(i, new ChainedEvent(c.id(), c.sequence() - 1, c.event(), c.previousHash(), c.hash()));
        }
        assertThat(verify(with(trail, events)).problem()).startsWith("event 2 (STEP_DONE step 2")
                .contains("does not follow from the event before it");
    }

    @Test
    void reordered_events_are_named() {
        AuditTrail trail = trail(PLAIN, 5, 1);
        List<ChainedEvent> events = new ArrayList<>(trail.events());
        ChainedEvent second = events.get(1);
        events.set(1, events.get(2));
        events.set(2, second);
        assertThat(verify(with(trail, events)).problem())
                .isEqualTo("event 2 is out of order: it comes after event 3 (events were reordered)");
    }

    @Test
    void a_truncated_trail_is_named_by_the_run_row() {
        AuditTrail trail = trail(PLAIN, 5, 1);
        List<ChainedEvent> events = new ArrayList<>(trail.events());
        events.remove(4);
        assertThat(verify(with(trail, events)).problem())
                .isEqualTo("the trail ends at event 4 but the run records 5 events: event 5 was removed from the end");
    }

    @Test
    void a_truncation_that_also_rewinds_the_run_row_needs_a_head_kept_elsewhere() {
        AuditTrail trail = trail(PLAIN, 5, 1);
        List<ChainedEvent> events = new ArrayList<>(trail.events());
        events.remove(4);
        AuditTrail rewound = new AuditTrail(7, 1, 4, events.get(3).hash(), events);
        Verification v = verify(rewound);
        assertThat(v.ok()).as("undetectable from the database alone").isTrue();
        assertThat(v.head()).as("but the head differs from the exported one").isNotEqualTo(trail.recordedHead());
    }

    @Test
    void an_event_added_at_the_end_or_a_changed_head_is_found() {
        AuditTrail trail = trail(PLAIN, 5, 1);
        AuditTrail fewer = new AuditTrail(7, 1, 4, trail.recordedHead(), trail.events());
        assertThat(verify(fewer).problem()).contains("event 5 was added outside the bot");
        AuditTrail otherHead = new AuditTrail(7, 1, 5, trail.events().get(3).hash(), trail.events());
        assertThat(verify(otherHead).problem()).contains("the run records another head");
    }

    @Test
    void a_chain_rewritten_without_the_key_is_found() {
        AuditTrail keyed = trail(KEY, 5, 1);
        // someone without the key recomputes events 3-5 as plain SHA-256 after changing event 3
        List<ChainedEvent> events = new ArrayList<>(keyed.events().subList(0, 2));
        String previous = events.get(1).hash();
        for (int i = 3; i <= 5; i++) {
            RunEvent e = event(i);
            String hash = PLAIN.link(e, i, previous);
            events.add(new ChainedEvent(100 + i, (long) i, e, previous, hash));
            previous = hash;
        }
        AuditTrail forged = new AuditTrail(7, 1, 5, previous, events);
        assertThat(verify(forged).problem()).startsWith("event 3 ").contains("without a key after keyed events");
        assertThat(new ChainVerifier(KEY, true).verify(trail(PLAIN, 3, 1)).problem())
                .contains("a key is required");
    }

    @Test
    void events_before_the_upgrade_are_unchained_and_said_so() {
        AuditTrail trail = trail(PLAIN, 6, 4);
        Verification v = verify(trail);
        assertThat(v.ok()).isTrue();
        assertThat(v.describe()).contains("events 1-3 unchained, from before the upgrade; the chain begins at event 4");

        List<ChainedEvent> events = new ArrayList<>(trail.events());
        ChainedEvent fourth = events.get(3);
        events.set(3, new ChainedEvent(fourth.id(), fourth.sequence(), fourth.event(), null, null));
        assertThat(verify(with(trail, events)).problem()).startsWith("event 4 ").contains("carries no hash");
    }

    @Test
    void an_event_without_a_number_is_refused() {
        AuditTrail trail = trail(PLAIN, 3, 1);
        List<ChainedEvent> events = new ArrayList<>(trail.events());
        events.add(new ChainedEvent(200, null, event(4), null, null));
        assertThat(verify(with(trail, events)).problem()).startsWith("event 4 ").contains("has no number");
    }

    @Test
    void the_encoding_tells_null_from_empty_and_fields_apart() {
        RunEvent a = new RunEvent(1, T0, new Actor("ab", "c"), RunEvent.Type.NOTE_ADDED, 1, null, null);
        RunEvent b = new RunEvent(1, T0, new Actor("ab", "c"), RunEvent.Type.NOTE_ADDED, 1, "", null);
        RunEvent c = new RunEvent(1, T0, new Actor("a", "bc"), RunEvent.Type.NOTE_ADDED, 1, null, null);
        assertThat(PLAIN.link(a, 1, null)).isNotEqualTo(PLAIN.link(b, 1, null)).isNotEqualTo(PLAIN.link(c, 1, null));
        assertThat(PLAIN.link(a, 1, null)).isNotEqualTo(PLAIN.link(a, 2, null));
        // pinned, computed apart from this code (a few lines of Python following the README's definition): the
        // encoding must never change under existing chains
        assertThat(PLAIN.link(a, 1, null))
                .isEqualTo("sha256:0c184ece941d3b7f18f823976035e20666b0c944bc210330c3a163a145d9674c");
        assertThat(KEY.toString()).doesNotContain("horse");
    }
}
