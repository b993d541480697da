package dev.checklistbot.store;

import dev.checklistbot.checklist.Checklist;
import dev.checklistbot.checklist.ChecklistCatalog;
import dev.checklistbot.checklist.Link;
import dev.checklistbot.checklist.Mode;
import dev.checklistbot.checklist.Step;
import dev.checklistbot.run.Actor;
import dev.checklistbot.run.Run;
import dev.checklistbot.run.RunService;
import dev.checklistbot.run.RunSettings;
import dev.checklistbot.run.RunStatus;
import dev.checklistbot.run.RunStore;
import dev.checklistbot.run.StepState;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Checklists, runs and services for the store tests. */
final class Fixtures {
    static final Instant T0 = Instant.parse("2026-03-01T10:15:30.123456789Z");

    /** Sequential, three steps, the second optional, the third needing two people. */
    static final Checklist BACKUP = new Checklist("backup", "Back up BizTalk Server", "Nightly backup", "https://example.com/doc",
            Mode.SEQUENTIAL, "C-SUMMARY", List.of(
            Step.of("Stop the host instances", new Link("Host instances", "https://example.com/hosts")),
            new Step("If you use BAM, back up BAM", "**Markdown** details", List.of(), true, 1),
            new Step("Run the backup job", null, List.of(new Link("Job", "https://example.com/job"),
                    new Link("Logs", "https://example.com/logs")), false, 2)));

    private Fixtures() {
    }

    /** A parallel checklist of {@code size} steps, each done by one person. */
    static Checklist wide(int size) {
        List<Step> steps = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            steps.add(Step.of("Step number " + i));
        }
        return new Checklist("wide", "Wide", null, null, Mode.PARALLEL, null, steps);
    }

    static Run newRun(Checklist checklist, String channel, Instant at) {
        List<StepState> steps = new ArrayList<>();
        for (int i = 0; i < checklist.size(); i++) {
            steps.add(StepState.fresh(i + 1, checklist.step(i + 1)));
        }
        return new Run(0, channel, checklist, checklist.title(), new Actor("U1", "Ann"), at, RunStatus.ACTIVE, null,
                null, steps);
    }

    static RunService service(RunStore store, Clock clock, Checklist... checklists) {
        return new RunService(store, new ChecklistCatalog(List.of(checklists)), clock, RunSettings.defaults());
    }
}
