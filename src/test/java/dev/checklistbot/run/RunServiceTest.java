package dev.checklistbot.run;

import dev.checklistbot.testing.MutableClock;
import dev.checklistbot.checklist.Checklist;
import dev.checklistbot.checklist.ChecklistCatalog;
import dev.checklistbot.checklist.Link;
import dev.checklistbot.checklist.Mode;
import dev.checklistbot.checklist.Step;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RunServiceTest {
    static final String CHANNEL = "C1";
    static final Actor ALICE = new Actor("U1", "alice");
    static final Actor BOB = new Actor("U2", "bob");
    static final Actor CAROL = new Actor("U3", "carol");

    static final Checklist BACKUP = new Checklist("backup", "Backing Up", null, null, Mode.SEQUENTIAL, null, List.of(
            Step.of("Learn", new Link("Best Practices", "https://example.com/a")),
            Step.of("Permissions"),
            new Step("If you are using BAM, back up BAM.", null, List.of(), true, 1),
            Step.of("Configure the job")));
    static final Checklist PARALLEL = new Checklist("par", "Parallel", null, null, Mode.PARALLEL, "CSUM", List.of(
            Step.of("A"), Step.of("B"), Step.of("C")));
    static final Checklist TWO_PEOPLE = new Checklist("two", "Two people", null, null, Mode.SEQUENTIAL, null, List.of(
            new Step("Restore", null, List.of(), false, 2), Step.of("Verify")));

    InMemoryRunStore store;
    MutableClock clock;
    RunService service;

    @BeforeEach
    void setUp() {
        store = new InMemoryRunStore();
        clock = new MutableClock(Instant.parse("2026-11-26T03:00:00Z"));
        service = new RunService(store, new ChecklistCatalog(List.of(BACKUP, PARALLEL, TWO_PEOPLE)), clock,
                RunSettings.defaults().withSummaryChannel("CSUMMARY"));
    }

    Outcome as(Actor actor, RunCommand command) {
        return service.handle(CommandContext.of(CHANNEL, actor), command);
    }

    Outcome as(Actor actor, CommandSource source, RunCommand command) {
        return service.handle(new CommandContext(CHANNEL, actor, source, null), command);
    }

    Run run() {
        return store.read(r -> r.lastRun(CHANNEL)).orElseThrow();
    }

    List<Run> runs(boolean activeOnly) {
        return store.read(r -> r.runs(activeOnly, 10));
    }

    java.util.Optional<Run> activeRun() {
        return store.read(r -> r.activeRun(CHANNEL));
    }

    void later() {
        clock.advance(Duration.ofMinutes(5));
    }

    @Nested
    class Starting {
        @Test
        void startPostsTheHeaderAndOnlyTheFirstStepInSequentialMode() {
            Outcome outcome = as(ALICE, new RunCommand.Start("backup", null));

            assertThat(outcome.accepted()).isTrue();
            assertThat(run().status()).isEqualTo(RunStatus.ACTIVE);
            assertThat(run().title()).isEqualTo("Backing Up");
            assertThat(store.outbox()).extracting(OutboxMessage::kind, OutboxMessage::step)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(MessageKind.HEADER_POST, 0),
                            org.assertj.core.groups.Tuple.tuple(MessageKind.STEP_POST, 1));
            assertThat(run().step(1).openedAt()).isEqualTo(clock.instant());
            assertThat(run().step(2).openedAt()).isNull();
            assertThat(store.allEvents()).extracting(RunEvent::type).containsExactly(RunEvent.Type.RUN_STARTED);
        }

        @Test
        void startInParallelModeOpensAndPostsEveryStep() {
            as(ALICE, new RunCommand.Start("par", "Night restore"));

            assertThat(run().title()).isEqualTo("Night restore");
            assertThat(run().steps()).allMatch(StepState::open);
            assertThat(store.outbox()).filteredOn(m -> m.kind() == MessageKind.STEP_POST).hasSize(3);
        }

        @Test
        void aSecondRunInTheSameChannelIsRefusedAndChangesNothing() {
            as(ALICE, new RunCommand.Start("backup", null));
            store.clearOutbox();

            Outcome outcome = as(BOB, new RunCommand.Start("par", null));

            assertThat(outcome.refused()).isTrue();
            assertThat(outcome.reply().plain()).contains("already active").contains("Backing Up");
            assertThat(store.outbox()).isEmpty();
            assertThat(runs(false)).hasSize(1);
        }

        @Test
        void otherChannelsHaveTheirOwnRuns() {
            as(ALICE, new RunCommand.Start("backup", null));
            Outcome other = service.handle(CommandContext.of("C2", BOB), new RunCommand.Start("backup", null));

            assertThat(other.accepted()).isTrue();
            assertThat(runs(true)).hasSize(2);
        }

        @Test
        void anUnknownChecklistIsRefusedWithTheIdsThatExist() {
            Outcome outcome = as(ALICE, new RunCommand.Start("nope", null));

            assertThat(outcome.refused()).isTrue();
            assertThat(outcome.reply().plain()).contains("nope").contains("backup, par, two");
        }

        @Test
        void commandsWithoutAnActiveRunAreRefused() {
            for (RunCommand command : List.of(new RunCommand.Done(null, null), new RunCommand.Skip(1, "x"),
                    new RunCommand.Claim(null), new RunCommand.Abort("x"), new RunCommand.Undo(null),
                    new RunCommand.AddNote(1, "x"))) {
                Outcome outcome = as(ALICE, command);
                assertThat(outcome.refused()).as(command.toString()).isTrue();
                assertThat(outcome.reply().plain()).contains("no active run");
            }
            assertThat(store.allEvents()).isEmpty();
        }

        @Test
        void theRunKeepsItsOwnCopyOfTheChecklist() {
            as(ALICE, new RunCommand.Start("backup", null));
            Checklist edited = new Checklist("backup", "Edited", null, null, Mode.SEQUENTIAL, null, List.of(Step.of("Only")));
            RunService reloaded = new RunService(store, new ChecklistCatalog(List.of(edited)), clock, RunSettings.defaults());

            reloaded.handle(CommandContext.of(CHANNEL, ALICE), new RunCommand.Done(null, null));

            assertThat(run().size()).isEqualTo(4);
            assertThat(run().checklist().title()).isEqualTo("Backing Up");
            assertThat(run().status()).isEqualTo(RunStatus.ACTIVE);
        }
    }

    @Nested
    class Sequential {
        @BeforeEach
        void start() {
            as(ALICE, new RunCommand.Start("backup", null));
            store.clearOutbox();
        }

        @Test
        void doneFinishesTheCurrentStepAndOpensTheNext() {
            later();
            Outcome outcome = as(BOB, new RunCommand.Done(null, "took a while"));

            assertThat(outcome.accepted()).isTrue();
            StepState first = run().step(1);
            assertThat(first.status()).isEqualTo(StepStatus.DONE);
            assertThat(first.finishedBy()).isEqualTo(BOB);
            assertThat(first.duration()).contains(Duration.ofMinutes(5));
            assertThat(first.notes()).extracting(Note::text).containsExactly("took a while");
            assertThat(run().step(2).openedAt()).isEqualTo(clock.instant());
            // The next step first (what people wait for), the thread notice last (DeliveryOrder).
            assertThat(store.outbox()).extracting(OutboxMessage::kind).containsExactly(MessageKind.STEP_POST,
                    MessageKind.STEP_UPDATE, MessageKind.HEADER_UPDATE, MessageKind.STEP_NOTICE);
            assertThat(store.outbox().get(0).step()).isEqualTo(2);
        }

        @Test
        void aStepThatIsNotOpenYetCannotBeDone() {
            Outcome outcome = as(BOB, new RunCommand.Done(3, null));

            assertThat(outcome.refused()).isTrue();
            assertThat(outcome.reply().plain()).contains("Step 3 is not open yet").contains("step 1 comes first");
            assertThat(run().step(3).status()).isEqualTo(StepStatus.PENDING);
        }

        @Test
        void aStepNumberOutOfRangeIsRefused() {
            assertThat(as(BOB, new RunCommand.Done(9, null)).reply().plain()).contains("There is no step 9");
            assertThat(as(BOB, new RunCommand.Done(0, null)).refused()).isTrue();
        }

        @Test
        void aSecondDoneOnTheSameStepRecordsAConfirmerNotASecondCompletion() {
            as(ALICE, new RunCommand.Done(1, null));
            Outcome second = as(BOB, CommandSource.REACTION, new RunCommand.Done(1, null));

            assertThat(second.accepted()).isTrue();
            assertThat(second.reply().plain()).contains("already done by alice");
            assertThat(run().step(1).finishedBy()).isEqualTo(ALICE);
            assertThat(run().step(1).confirmers()).containsExactly(BOB);
            assertThat(run().step(2).status()).isEqualTo(StepStatus.PENDING);
            assertThat(store.allEvents()).extracting(RunEvent::type).containsExactly(RunEvent.Type.RUN_STARTED,
                    RunEvent.Type.STEP_DONE, RunEvent.Type.STEP_CONFIRMED);
        }

        @Test
        void theSamePersonMarkingAFinishedStepAgainIsRefused() {
            as(ALICE, new RunCommand.Done(1, null));
            Outcome again = as(ALICE, new RunCommand.Done(1, null));

            assertThat(again.refused()).isTrue();
            assertThat(again.reply().plain()).contains("already marked step 1 done");
        }

        @Test
        void aBareDoneAlwaysMeansTheCurrentStep() {
            as(ALICE, new RunCommand.Done(null, null));

            as(BOB, new RunCommand.Done(null, null));

            assertThat(run().step(2).status()).isEqualTo(StepStatus.DONE);
            assertThat(run().step(2).finishedBy()).isEqualTo(BOB);
            assertThat(run().step(1).confirmers()).isEmpty();
        }

        @Test
        void skippingARequiredStepNeedsAReason() {
            Outcome outcome = as(BOB, new RunCommand.Skip(null, null));

            assertThat(outcome.refused()).isTrue();
            assertThat(outcome.reply().plain()).contains("not optional").contains("skip 1");
            assertThat(run().step(1).status()).isEqualTo(StepStatus.PENDING);

            Outcome withReason = as(BOB, new RunCommand.Skip(null, "done last week"));
            assertThat(withReason.accepted()).isTrue();
            assertThat(run().step(1).status()).isEqualTo(StepStatus.SKIPPED);
            assertThat(run().step(1).skipReason()).isEqualTo("done last week");
        }

        @Test
        void anOptionalStepCanBeSkippedWithoutAReason() {
            as(ALICE, new RunCommand.Done(null, null));
            later();
            as(ALICE, new RunCommand.Done(null, null));

            Outcome outcome = as(BOB, CommandSource.REACTION, new RunCommand.Skip(3, null));

            assertThat(outcome.accepted()).isTrue();
            assertThat(run().step(3).status()).isEqualTo(StepStatus.SKIPPED);
            assertThat(run().step(3).skipReason()).isNull();
        }

        @Test
        void aFinishedStepCannotBeSkipped() {
            as(ALICE, new RunCommand.Done(1, null));
            Outcome outcome = as(BOB, new RunCommand.Skip(1, "why not"));

            assertThat(outcome.refused()).isTrue();
            assertThat(outcome.reply().plain()).contains("already done");
        }

        @Test
        void finishingEveryStepCompletesTheRunAndPostsTheSummaryToBothChannels() {
            as(ALICE, new RunCommand.Done(null, null));
            later();
            as(BOB, new RunCommand.Done(null, null));
            later();
            as(ALICE, new RunCommand.Skip(null, null));
            later();
            store.clearOutbox();
            Outcome last = as(CAROL, new RunCommand.Done(null, null));

            assertThat(last.reply().plain()).contains("complete");
            assertThat(run().status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(run().endedAt()).isEqualTo(clock.instant());
            assertThat(store.outbox()).filteredOn(m -> m.kind() == MessageKind.SUMMARY_POST)
                    .extracting(OutboxMessage::channel).containsExactly(CHANNEL, "CSUMMARY");
            assertThat(activeRun()).isEmpty();
        }

        @Test
        void undoReopensTheMostRecentlyFinishedStepAndClosesTheNextAgain() {
            as(ALICE, new RunCommand.Done(null, null));
            later();
            as(BOB, new RunCommand.Done(null, null));
            store.clearOutbox();

            Outcome outcome = as(CAROL, new RunCommand.Undo(null));

            assertThat(outcome.accepted()).isTrue();
            assertThat(outcome.reply().plain()).contains("Step 2 is open again");
            assertThat(run().step(2).status()).isEqualTo(StepStatus.PENDING);
            assertThat(run().step(2).finishedBy()).isNull();
            assertThat(run().step(3).openedAt()).isNull();
            assertThat(run().currentStep()).map(StepState::number).contains(2);
            assertThat(store.outbox()).extracting(OutboxMessage::kind).contains(MessageKind.STEP_UPDATE,
                    MessageKind.HEADER_UPDATE, MessageKind.STEP_NOTICE);

            as(BOB, new RunCommand.Done(null, null));
            assertThat(run().step(3).openedAt()).isNotNull();
            assertThat(store.outbox()).filteredOn(m -> m.kind() == MessageKind.STEP_POST).isEmpty();
        }

        @Test
        void undoWithNothingFinishedIsRefused() {
            assertThat(as(ALICE, new RunCommand.Undo(null)).reply().plain()).contains("nothing to undo");
        }

        @Test
        void removingYourReactionUndoesOnlyYourOwnMostRecentStep() {
            as(ALICE, new RunCommand.Done(1, null));
            as(BOB, CommandSource.REACTION, new RunCommand.Done(1, null));
            later();
            as(ALICE, new RunCommand.Done(2, null));

            Outcome notLatest = as(ALICE, CommandSource.REACTION, new RunCommand.Undo(1));
            assertThat(notLatest.refused()).isTrue();
            assertThat(notLatest.reply().plain()).contains("most recently finished step (step 2)");

            Outcome confirmerTakesBack = as(BOB, CommandSource.REACTION, new RunCommand.Undo(1));
            assertThat(confirmerTakesBack.accepted()).isTrue();
            assertThat(run().step(1).status()).isEqualTo(StepStatus.DONE);
            assertThat(run().step(1).confirmers()).isEmpty();

            Outcome stranger = as(CAROL, CommandSource.REACTION, new RunCommand.Undo(2));
            assertThat(stranger.refused()).isTrue();

            Outcome own = as(ALICE, CommandSource.REACTION, new RunCommand.Undo(2));
            assertThat(own.accepted()).isTrue();
            assertThat(run().step(2).status()).isEqualTo(StepStatus.PENDING);
        }

        @Test
        void undoRightAfterTheLastStepReopensTheCompletedRun() {
            for (int i = 0; i < 4; i++) {
                as(ALICE, new RunCommand.Done(i + 1, i == 2 ? null : "ok"));
            }
            assertThat(run().status()).isEqualTo(RunStatus.COMPLETED);

            Outcome outcome = as(ALICE, new RunCommand.Undo(null));

            assertThat(outcome.accepted()).isTrue();
            assertThat(run().status()).isEqualTo(RunStatus.ACTIVE);
            assertThat(run().endedAt()).isNull();
            assertThat(run().step(4).status()).isEqualTo(StepStatus.PENDING);
        }

        @Test
        void aCompletedRunCannotBeReopenedLongAfter() {
            for (int i = 0; i < 4; i++) {
                as(ALICE, new RunCommand.Done(i + 1, null));
            }
            clock.advance(Duration.ofHours(2));

            assertThat(as(ALICE, new RunCommand.Undo(null)).refused()).isTrue();
        }

        @Test
        void claimAndAssignSayWhoIsOnAStep() {
            Outcome claim = as(BOB, new RunCommand.Claim(null));
            assertThat(claim.accepted()).isTrue();
            assertThat(run().step(1).status()).isEqualTo(StepStatus.CLAIMED);
            assertThat(run().step(1).claimedBy()).isEqualTo(BOB);

            assertThat(as(BOB, new RunCommand.Claim(1)).refused()).isTrue();

            Outcome assign = as(ALICE, new RunCommand.Assign(3, CAROL));
            assertThat(assign.accepted()).isTrue();
            assertThat(run().step(3).claimedBy()).isEqualTo(CAROL);
            assertThat(store.allEvents()).filteredOn(e -> e.type() == RunEvent.Type.STEP_ASSIGNED)
                    .extracting(RunEvent::other).containsExactly(CAROL);

            Outcome takeOver = as(CAROL, new RunCommand.Claim(1));
            assertThat(takeOver.reply().plain()).contains("taken over from bob");
        }

        @Test
        void notesAttachToTheStepAndAThreadReplyNoteIsNotEchoedIntoTheThread() {
            as(BOB, new RunCommand.AddNote(null, "job is slow"));
            assertThat(store.outbox()).extracting(OutboxMessage::kind).containsExactly(MessageKind.STEP_NOTICE);
            store.clearOutbox();

            as(BOB, CommandSource.THREAD_REPLY, new RunCommand.AddNote(1, "still slow"));

            assertThat(run().step(1).notes()).extracting(Note::text).containsExactly("job is slow", "still slow");
            assertThat(store.outbox()).isEmpty();
            assertThat(as(BOB, new RunCommand.AddNote(1, "  ")).refused()).isTrue();
        }

        @Test
        void hugeTextIsRefusedAndChangesNothing() {
            Outcome outcome = as(BOB, new RunCommand.Done(null, "x".repeat(RunSettings.MAX_TEXT_CHARS + 1)));

            assertThat(outcome.refused()).isTrue();
            assertThat(outcome.reply().plain()).contains("too long");
            assertThat(run().step(1).status()).isEqualTo(StepStatus.PENDING);
        }

        @Test
        void abortNeedsAReasonEndsTheRunAndPostsTheSummary() {
            assertThat(as(BOB, new RunCommand.Abort(" ")).refused()).isTrue();

            Outcome outcome = as(BOB, new RunCommand.Abort("wrong server"));

            assertThat(outcome.accepted()).isTrue();
            assertThat(run().status()).isEqualTo(RunStatus.ABORTED);
            assertThat(run().endReason()).isEqualTo("wrong server");
            assertThat(store.outbox()).extracting(OutboxMessage::kind).contains(MessageKind.HEADER_UPDATE,
                    MessageKind.STEP_UPDATE, MessageKind.SUMMARY_POST);
            assertThat(as(BOB, new RunCommand.Done(null, null)).refused()).isTrue();
            assertThat(as(BOB, new RunCommand.Start("backup", null)).accepted()).isTrue();
        }

        @Test
        void summaryGoesToTheGivenChannelAndTheSummaryChannelAlsoForTheLastFinishedRun() {
            as(BOB, new RunCommand.Abort("test"));
            store.clearOutbox();

            Outcome outcome = as(BOB, new RunCommand.PostSummary("COPS"));

            assertThat(outcome.accepted()).isTrue();
            assertThat(store.outbox()).extracting(OutboxMessage::channel).containsExactly("COPS", "CSUMMARY");
        }
    }

    @Nested
    class Parallel {
        @BeforeEach
        void start() {
            as(ALICE, new RunCommand.Start("par", null));
            store.clearOutbox();
        }

        @Test
        void stepsCanBeDoneInAnyOrder() {
            as(ALICE, new RunCommand.Done(3, null));
            as(BOB, new RunCommand.Done(1, null));

            assertThat(run().step(3).status()).isEqualTo(StepStatus.DONE);
            assertThat(run().step(1).status()).isEqualTo(StepStatus.DONE);
            assertThat(run().step(2).status()).isEqualTo(StepStatus.PENDING);
            assertThat(store.outbox()).filteredOn(m -> m.kind() == MessageKind.STEP_POST).isEmpty();
        }

        @Test
        void aBareDoneWithSeveralOpenStepsAsksWhichOne() {
            Outcome outcome = as(ALICE, new RunCommand.Done(null, null));

            assertThat(outcome.refused()).isTrue();
            assertThat(outcome.reply().plain()).contains("Several steps are open").contains("done 1");
        }

        @Test
        void theChecklistsSummaryChannelOverridesTheGlobalOne() {
            as(ALICE, new RunCommand.Done(1, null));
            as(ALICE, new RunCommand.Done(2, null));
            as(ALICE, new RunCommand.Done(3, null));

            assertThat(store.outbox()).filteredOn(m -> m.kind() == MessageKind.SUMMARY_POST)
                    .extracting(OutboxMessage::channel).containsExactly(CHANNEL, "CSUM");
        }
    }

    @Nested
    class Confirmations {
        @BeforeEach
        void start() {
            as(ALICE, new RunCommand.Start("two", null));
        }

        @Test
        void aStepNeedingTwoPeopleIsDoneOnlyWhenTwoDistinctPeopleSayDone() {
            Outcome first = as(ALICE, new RunCommand.Done(1, null));
            assertThat(first.reply().plain()).contains("1 of 2");
            assertThat(run().step(1).status()).isEqualTo(StepStatus.PENDING);

            Outcome again = as(ALICE, new RunCommand.Done(1, null));
            assertThat(again.refused()).isTrue();
            assertThat(again.reply().plain()).contains("needs 1 more person");

            as(BOB, new RunCommand.Done(1, null));
            assertThat(run().step(1).status()).isEqualTo(StepStatus.DONE);
            assertThat(run().step(1).finishedBy()).isEqualTo(ALICE);
            assertThat(run().step(1).confirmers()).containsExactly(BOB);
            assertThat(run().step(2).open()).isTrue();
        }

        @Test
        void removingYourReactionTakesBackYourPendingConfirmation() {
            as(ALICE, CommandSource.REACTION, new RunCommand.Done(1, null));

            Outcome outcome = as(ALICE, CommandSource.REACTION, new RunCommand.Undo(1));

            assertThat(outcome.accepted()).isTrue();
            assertThat(run().step(1).confirmations()).isEmpty();
        }
    }

    @Nested
    class Idempotency {
        @Test
        void theSameEventIdTwiceChangesNothingTheSecondTime() {
            as(ALICE, new RunCommand.Start("backup", null));
            CommandContext context = new CommandContext(CHANNEL, BOB, CommandSource.REACTION, "Ev123");

            Outcome first = service.handle(context, new RunCommand.Done(1, null));
            int outboxSize = store.outbox().size();
            Outcome retry = service.handle(context, new RunCommand.Done(1, null));

            assertThat(first.accepted()).isTrue();
            assertThat(retry.result()).isEqualTo(Outcome.Result.DUPLICATE);
            assertThat(store.outbox()).hasSize(outboxSize);
            assertThat(run().step(1).confirmations()).hasSize(1);
        }

        @Test
        void aRefusedEventIsNotRecordedSoItsRetryIsJudgedAgain() {
            as(ALICE, new RunCommand.Start("backup", null));
            CommandContext context = new CommandContext(CHANNEL, BOB, CommandSource.REACTION, "Ev9");

            assertThat(service.handle(context, new RunCommand.Done(3, null)).refused()).isTrue();
            assertThat(service.handle(context, new RunCommand.Done(3, null)).refused()).isTrue();
        }
    }
}
