package dev.checklistbot.audit;

import java.util.List;
import java.util.Optional;

/** Where the audit trails are kept (the store implements it): what a verification reads. */
public interface AuditTrails {
    /** The run's trail, or empty if there is no such run. */
    Optional<AuditTrail> trail(long runId);

    /** Every run's id, oldest first. */
    List<Long> runIds();
}
