package dev.checklistbot.run;

import dev.checklistbot.checklist.Permission;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Who may do what in a run: the checklist's {@code permissions}, the run's owner (who started it), its steps'
 * {@code assignee_only}, and the admins ({@code ADMINS}), who may do everything. The one place these rules live:
 * adapters only say who acts. Each check returns quietly or throws a {@link Refusal} that says who may do it, so
 * that the command changes nothing.
 *
 * <p>What counts as acting on someone else's work ({@code undo_others}):
 * <ul>
 *   <li>undoing a step that another person finished (done or skipped);</li>
 *   <li>skipping a step that another person has claimed or was assigned, or that another person already marked done
 *       while it waits for more confirmations.</li>
 * </ul>
 * Claiming, assigning and confirming are not: they take nothing away from anyone (except on an
 * {@code assignee_only} step, see {@link #mayTakeOver}).
 */
final class Authorizer {
    private final Set<String> admins;

    Authorizer(RunSettings settings) {
        this.admins = settings.admins();
    }

    boolean admin(Actor actor) {
        return admins.contains(actor.id());
    }

    /** Aborting the run: the checklist's {@code permissions.abort}. */
    void mayAbort(Run run, Actor actor) {
        require(run, actor, run.checklist().permissions().abort(), new Object[] {"abort this run."});
    }

    /** Undoing a finished step: free for whoever finished it, else {@code permissions.undo_others}. */
    void mayUndo(Run run, StepState step, Actor actor) {
        if (step.finishedBy() == null || actor.sameAs(step.finishedBy())) {
            return;
        }
        require(run, actor, run.checklist().permissions().undoOthers(), new Object[] {"undo step ", step.number(),
                ", which ", step.finishedBy(),
                step.status() == StepStatus.SKIPPED ? " skipped." : " finished."});
    }

    /**
     * Skipping a step: free unless another person holds it (claimed or assigned) or already marked it done (waiting
     * for more confirmations); then {@code permissions.undo_others}.
     */
    void maySkip(Run run, StepState step, Actor actor) {
        Actor other = someoneElsesWork(step, actor);
        if (other == null) {
            return;
        }
        boolean holds = other.sameAs(step.claimedBy());
        require(run, actor, run.checklist().permissions().undoOthers(), holds
                ? new Object[] {"skip step ", step.number(), ", which is ", other, "'s."}
                : new Object[] {"skip step ", step.number(), ", which ", other, " already marked done."});
    }

    /**
     * Finishing (the first done, or a skip) an {@code assignee_only} step: only its assignee (whoever holds it:
     * assigned it, or claimed it while nobody had it) or an admin. Later confirmations by others are not finishing.
     */
    void mayFinish(StepState step, Actor actor, String commandName) {
        if (!step.step().assigneeOnly() || admin(actor) || actor.sameAs(step.claimedBy())) {
            return;
        }
        String orAdmin = admins.isEmpty() ? "" : " or an admin";
        if (step.claimedBy() == null) {
            throw new Refusal("Only step ", step.number(), "'s assignee", orAdmin, " may finish it, and nobody has it"
                    + " yet: claim it, or give it to someone with `", commandName, " assign ", step.number(), " @user`.");
        }
        throw new Refusal("Only step ", step.number(), "'s assignee (", step.claimedBy(), ")", orAdmin,
                " may finish it.");
    }

    /**
     * Giving an {@code assignee_only} step that someone holds to another person (a claim taking it over, an assign):
     * since only its holder may finish it, only the holder, the run's owner or an admin may hand it on.
     */
    void mayTakeOver(Run run, StepState step, Actor actor) {
        Actor holder = step.claimedBy();
        if (!step.step().assigneeOnly() || holder == null || actor.sameAs(holder) || actor.sameAs(run.startedBy())
                || admin(actor)) {
            return;
        }
        List<Object> parts = new ArrayList<>(List.of("Only ", holder));
        if (!run.startedBy().sameAs(holder)) {
            parts.addAll(List.of(admins.isEmpty() ? " or " : ", ", "the run's owner (", run.startedBy(), ")"));
        }
        if (!admins.isEmpty()) {
            parts.add(" or an admin");
        }
        parts.addAll(List.of(" may give step ", step.number(), " to someone else: only its assignee may finish it."));
        throw new Refusal(parts.toArray());
    }

    /** The other person whose work a skip would throw away, or null. */
    private static Actor someoneElsesWork(StepState step, Actor actor) {
        if (step.claimedBy() != null && !actor.sameAs(step.claimedBy())) {
            return step.claimedBy();
        }
        return step.confirmations().stream().map(Confirmation::actor).filter(a -> !a.sameAs(actor)).findFirst()
                .orElse(null);
    }

    private void require(Run run, Actor actor, Permission permission, Object[] what) {
        if (allowed(run, actor, permission)) {
            return;
        }
        List<Object> parts = new ArrayList<>();
        parts.add("Only ");
        if (permission.kind() == Permission.Kind.OWNER) {
            parts.add("the run's owner (");
            parts.add(run.startedBy());
            parts.add(")");
        } else {
            for (int i = 0; i < permission.users().size(); i++) {
                if (i > 0) {
                    parts.add(i == permission.users().size() - 1 && admins.isEmpty() ? " or " : ", ");
                }
                parts.add(Actor.of(permission.users().get(i)));
            }
        }
        if (!admins.isEmpty()) {
            parts.add(" or an admin");
        }
        parts.add(" may ");
        parts.addAll(List.of(what));
        throw new Refusal(parts.toArray());
    }

    private boolean allowed(Run run, Actor actor, Permission permission) {
        if (admin(actor)) {
            return true;
        }
        return switch (permission.kind()) {
            case EVERYONE -> true;
            case OWNER -> actor.sameAs(run.startedBy());
            case USERS -> permission.users().contains(actor.id());
        };
    }
}
