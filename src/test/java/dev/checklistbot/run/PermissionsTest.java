package dev.checklistbot.run;

import dev.checklistbot.checklist.Checklist;
import dev.checklistbot.checklist.ChecklistCatalog;
import dev.checklistbot.checklist.EvidenceRule;
import dev.checklistbot.checklist.Mode;
import dev.checklistbot.checklist.Permission;
import dev.checklistbot.checklist.Permissions;
import dev.checklistbot.checklist.Step;
import dev.checklistbot.testing.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The checklist's permissions, ADMINS, assignee_only and confirmations from other people (issue 14, item 5). */
class PermissionsTest {
    static final String CHANNEL = "C1";
    static final Actor ALICE = new Actor("U1", "alice");
    static final Actor BOB = new Actor("U2", "bob");
    static final Actor CAROL = new Actor("U3", "carol");
    static final Actor ADMIN = new Actor("U9", "admin");

    static final List<Step> STEPS = List.of(Step.of("One"), Step.of("Two"), Step.of("Three"));

    InMemoryRunStore store;
    RunService service;

    static Checklist checklist(String id, Permissions permissions, List<Step> steps) {
        return new Checklist(id, id, null, null, Mode.SEQUENTIAL, null, steps, List.of(), permissions, null);
    }

    static Step assigneeOnly(String text, int confirmations) {
        return new Step(text, null, List.of(), false, confirmations, null, EvidenceRule.NONE, null, null, true);
    }

    @BeforeEach
    void setUp() {
        store = new InMemoryRunStore();
        Permission onlyBob = Permission.users(List.of("U2"));
        ChecklistCatalog catalog = new ChecklistCatalog(List.of(
                checklist("open", Permissions.DEFAULT, STEPS),
                checklist("owned", new Permissions(Permission.OWNER, Permission.OWNER), STEPS),
                checklist("listed", new Permissions(onlyBob, onlyBob), STEPS),
                checklist("assigned", new Permissions(Permission.OWNER, Permission.OWNER),
                        List.of(assigneeOnly("Restore", 1), assigneeOnly("Verify", 2), Step.of("Tell")))));
        service = new RunService(store, catalog, new MutableClock(Instant.parse("2026-11-26T03:00:00Z")),
                RunSettings.defaults().withAdmins(Set.of("U9")));
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

    /** A refused command: its answer, after checking that it saved nothing at all. */
    String refused(Actor actor, RunCommand command) {
        Run before = run();
        int events = store.allEvents().size();
        int messages = store.outbox().size();
        Outcome outcome = as(actor, command);
        assertThat(outcome.refused()).as("refused: %s", command).isTrue();
        assertThat(run()).isEqualTo(before);
        assertThat(store.allEvents()).hasSize(events);
        assertThat(store.outbox()).hasSize(messages);
        return outcome.reply().plain();
    }

    void accepted(Actor actor, RunCommand command) {
        Outcome outcome = as(actor, command);
        assertThat(outcome.accepted()).as("accepted: %s (%s)", command, outcome.reply()).isTrue();
    }

    @Nested
    class Abort {
        @Test
        void withoutPermissionsAnyoneMayAbort() {
            accepted(ALICE, new RunCommand.Start("open", null));
            accepted(BOB, new RunCommand.Abort("not needed"));
            assertThat(run().status()).isEqualTo(RunStatus.ABORTED);
        }

        @Test
        void ownerOnlyRefusesOthersAndSaysWhoMay() {
            accepted(ALICE, new RunCommand.Start("owned", null));

            String answer = refused(BOB, new RunCommand.Abort("not needed"));

            assertThat(answer).isEqualTo("Only the run's owner (alice) or an admin may abort this run.");
            Outcome outcome = as(BOB, new RunCommand.Abort("x"));
            assertThat(outcome.reply().parts()).contains(ALICE);
            accepted(ALICE, new RunCommand.Abort("not needed"));
            assertThat(run().status()).isEqualTo(RunStatus.ABORTED);
        }

        @Test
        void anAdminMayAbortWhateverThePermission() {
            accepted(ALICE, new RunCommand.Start("owned", null));
            accepted(ADMIN, new RunCommand.Abort("wrong channel"));
            assertThat(run().status()).isEqualTo(RunStatus.ABORTED);
        }

        @Test
        void aListAllowsOnlyItsPeopleNotEvenTheOwner() {
            accepted(ALICE, new RunCommand.Start("listed", null));

            assertThat(refused(ALICE, new RunCommand.Abort("x"))).isEqualTo("Only U2 or an admin may abort this run.");
            assertThat(refused(CAROL, new RunCommand.Abort("x"))).startsWith("Only U2 ");
            accepted(BOB, new RunCommand.Abort("x"));
        }

        @Test
        void withoutAdminsTheAnswerDoesNotOfferOne() {
            service = new RunService(store, new ChecklistCatalog(List.of(
                    checklist("owned", new Permissions(Permission.OWNER, Permission.OWNER), STEPS))),
                    new MutableClock(Instant.parse("2026-11-26T03:00:00Z")), RunSettings.defaults());
            accepted(ALICE, new RunCommand.Start("owned", null));

            assertThat(refused(BOB, new RunCommand.Abort("x"))).isEqualTo("Only the run's owner (alice) may abort this run.");
        }
    }

    @Nested
    class UndoOthers {
        @Test
        void withoutPermissionsAnyoneMayUndoAnyonesStep() {
            accepted(ALICE, new RunCommand.Start("open", null));
            accepted(BOB, new RunCommand.Done(1, null));
            accepted(CAROL, new RunCommand.Undo(null));
            assertThat(run().step(1).status()).isEqualTo(StepStatus.PENDING);
        }

        @Test
        void ownerOnlyLetsEachUndoTheirOwnAndTheOwnerAnyones() {
            accepted(ALICE, new RunCommand.Start("owned", null));
            accepted(BOB, new RunCommand.Done(1, null));

            assertThat(refused(CAROL, new RunCommand.Undo(null)))
                    .isEqualTo("Only the run's owner (alice) or an admin may undo step 1, which bob finished.");
            accepted(BOB, new RunCommand.Undo(null));
            accepted(BOB, new RunCommand.Skip(1, "not needed"));
            assertThat(refused(CAROL, new RunCommand.Undo(null))).endsWith("which bob skipped.");
            accepted(ALICE, new RunCommand.Undo(null));
            accepted(BOB, new RunCommand.Done(1, null));
            accepted(ADMIN, new RunCommand.Undo(null));
        }

        @Test
        void aListAllowsItsPeopleToUndoOthers() {
            accepted(ALICE, new RunCommand.Start("listed", null));
            accepted(CAROL, new RunCommand.Done(1, null));

            assertThat(refused(ALICE, new RunCommand.Undo(null))).startsWith("Only U2 or an admin may undo step 1");
            accepted(BOB, new RunCommand.Undo(null));
        }

        @Test
        void skippingAStepSomeoneElseHoldsNeedsThePermission() {
            accepted(ALICE, new RunCommand.Start("owned", null));
            accepted(BOB, new RunCommand.Claim(1));

            assertThat(refused(CAROL, new RunCommand.Skip(1, "no time")))
                    .isEqualTo("Only the run's owner (alice) or an admin may skip step 1, which is bob's.");
            accepted(BOB, new RunCommand.Skip(1, "done elsewhere"));
            accepted(CAROL, new RunCommand.Skip(2, "nobody holds it"));
            accepted(ALICE, new RunCommand.Assign(3, BOB));
            accepted(ALICE, new RunCommand.Skip(3, "owner decides"));
        }

        @Test
        void skippingAStepSomeoneElseAlreadyConfirmedNeedsThePermission() {
            accepted(ALICE, new RunCommand.Start("assigned", null));
            accepted(ALICE, new RunCommand.Assign(1, BOB));
            accepted(BOB, new RunCommand.Done(1, null));
            accepted(ALICE, new RunCommand.Assign(2, ALICE));
            // Step 2 needs two people: once carol holds it, her skip would throw away alice's "done".
            accepted(ALICE, new RunCommand.Done(2, null));
            assertThat(run().step(2).confirmations()).hasSize(1);
            accepted(ADMIN, new RunCommand.Assign(2, CAROL));

            assertThat(refused(CAROL, new RunCommand.Skip(2, "enough")))
                    .isEqualTo("Only the run's owner (alice) or an admin may skip step 2, which alice already marked done.");
        }

        @Test
        void withoutPermissionsAnyoneMaySkipAStepSomeoneElseHolds() {
            accepted(ALICE, new RunCommand.Start("open", null));
            accepted(BOB, new RunCommand.Claim(1));
            accepted(CAROL, new RunCommand.Skip(1, "not needed"));
        }
    }

    @Nested
    class AssigneeOnly {
        @Test
        void nobodyMayFinishItBeforeSomeoneHasIt() {
            accepted(ALICE, new RunCommand.Start("assigned", null));

            assertThat(refused(BOB, new RunCommand.Done(1, null))).isEqualTo("Only step 1's assignee or an admin"
                    + " may finish it, and nobody has it yet: claim it, or give it to someone with"
                    + " `/backup-checklist assign 1 @user`.");
        }

        @Test
        void onlyItsAssigneeOrAnAdminMayFinishIt() {
            accepted(ALICE, new RunCommand.Start("assigned", null));
            accepted(ALICE, new RunCommand.Assign(1, BOB));

            assertThat(refused(CAROL, new RunCommand.Done(1, null)))
                    .isEqualTo("Only step 1's assignee (bob) or an admin may finish it.");
            assertThat(refused(ALICE, new RunCommand.Skip(1, "owner"))).contains("assignee (bob)");
            for (CommandSource source : CommandSource.values()) {
                assertThat(as(CAROL, source, new RunCommand.Done(1, null)).refused()).as("%s", source).isTrue();
            }
            accepted(BOB, new RunCommand.Done(1, null));
            assertThat(run().step(1).finishedBy()).isEqualTo(BOB);
        }

        @Test
        void anAdminMayFinishItForTheAssignee() {
            accepted(ALICE, new RunCommand.Start("assigned", null));
            accepted(ALICE, new RunCommand.Assign(1, BOB));
            accepted(ADMIN, new RunCommand.Done(1, null));
            assertThat(run().step(1).finishedBy()).isEqualTo(ADMIN);
        }

        @Test
        void nobodyButTheAssigneeTheOwnerOrAnAdminMayTakeItOver() {
            accepted(ALICE, new RunCommand.Start("assigned", null));
            accepted(BOB, new RunCommand.Claim(1));

            assertThat(refused(CAROL, new RunCommand.Claim(1))).isEqualTo("Only bob, the run's owner (alice) or an"
                    + " admin may give step 1 to someone else: only its assignee may finish it.");
            assertThat(refused(CAROL, new RunCommand.Assign(1, CAROL))).startsWith("Only bob, the run's owner");
            accepted(BOB, new RunCommand.Assign(1, CAROL));
            accepted(ALICE, new RunCommand.Assign(1, BOB));
            accepted(ADMIN, new RunCommand.Claim(1));
            assertThat(run().step(1).claimedBy()).isEqualTo(ADMIN);
        }

        @Test
        void othersConfirmAfterTheAssigneeFinished() {
            accepted(ALICE, new RunCommand.Start("assigned", null));
            accepted(ALICE, new RunCommand.Assign(1, BOB));
            accepted(BOB, new RunCommand.Done(1, null));
            accepted(ALICE, new RunCommand.Assign(2, BOB));

            assertThat(refused(CAROL, new RunCommand.Done(2, null))).contains("assignee (bob)");
            accepted(BOB, new RunCommand.Done(2, null));
            accepted(CAROL, new RunCommand.Done(2, null));

            StepState step = run().step(2);
            assertThat(step.status()).isEqualTo(StepStatus.DONE);
            assertThat(step.finishedBy()).isEqualTo(BOB);
            assertThat(step.confirmers()).containsExactly(CAROL);
        }
    }

    @Nested
    class Confirmations {
        @BeforeEach
        void start() {
            service = new RunService(store, new ChecklistCatalog(List.of(checklist("two", Permissions.DEFAULT,
                    List.of(new Step("Restore", null, List.of(), false, 2), Step.of("Verify"))))),
                    new MutableClock(Instant.parse("2026-11-26T03:00:00Z")), RunSettings.defaults().withAdmins(Set.of("U9")));
            accepted(ALICE, new RunCommand.Start("two", null));
        }

        @Test
        void theFinisherCannotCountTwiceWhicheverWayTheyAsk() {
            accepted(BOB, new RunCommand.Done(1, null));

            for (CommandSource source : CommandSource.values()) {
                Outcome again = as(BOB, source, new RunCommand.Done(1, null));
                assertThat(again.refused()).as("%s", source).isTrue();
                assertThat(again.reply().plain()).isEqualTo("You already confirmed step 1: it needs 1 more person.");
            }
            assertThat(run().step(1).status()).isNotEqualTo(StepStatus.DONE);
            assertThat(run().step(1).confirmations()).extracting(Confirmation::actor).containsExactly(BOB);
        }

        @Test
        void anAdminIsStillOnePerson() {
            accepted(ADMIN, new RunCommand.Done(1, null));
            assertThat(as(ADMIN, CommandSource.REACTION, new RunCommand.Done(1, null)).refused()).isTrue();
            assertThat(run().step(1).status()).isNotEqualTo(StepStatus.DONE);
        }

        @Test
        void theStepIsDoneWhenSomeoneOtherThanTheFinisherConfirms() {
            accepted(BOB, new RunCommand.Done(1, null));
            accepted(CAROL, new RunCommand.Done(1, null));

            StepState step = run().step(1);
            assertThat(step.status()).isEqualTo(StepStatus.DONE);
            assertThat(step.finishedBy()).isEqualTo(BOB);
            assertThat(step.confirmers()).containsExactly(CAROL);
            for (CommandSource source : CommandSource.values()) {
                assertThat(as(BOB, source, new RunCommand.Done(1, null)).refused()).as("%s", source).isTrue();
                assertThat(as(CAROL, source, new RunCommand.Done(1, null)).refused()).as("%s", source).isTrue();
            }
            assertThat(run().step(1).confirmations()).hasSize(2);
        }
    }
}
