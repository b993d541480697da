package dev.checklistbot.audit;

import dev.checklistbot.run.Actor;
import dev.checklistbot.run.AuditVerification;
import dev.checklistbot.run.RunEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** What the report page says of a run's audit trail: verified, broken (naming the event), or why not checked. */
class ChainAuditVerifierTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:15:30Z");
    private static final AuditChain PLAIN = AuditChain.unkeyed();

    private static AuditTrail trail(long runId, int size, AuditChain chain) {
        List<ChainedEvent> events = new ArrayList<>();
        String previous = null;
        for (int i = 1; i <= size; i++) {
            RunEvent e = new RunEvent(runId, T0.plusSeconds(i), new Actor("U" + i, "p" + i),
                    i == 1 ? RunEvent.Type.RUN_STARTED : RunEvent.Type.STEP_DONE, i - 1, null, null);
            String hash = chain.link(e, i, previous);
            events.add(new ChainedEvent(i, (long) i, e, previous, hash));
            previous = hash;
        }
        return new AuditTrail(runId, 1, size, previous, events);
    }

    private static AuditTrails trails(Map<Long, AuditTrail> byRun) {
        return new AuditTrails() {
            public Optional<AuditTrail> trail(long runId) {
                return Optional.ofNullable(byRun.get(runId));
            }

            public List<Long> runIds() {
                return List.copyOf(byRun.keySet());
            }
        };
    }

    @Test
    void anIntactTrailIsVerifiedWithItsHead() {
        AuditTrail intact = trail(1, 3, PLAIN);
        AuditVerification v = new ChainAuditVerifier(trails(Map.of(1L, intact)), PLAIN).verify(1);

        assertThat(v.status()).isEqualTo(AuditVerification.Status.VERIFIED);
        assertThat(v.detail()).startsWith("OK: 3 events (sha256); head sha256:");
    }

    @Test
    void aChangedEventBreaksTheTrailAndIsNamed() {
        AuditTrail intact = trail(2, 3, PLAIN);
        List<ChainedEvent> events = new ArrayList<>(intact.events());
        ChainedEvent second = events.get(1);
        RunEvent e = second.event();
        events.set(1, new ChainedEvent(second.id(), second.sequence(), new RunEvent(e.runId(), e.at(),
                new Actor("U666", "mallory"), e.type(), e.step(), e.text(), e.other()), second.previousHash(), second.hash()));
        AuditTrail tampered = new AuditTrail(2, 1, 3, intact.recordedHead(), events);

        AuditVerification v = new ChainAuditVerifier(trails(Map.of(2L, tampered)), PLAIN).verify(2);

        assertThat(v.status()).isEqualTo(AuditVerification.Status.BROKEN);
        assertThat(v.detail()).contains("event 2").contains("changed");
    }

    @Test
    void aKeyedTrailWithoutItsKeyIsNotVerifiedAndSaysWhy() {
        AuditChain key = AuditChain.keyed("correct horse battery staple, 32+");
        AuditVerification v = new ChainAuditVerifier(trails(Map.of(3L, trail(3, 2, key))), PLAIN).verify(3);

        assertThat(v.status()).isEqualTo(AuditVerification.Status.NOT_VERIFIED);
        assertThat(v.detail()).contains("AUDIT_KEY");
    }

    @Test
    void anUnknownRunIsNotVerified() {
        AuditVerification v = new ChainAuditVerifier(trails(Map.of()), PLAIN).verify(9);

        assertThat(v.status()).isEqualTo(AuditVerification.Status.NOT_VERIFIED);
    }
}
