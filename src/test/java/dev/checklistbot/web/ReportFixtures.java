package dev.checklistbot.web;

import dev.checklistbot.checklist.Checklist;
import dev.checklistbot.checklist.Link;
import dev.checklistbot.checklist.Mode;
import dev.checklistbot.checklist.Step;
import dev.checklistbot.run.Actor;
import dev.checklistbot.run.Confirmation;
import dev.checklistbot.run.Note;
import dev.checklistbot.run.Run;
import dev.checklistbot.run.RunEvent;
import dev.checklistbot.run.RunStatus;
import dev.checklistbot.run.RunStore;
import dev.checklistbot.run.StepState;
import dev.checklistbot.run.StepStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Runs as the store would give them back, with hostile text where people type, and a read-only store of them. */
final class ReportFixtures {
    static final String SCRIPT = "<script>alert(1)</script>";
    static final String IMG = "\"><img src=x onerror=alert(1)>";
    static final Actor ALICE = new Actor("U1", "alice");
    static final Actor BOB = new Actor("U2", "bob " + IMG);
    static final Instant T0 = Instant.parse("2026-11-26T03:00:00Z");

    private ReportFixtures() {
    }

    /** A finished restore: step 1 took 12 min, step 2 was skipped after 1 min, step 3 took 45 min. */
    static Run restore(long id) {
        Checklist checklist = new Checklist("restore", "Restore BizTalk Server " + SCRIPT, null,
                "https://learn.microsoft.com/en-us/biztalk/core/checklist-back-up-and-restore-biztalk-server-databases",
                Mode.SEQUENTIAL, null, List.of(
                Step.of("Restore your databases. " + SCRIPT, new Link("How to Restore " + IMG,
                        "https://learn.microsoft.com/en-us/biztalk/core/how-to-restore-your-databases"),
                        new Link("a trap", "javascript:alert(1)")),
                Step.of("Update references to the BAM database names."),
                new Step("If you use SSO, restore the master secret.", null, List.of(), true, 2)));
        StepState one = new StepState(1, checklist.step(1), StepStatus.DONE, ALICE, T0, true,
                List.of(new Confirmation(ALICE, T0.plusSeconds(720))), ALICE, T0.plusSeconds(720), 1, null,
                List.of(new Note(BOB, T0.plusSeconds(300), "backup at 03:05 " + SCRIPT + " " + IMG)));
        StepState two = new StepState(2, checklist.step(2), StepStatus.SKIPPED, null, T0.plusSeconds(720), true,
                List.of(), BOB, T0.plusSeconds(780), 2, "no BAM here " + IMG, List.of());
        StepState three = new StepState(3, checklist.step(3), StepStatus.DONE, null, T0.plusSeconds(780), true,
                List.of(new Confirmation(ALICE, T0.plusSeconds(3000)), new Confirmation(BOB, T0.plusSeconds(3480))),
                ALICE, T0.plusSeconds(3480), 3, null, List.of());
        return new Run(id, "C0OPS", checklist, "Restore after disk failure " + IMG, ALICE, T0, RunStatus.COMPLETED,
                T0.plusSeconds(3480), null, List.of(one, two, three));
    }

    static List<RunEvent> events(long id) {
        return List.of(new RunEvent(id, T0, ALICE, RunEvent.Type.RUN_STARTED, 0, null, null),
                new RunEvent(id, T0.plusSeconds(300), BOB, RunEvent.Type.NOTE_ADDED, 1, "backup " + SCRIPT, null),
                new RunEvent(id, T0.plusSeconds(720), ALICE, RunEvent.Type.STEP_DONE, 1, null, null),
                new RunEvent(id, T0.plusSeconds(780), BOB, RunEvent.Type.STEP_SKIPPED, 2, "no BAM here " + IMG, null),
                new RunEvent(id, T0.plusSeconds(3480), ALICE, RunEvent.Type.RUN_COMPLETED, 0, null, null));
    }

    /** A store that only reads: the runs given, newest first, and {@link #events} for each. */
    static RunStore storeOf(Run... runs) {
        List<Run> list = new ArrayList<>(List.of(runs));
        RunStore.Reader reader = new RunStore.Reader() {
            public Optional<Run> activeRun(String channel) {
                return list.stream().filter(r -> r.channel().equals(channel) && r.active()).findFirst();
            }

            public Optional<Run> run(long id) {
                return list.stream().filter(r -> r.id() == id).findFirst();
            }

            public Optional<Run> lastRun(String channel) {
                return list.stream().filter(r -> r.channel().equals(channel)).findFirst();
            }

            public List<Run> recentRuns(String channel, int limit) {
                return list.stream().filter(r -> r.channel().equals(channel)).limit(limit).toList();
            }

            public List<Run> runs(boolean activeOnly, int limit) {
                return list.stream().filter(r -> !activeOnly || r.active()).limit(limit).toList();
            }

            public List<RunEvent> events(long runId) {
                return ReportFixtures.events(runId);
            }

            public List<dev.checklistbot.run.Timer> dueTimers(java.time.Instant now, int limit) {
                return List.of();
            }

            public Optional<java.time.Instant> scheduleFiredAt(String checklistId) {
                return Optional.empty();
            }
        };
        return new RunStore() {
            public <T> T write(Function<Transaction, T> work) {
                throw new UnsupportedOperationException("read only");
            }

            public <T> T read(Function<Reader, T> work) {
                return work.apply(reader);
            }
        };
    }
}
