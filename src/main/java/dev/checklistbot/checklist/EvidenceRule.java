package dev.checklistbot.checklist;

import java.util.Locale;
import java.util.Optional;

/** Whether finishing a step asks for evidence of what was done (text or a link). */
public enum EvidenceRule {
    NONE, OPTIONAL, REQUIRED;

    public static Optional<EvidenceRule> parse(String text) {
        for (EvidenceRule rule : values()) {
            if (rule.fileName().equals(text == null ? "" : text.strip().toLowerCase(Locale.ROOT))) {
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }

    public String fileName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
