package dev.checklistbot.run;

import java.util.Objects;

/**
 * What checking a run's audit trail found: the report page shows it beside the trail. Until the trail carries a
 * chain of hashes there is nothing to check, and every run reads as {@link Status#NOT_VERIFIED}.
 *
 * @param status VERIFIED (the chain is intact), BROKEN (an event was changed, removed or reordered) or NOT_VERIFIED
 * @param detail one line for people: where the chain begins, which event breaks it, or why nothing was checked
 */
public record AuditVerification(Status status, String detail) {

    public enum Status { VERIFIED, BROKEN, NOT_VERIFIED }

    public AuditVerification {
        Objects.requireNonNull(status, "status");
        detail = detail == null ? "" : detail;
    }

    public static AuditVerification notVerified(String why) {
        return new AuditVerification(Status.NOT_VERIFIED, why);
    }
}
