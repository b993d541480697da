package dev.checklistbot.cli;

import dev.checklistbot.audit.AuditTrail;
import dev.checklistbot.audit.ChainVerifier;
import dev.checklistbot.audit.ChainedEvent;
import dev.checklistbot.audit.Verification;
import dev.checklistbot.store.JdbcRunStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code checklist-bot verify [RUN_ID]}: recomputes the audit chain of one run or of every run and prints, per run, OK
 * with the chain's head or FAILED naming the first event that was changed, removed, reordered or added. Exit 1 if any
 * run fails or cannot be checked (a keyed chain without the right AUDIT_KEY).
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Recompute the audit chains (one run, or all) and name the first event changed, removed or"
                + " reordered. Keyed chains need AUDIT_KEY (env). Exit 1 on any failure.")
public final class VerifyCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN_ID", arity = "0..1", description = "the run (default: every run)")
    Long runId;

    @Option(names = "--require-key", description = "an event hashed without a key is a failure (every run of this"
            + " database was written with AUDIT_KEY)")
    boolean requireKey;

    @Option(names = "--head", paramLabel = "HASH", description = "with RUN_ID: a chain head kept elsewhere (an"
            + " export's); the chain must still lead through it")
    String head;

    @Mixin
    DatabaseOption database;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (head != null && runId == null) {
            throw new ConfigException("--head", "needs a RUN_ID");
        }
        ChainVerifier verifier = new ChainVerifier(Settings.fromEnvironment().auditChain(), requireKey);
        PrintWriter out = spec.commandLine().getOut();
        try (JdbcRunStore store = database.open()) {
            List<Long> runs = runId == null ? store.runIds() : List.of(runId);
            int failed = 0;
            for (long id : runs) {
                Optional<AuditTrail> trail = store.trail(id);
                if (trail.isEmpty()) {
                    out.println("run " + id + ": there is no such run in " + database.setting());
                    failed++;
                    continue;
                }
                Verification verdict = verifier.verify(trail.get());
                out.println(verdict.describe());
                if (!verdict.ok()) {
                    failed++;
                } else if (head != null && !leadsThrough(trail.get(), verdict, out)) {
                    failed++;
                }
            }
            if (runs.isEmpty()) {
                out.println("No runs in " + database.setting() + ".");
            } else if (runs.size() > 1) {
                out.println(failed == 0 ? "All " + runs.size() + " runs verified."
                        : failed + " of " + runs.size() + " runs failed verification.");
            }
            out.flush();
            return failed == 0 ? 0 : 1;
        }
    }

    /** Whether the verified chain still holds the given head (an export's), and if so at which event. */
    private boolean leadsThrough(AuditTrail trail, Verification verdict, PrintWriter out) {
        for (ChainedEvent event : trail.events()) {
            if (head.equals(event.hash())) {
                out.println("run " + trail.runId() + ": the head given is event " + event.sequence() + " of "
                        + verdict.events() + (head.equals(verdict.head()) ? " (the chain's head)" : ""));
                return true;
            }
        }
        out.println("run " + trail.runId() + ": FAILED: the head given is not in this run's chain: the trail was"
                + " rewritten or truncated since it was taken");
        return false;
    }
}
