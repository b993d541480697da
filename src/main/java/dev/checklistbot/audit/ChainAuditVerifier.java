package dev.checklistbot.audit;

import dev.checklistbot.run.AuditVerification;
import dev.checklistbot.run.AuditVerifier;

/**
 * The report page's check of a run's audit trail: the same chain verification as {@code checklist-bot verify}, one
 * run at a time, in the words the page shows beside the trail.
 */
public final class ChainAuditVerifier implements AuditVerifier {
    private final AuditTrails trails;
    private final ChainVerifier verifier;

    public ChainAuditVerifier(AuditTrails trails, AuditChain chain) {
        this.trails = trails;
        this.verifier = new ChainVerifier(chain, false);
    }

    @Override
    public AuditVerification verify(long runId) {
        try {
            return trails.trail(runId).map(verifier::verify).map(ChainAuditVerifier::toPage)
                    .orElse(AuditVerification.notVerified("there is no such run"));
        } catch (RuntimeException e) {
            // The page still shows the trail; it only cannot vouch for it.
            return AuditVerification.notVerified("the audit trail could not be read to check it");
        }
    }

    private static AuditVerification toPage(Verification v) {
        String line = v.describe().replaceFirst("^run \\d+: ", "");
        if (v.needsKey()) {
            return AuditVerification.notVerified(line);
        }
        if (!v.ok()) {
            return new AuditVerification(AuditVerification.Status.BROKEN, line);
        }
        return v.head() == null ? AuditVerification.notVerified(line)
                : new AuditVerification(AuditVerification.Status.VERIFIED, line);
    }
}
