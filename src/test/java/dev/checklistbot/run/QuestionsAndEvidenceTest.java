package dev.checklistbot.run;

import dev.checklistbot.checklist.Checklist;
import dev.checklistbot.checklist.ChecklistCatalog;
import dev.checklistbot.checklist.Condition;
import dev.checklistbot.checklist.EvidenceRule;
import dev.checklistbot.checklist.Mode;
import dev.checklistbot.checklist.Permissions;
import dev.checklistbot.checklist.Question;
import dev.checklistbot.checklist.Step;
import dev.checklistbot.testing.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The rules of questions ({@code when}) and evidence in a run. */
class QuestionsAndEvidenceTest {
    static final String CHANNEL = "C1";
    static final Actor ALICE = new Actor("U1", "alice");
    static final Actor BOB = new Actor("U2", "bob");

    static Step when(String text, String question, boolean answer) {
        return new Step(text, null, List.of(), false, 1, new Condition(question, answer), EvidenceRule.NONE, null, null,
                false);
    }

    static Step evidence(String text, EvidenceRule rule, int confirmations) {
        return new Step(text, null, List.of(), false, confirmations, null, rule, "Backup file path", null, false);
    }

    static final List<Question> QUESTIONS = List.of(
            new Question("bam", "Are you using Business Activity Monitoring (BAM)?"),
            new Question("sso", "Are you using Enterprise Single Sign-On (SSO)?"));
    static final Checklist RESTORE = new Checklist("restore", "Restore", null, null, Mode.SEQUENTIAL, null, List.of(
            Step.of("Restore your databases."),
            when("Update references to the BAM database names.", "bam", true),
            when("Restore the master secret.", "sso", true)), QUESTIONS, Permissions.DEFAULT, null);
    static final Checklist PARALLEL = new Checklist("par", "Par", null, null, Mode.PARALLEL, null, List.of(
            Step.of("A"), when("BAM only", "bam", true), when("Without SSO", "sso", false)), QUESTIONS,
            Permissions.DEFAULT, null);
    static final Checklist PROOF = new Checklist("proof", "Proof", null, null, Mode.SEQUENTIAL, null, List.of(
            evidence("Back up", EvidenceRule.REQUIRED, 1), evidence("Check", EvidenceRule.OPTIONAL, 1),
            evidence("Two people", EvidenceRule.REQUIRED, 2), Step.of("Plain")));

    InMemoryRunStore store;
    MutableClock clock;
    RunService service;

    @BeforeEach
    void setUp() {
        store = new InMemoryRunStore();
        clock = new MutableClock(Instant.parse("2026-11-26T03:00:00Z"));
        service = new RunService(store, new ChecklistCatalog(List.of(RESTORE, PARALLEL, PROOF)), clock,
                RunSettings.defaults());
    }

    Outcome as(Actor actor, RunCommand command) {
        clock.advance(Duration.ofMinutes(1));
        return service.handle(CommandContext.of(CHANNEL, actor), command);
    }

    Outcome note(Actor actor, int step, String text) {
        clock.advance(Duration.ofMinutes(1));
        return service.handle(new CommandContext(CHANNEL, actor, CommandSource.THREAD_REPLY, null),
                new RunCommand.AddNote(step, text));
    }

    Run run() {
        return store.read(r -> r.lastRun(CHANNEL)).orElseThrow();
    }

    List<RunEvent> events() {
        return store.read(r -> r.events(run().id()));
    }

    @Nested
    class Questions {
        @Test
        void answersGivenAtStartAreInTheRunAndEachIsAnAuditEvent() {
            Outcome started = as(ALICE, new RunCommand.Start("restore", null, Map.of("bam", "no")));

            assertThat(started.accepted()).isTrue();
            assertThat(run().answer("bam")).get().extracting(Answer::yes, Answer::by).containsExactly(false, ALICE);
            assertThat(run().answer("sso")).isEmpty();
            assertThat(events()).extracting(RunEvent::type, RunEvent::text)
                    .contains(tuple(RunEvent.Type.QUESTION_ANSWERED, "bam: no"));
            assertThat(started.reply().plain()).contains("Please answer sso");
        }

        @Test
        void aStepRuledOutByAnAnswerIsNotApplicableWhenReachedAndCountsAsNobodysSkip() {
            as(ALICE, new RunCommand.Start("restore", null, Map.of("bam", "no", "sso", "yes")));

            Outcome done = as(ALICE, new RunCommand.Done(1, null));

            StepState bam = run().step(2);
            assertThat(bam.status()).isEqualTo(StepStatus.NOT_APPLICABLE);
            assertThat(bam.finishedBy()).isNull();
            assertThat(bam.skipReason()).isNull();
            assertThat(run().currentStep()).get().extracting(StepState::number).isEqualTo(3);
            assertThat(run().step(3).open()).isTrue();
            assertThat(events()).extracting(RunEvent::type, RunEvent::step, RunEvent::text)
                    .contains(tuple(RunEvent.Type.STEP_NOT_APPLICABLE, 2, "BAM: no"));
            assertThat(done.reply().plain()).contains("Next: step 3");
            assertThat(store.outbox()).extracting(OutboxMessage::kind, OutboxMessage::step)
                    .contains(tuple(MessageKind.STEP_POST, 2), tuple(MessageKind.STEP_POST, 3));
        }

        @Test
        void aRunWhoseLastStepsAreRuledOutCompletes() {
            as(ALICE, new RunCommand.Start("restore", null, Map.of("bam", "no", "sso", "no")));

            as(ALICE, new RunCommand.Done(1, null));

            assertThat(run().status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(run().doneCount()).isEqualTo(1);
        }

        @Test
        void aReachedStepWhoseQuestionIsUnansweredWaitsAndCannotBeDone() {
            as(ALICE, new RunCommand.Start("restore", null));
            as(ALICE, new RunCommand.Done(1, null));

            Outcome refused = as(BOB, new RunCommand.Done(2, null));

            assertThat(refused.refused()).isTrue();
            assertThat(refused.reply().plain()).contains("answer bam yes");
            assertThat(run().step(2).open()).isTrue();
            assertThat(as(BOB, new RunCommand.Claim(2)).accepted()).isTrue();
        }

        @Test
        void answeringTheQuestionAStepWaitsForSettlesIt() {
            as(ALICE, new RunCommand.Start("restore", null));
            as(ALICE, new RunCommand.Done(1, null));

            Outcome answered = as(BOB, new RunCommand.AnswerQuestion("bam", "no"));

            assertThat(answered.accepted()).isTrue();
            assertThat(answered.reply().plain()).contains("step 2 is not applicable").contains("Next: step 3");
            assertThat(run().step(2).status()).isEqualTo(StepStatus.NOT_APPLICABLE);
            assertThat(as(BOB, new RunCommand.AnswerQuestion("sso", "yes")).reply().plain())
                    .contains("step 3 can be done now");
            assertThat(as(BOB, new RunCommand.Done(3, null)).accepted()).isTrue();
            assertThat(run().status()).isEqualTo(RunStatus.COMPLETED);
        }

        @Test
        void anAnswerCanChangeUntilAStepItDecidesIsReached() {
            as(ALICE, new RunCommand.Start("restore", null, Map.of("bam", "no")));

            assertThat(as(BOB, new RunCommand.AnswerQuestion("bam", "yes")).accepted()).isTrue();
            assertThat(run().answer("bam")).get().extracting(Answer::yes, Answer::by).containsExactly(true, BOB);
            as(ALICE, new RunCommand.Done(1, null));
            assertThat(run().step(2).open()).isTrue();

            Outcome tooLate = as(ALICE, new RunCommand.AnswerQuestion("bam", "no"));

            assertThat(tooLate.refused()).isTrue();
            assertThat(tooLate.reply().plain()).contains("Too late to change bam").contains("step 2");
            assertThat(run().answer("bam")).get().extracting(Answer::yes).isEqualTo(true);
        }

        @Test
        void undoingTheStepBeforeANotApplicableStepLetsItsAnswerChangeAgain() {
            as(ALICE, new RunCommand.Start("restore", null, Map.of("bam", "no")));
            as(ALICE, new RunCommand.Done(1, null));
            assertThat(as(ALICE, new RunCommand.AnswerQuestion("bam", "yes")).refused()).isTrue();

            as(ALICE, new RunCommand.Undo(null));

            assertThat(run().step(1).status()).isEqualTo(StepStatus.PENDING);
            assertThat(run().step(2).status()).isEqualTo(StepStatus.PENDING);
            assertThat(as(ALICE, new RunCommand.AnswerQuestion("bam", "yes")).accepted()).isTrue();
        }

        @Test
        void undoNeverReopensANotApplicableStep() {
            as(ALICE, new RunCommand.Start("restore", null, Map.of("bam", "no")));
            as(ALICE, new RunCommand.Done(1, null));

            as(ALICE, new RunCommand.Undo(null));

            assertThat(run().step(1).finished()).isFalse();
        }

        @Test
        void theSameAnswerAgainOrAnUnknownQuestionOrValueChangesNothing() {
            as(ALICE, new RunCommand.Start("restore", null, Map.of("bam", "no")));

            assertThat(as(BOB, new RunCommand.AnswerQuestion("bam", "no")).reply().plain()).contains("already");
            assertThat(as(BOB, new RunCommand.AnswerQuestion("xyz", "no")).reply().plain())
                    .contains("There is no question 'xyz'").contains("bam, sso");
            assertThat(as(BOB, new RunCommand.AnswerQuestion("sso", "maybe")).refused()).isTrue();
            assertThat(events()).filteredOn(e -> e.type() == RunEvent.Type.QUESTION_ANSWERED).hasSize(1);
        }

        @Test
        void aStartWithABadAnswerStartsNothing() {
            Outcome refused = as(ALICE, new RunCommand.Start("restore", null, Map.of("bam", "perhaps")));

            assertThat(refused.refused()).isTrue();
            assertThat(store.read(r -> r.activeRun(CHANNEL)).isPresent()).isFalse();
        }

        @Test
        void inAParallelRunAnAnswerRulesOutItsStepsAtOnce() {
            as(ALICE, new RunCommand.Start("par", null, Map.of("sso", "yes")));

            assertThat(run().step(3).status()).isEqualTo(StepStatus.NOT_APPLICABLE);
            assertThat(run().step(2).open()).isTrue();
            assertThat(as(BOB, new RunCommand.Done(2, null)).refused()).isTrue();
            as(BOB, new RunCommand.AnswerQuestion("bam", "no"));
            assertThat(run().step(2).status()).isEqualTo(StepStatus.NOT_APPLICABLE);
            as(BOB, new RunCommand.Done(1, null));
            assertThat(run().status()).isEqualTo(RunStatus.COMPLETED);
        }

        @Test
        void aNotApplicableStepCannotBeDoneOrSkipped() {
            as(ALICE, new RunCommand.Start("restore", null, Map.of("bam", "no")));
            as(ALICE, new RunCommand.Done(1, null));

            assertThat(as(BOB, new RunCommand.Done(2, null)).reply().plain()).contains("not applicable (BAM: no)");
            assertThat(as(BOB, new RunCommand.Skip(2, "x")).reply().plain()).contains("not applicable");
        }
    }

    @Nested
    class Evidences {
        @Test
        void aRequiredEvidenceStepIsNotDoneWithoutEvidence() {
            as(ALICE, new RunCommand.Start("proof", null));

            Outcome refused = as(ALICE, new RunCommand.Done(1, null));

            assertThat(refused.refused()).isTrue();
            assertThat(refused.reply().plain()).contains("needs evidence (Backup file path)");
            assertThat(run().step(1).finished()).isFalse();
        }

        @Test
        void theTextAfterDoneIsTheEvidenceKeptWithWhoAndWhen() {
            as(ALICE, new RunCommand.Start("proof", null));

            Outcome done = as(BOB, new RunCommand.Done(1, "/backups/mgmt.bak 4 GB"));

            assertThat(done.accepted()).isTrue();
            StepState step = run().step(1);
            assertThat(step.status()).isEqualTo(StepStatus.DONE);
            assertThat(step.evidence()).extracting(Evidence::actor, Evidence::text)
                    .containsExactly(tuple(BOB, "/backups/mgmt.bak 4 GB"));
            assertThat(step.evidence().get(0).at()).isEqualTo(clock.instant());
            assertThat(step.notes()).isEmpty();
            assertThat(events()).extracting(RunEvent::type, RunEvent::text)
                    .contains(tuple(RunEvent.Type.EVIDENCE_ADDED, "/backups/mgmt.bak 4 GB"));
        }

        @Test
        void aLinkSharedInTheThreadBeforeABareDoneIsTakenAsEvidence() {
            as(ALICE, new RunCommand.Start("proof", null));
            note(BOB, 1, "the job log https://ops.example.com/job/42");
            note(ALICE, 1, "looks fine");

            Outcome done = as(BOB, new RunCommand.Done(1, null));

            assertThat(done.accepted()).isTrue();
            assertThat(run().step(1).evidence()).extracting(Evidence::text)
                    .containsExactly("the job log https://ops.example.com/job/42");
        }

        @Test
        void someoneElsesLinkIsNotTheirEvidence() {
            as(ALICE, new RunCommand.Start("proof", null));
            note(ALICE, 1, "https://ops.example.com/job/42");

            assertThat(as(BOB, new RunCommand.Done(1, null)).refused()).isTrue();
        }

        @Test
        void optionalEvidenceIsAcceptedAndNotRequired() {
            as(ALICE, new RunCommand.Start("proof", null));
            as(ALICE, new RunCommand.Done(1, "x.bak"));

            assertThat(as(ALICE, new RunCommand.Done(2, null)).accepted()).isTrue();
            assertThat(run().step(2).evidence()).isEmpty();
        }

        @Test
        void aCorrectionIsANewEntryAndTheFirstIsKept() {
            as(ALICE, new RunCommand.Start("proof", null));
            as(ALICE, new RunCommand.Done(1, "x.bak"));

            Outcome corrected = as(BOB, new RunCommand.AddEvidence(1, "y.bak, not x.bak"));

            assertThat(corrected.accepted()).isTrue();
            assertThat(run().step(1).evidence()).extracting(Evidence::actor, Evidence::text)
                    .containsExactly(tuple(ALICE, "x.bak"), tuple(BOB, "y.bak, not x.bak"));
            assertThat(run().step(1).latestEvidence()).get().extracting(Evidence::text).isEqualTo("y.bak, not x.bak");
            assertThat(as(BOB, new RunCommand.AddEvidence(1, " ")).refused()).isTrue();
        }

        @Test
        void everyConfirmationOfARequiredStepBringsItsEvidenceButOnlyTheFirstNeedsIt() {
            as(ALICE, new RunCommand.Start("proof", null));
            as(ALICE, new RunCommand.Done(1, "x.bak"));
            as(ALICE, new RunCommand.Done(2, null));

            assertThat(as(ALICE, new RunCommand.Done(3, null)).refused()).isTrue();
            as(ALICE, new RunCommand.Done(3, "restored on test"));
            as(BOB, new RunCommand.Done(3, "checked too"));

            assertThat(run().step(3).status()).isEqualTo(StepStatus.DONE);
            assertThat(run().step(3).evidence()).extracting(Evidence::text)
                    .containsExactly("restored on test", "checked too");
        }

        @Test
        void onAStepWithoutEvidenceTheTextAfterDoneStaysANote() {
            as(ALICE, new RunCommand.Start("proof", null));
            as(ALICE, new RunCommand.Done(1, "x.bak"));
            as(ALICE, new RunCommand.Done(2, null));
            as(ALICE, new RunCommand.Done(3, "a"));
            as(BOB, new RunCommand.Done(3, "b"));

            as(ALICE, new RunCommand.Done(4, "all good"));

            assertThat(run().step(4).evidence()).isEmpty();
            assertThat(run().step(4).notes()).extracting(Note::text).containsExactly("all good");
        }
    }
}
