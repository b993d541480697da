package dev.checklistbot.run;

import dev.checklistbot.checklist.EvidenceRule;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rules of a step's evidence. On a step with {@code evidence: optional} or {@code required} the text after
 * {@code done} is the evidence (not a note). A {@code required} step is done only with evidence: typed after
 * {@code done}, given in a modal, or, when {@code done} comes bare, the last link or file the same person shared in
 * the step's thread since it opened (a thread reply that is not a command is kept as a note; the adapters write a
 * shared file as its link). Evidence is never edited: {@code evidence [N] TEXT} adds a correction after it.
 */
final class EvidenceRules {
    /** A link as people paste them (Slack writes {@code <https://...>} or {@code <https://...|label>}). */
    private static final Pattern LINK = Pattern.compile("(?i)\\b(https?://|file://|\\\\\\\\)\\S+");

    private final RunSettings settings;

    EvidenceRules(RunSettings settings) {
        this.settings = settings;
    }

    /** Whether the text after {@code done} on this step is evidence rather than a note. */
    static boolean takesEvidence(StepState step) {
        return step.step().evidence() != EvidenceRule.NONE;
    }

    /**
     * The evidence a {@code done} brings to this step: the typed text, else (bare {@code done}) the person's last link
     * or file shared in the thread since the step opened; empty if none. Refuses a required step without evidence.
     */
    Optional<String> forDone(Change change, StepState step, String typed) {
        if (!takesEvidence(step)) {
            return Optional.empty();
        }
        if (typed != null) {
            return Optional.of(typed);
        }
        Optional<String> shared = sharedLink(step, change.actor());
        if (shared.isEmpty() && step.step().evidence() == EvidenceRule.REQUIRED && !step.finished()) {
            String prompt = step.step().evidencePrompt();
            throw new Refusal("Step ", step.number(), " needs evidence", prompt == null ? "" : " (" + prompt + ")",
                    ": say `done` followed by it, for example `", settings.commandName(), " done ", step.number(),
                    " /backups/BizTalkMgmtDb.bak`, or share a link or file in the step's thread and then say `done`.");
        }
        return shared;
    }

    /** Adds the evidence to the step's state and records it (one audit event). */
    static StepState add(Change change, StepState step, String text) {
        change.record(RunEvent.Type.EVIDENCE_ADDED, step.number(), text, null);
        return step.withEvidence(new Evidence(change.actor(), change.now(), text));
    }

    /** {@code evidence [N] TEXT}: a new entry on any step of the run (a correction of an earlier one, or a late one). */
    void addEntry(Change change, RunCommand.AddEvidence command, StepRules rules) {
        String text = TextRules.optional(command.text(), "evidence");
        if (text == null) {
            throw new Refusal("Say what the evidence is, for example `", settings.commandName(),
                    " evidence 2 /backups/BizTalkMgmtDb.bak, 4.2 GB`.");
        }
        Run run = change.run();
        StepState step = command.step() == null && run.currentStep().isEmpty()
                ? run.lastFinished().orElseThrow(() -> new Refusal("Say which step, for example `",
                settings.commandName(), " evidence 2 TEXT`."))
                : rules.resolve(run, command.step(), "evidence");
        change.update(step.withEvidence(new Evidence(change.actor(), change.now(), text)));
        change.recordAndTell(RunEvent.Type.EVIDENCE_ADDED, step.number(), text, null);
        change.send(MessageKind.STEP_UPDATE, step.number());
        change.reply("Evidence added to step ", step.number(), step.evidence().isEmpty() ? "." : " (earlier entries are kept).");
    }

    /** The person's last note on the step since it opened that is a link or a shared file. */
    private static Optional<String> sharedLink(StepState step, Actor actor) {
        List<Note> notes = step.notes();
        for (int i = notes.size() - 1; i >= 0; i--) {
            Note note = notes.get(i);
            if (step.openedAt() != null && note.at().isBefore(step.openedAt())) {
                break;
            }
            if (note.actor().sameAs(actor) && LINK.matcher(note.text()).find()) {
                return Optional.of(note.text());
            }
        }
        return Optional.empty();
    }
}
