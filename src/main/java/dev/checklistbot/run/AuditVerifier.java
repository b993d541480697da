package dev.checklistbot.run;

/**
 * Checks one run's audit trail (the port the report page asks; the audit chain's owner implements it). Never throws:
 * a check that cannot run says so in its {@link AuditVerification}.
 */
@FunctionalInterface
public interface AuditVerifier {

    /** Until the audit trail is chained: nothing to verify. */
    AuditVerifier NONE = runId -> AuditVerification.notVerified("this audit trail carries no hash chain to check");

    AuditVerification verify(long runId);
}
