package dev.checklistbot.checklist;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The file fields that decide how a run behaves: questions and when, evidence, expected, permissions, schedule. */
class ChecklistRunFieldsTest {
    private final ChecklistLoader loader = new ChecklistLoader();

    private static final String FULL = """
            id: restore
            title: Restore
            questions:
              - id: bam
                text: Are you using BAM?
              - id: sso
                text: Are you using Enterprise Single Sign-On?
            permissions:
              abort: owner
              undo_others: [U0ALICE1, "discord:123456789012345678"]
            schedule:
              cron: "0 2 * * 1"
              timezone: Europe/Paris
              channel: C0123456789
            steps:
              - text: Restore your databases.
                evidence: required
                evidence_prompt: Backup file path and size
                expected: 1h30m
                assignee_only: true
              - text: Update references to the BAM database names.
                when: bam
              - text: Restore the master secret.
                when: "!sso"
                evidence: optional
            """;

    private Checklist parse(String yaml, List<ChecklistError> errors) {
        return loader.parse(yaml, "x.yaml", false, errors);
    }

    @Test
    void everyRunFieldLoads() {
        List<ChecklistError> errors = new ArrayList<>();
        Checklist checklist = parse(FULL, errors);

        assertThat(errors).isEmpty();
        assertThat(checklist.questions()).extracting(Question::id).containsExactly("bam", "sso");
        assertThat(checklist.permissions().abort()).isEqualTo(Permission.OWNER);
        assertThat(checklist.permissions().undoOthers().users()).containsExactly("U0ALICE1", "discord:123456789012345678");
        assertThat(checklist.schedule()).isEqualTo(new Schedule("0 2 * * 1", ZoneId.of("Europe/Paris"), "C0123456789"));
        Step first = checklist.step(1);
        assertThat(first.evidence()).isEqualTo(EvidenceRule.REQUIRED);
        assertThat(first.evidencePrompt()).isEqualTo("Backup file path and size");
        assertThat(first.expected()).isEqualTo(Duration.ofMinutes(90));
        assertThat(first.assigneeOnly()).isTrue();
        assertThat(checklist.step(2).when()).isEqualTo(new Condition("bam", true));
        assertThat(checklist.step(3).when()).isEqualTo(new Condition("sso", false));
        assertThat(checklist.step(3).evidence()).isEqualTo(EvidenceRule.OPTIONAL);
    }

    @Test
    void theWriterWritesTheFieldsBackToTheSameChecklist() {
        List<ChecklistError> errors = new ArrayList<>();
        Checklist checklist = parse(FULL, errors);

        String written = new ChecklistYamlWriter().write(checklist);
        Checklist again = parse(written, errors);

        assertThat(errors).isEmpty();
        assertThat(again).isEqualTo(checklist);
    }

    @Test
    void aFileWithoutTheFieldsKeepsTheDefaults() {
        List<ChecklistError> errors = new ArrayList<>();
        Checklist checklist = parse("id: a\ntitle: A\nsteps:\n  - text: x\n", errors);

        assertThat(checklist.questions()).isEmpty();
        assertThat(checklist.permissions()).isEqualTo(Permissions.DEFAULT);
        assertThat(checklist.schedule()).isNull();
        assertThat(checklist.step(1).evidence()).isEqualTo(EvidenceRule.NONE);
        assertThat(checklist.step(1).when()).isNull();
        assertThat(checklist.step(1).expected()).isNull();
        assertThat(checklist.step(1).assigneeOnly()).isFalse();
    }

    private List<String> errorsOf(String yaml) {
        List<ChecklistError> errors = new ArrayList<>();
        assertThat(parse(yaml, errors)).as("a file with errors gives no checklist").isNull();
        return errors.stream().map(e -> e.line() + ": " + e.message()).toList();
    }

    @Test
    void eachBadRunFieldIsReportedWithItsLine() {
        assertThat(errorsOf(FULL.replace("when: bam", "when: bma"))).singleElement().asString()
                .startsWith("22:").contains("'when' names question 'bma'").contains("[bam, sso]");
        assertThat(errorsOf(FULL.replace("when: bam", "when: \"B A M\""))).singleElement().asString()
                .contains("'when' must be a question id");
        assertThat(errorsOf(FULL.replace("evidence: required", "evidence: always"))).singleElement().asString()
                .startsWith("17:").contains("'evidence' must be none, optional or required");
        assertThat(errorsOf(FULL.replace("expected: 1h30m", "expected: soon"))).singleElement().asString()
                .startsWith("19:").contains("'expected' must be a duration");
        assertThat(errorsOf(FULL.replace("expected: 1h30m", "expected: 0m"))).singleElement().asString()
                .contains("'expected' must be a duration");
        assertThat(errorsOf(FULL.replace("assignee_only: true", "assignee_only: yes please"))).singleElement().asString()
                .contains("'assignee_only' must be true or false");
        assertThat(errorsOf(FULL.replace("    evidence: optional\n", "    evidence_prompt: Path\n")))
                .singleElement().asString().contains("'evidence_prompt' needs 'evidence: optional'");
        assertThat(errorsOf(FULL.replace("id: sso", "id: bam"))).contains("6: question 2: duplicate question id 'bam'");
        assertThat(errorsOf(FULL.replace("id: sso", "id: Sso!"))).anyMatch(e -> e.contains("bad id 'Sso!'"));
        assertThat(errorsOf(FULL.replace("abort: owner", "abort: boss"))).singleElement().asString()
                .startsWith("9:").contains("permissions.abort: must be everyone, owner or a list");
        assertThat(errorsOf(FULL.replace("U0ALICE1", "alice"))).singleElement().asString()
                .contains("'alice' is not a user id");
        assertThat(errorsOf(FULL.replace("undo_others", "undo"))).singleElement().asString()
                .contains("unknown field 'undo'");
        assertThat(errorsOf(FULL.replace("\"0 2 * * 1\"", "\"0 2 * *\""))).singleElement().asString()
                .startsWith("12:").contains("bad cron").contains("five fields");
        assertThat(errorsOf(FULL.replace("\"0 2 * * 1\"", "\"61 2 * * 1\""))).singleElement().asString()
                .contains("bad cron");
        assertThat(errorsOf(FULL.replace("Europe/Paris", "Mars/Olympus"))).singleElement().asString()
                .startsWith("13:").contains("unknown time zone 'Mars/Olympus'");
        assertThat(errorsOf(FULL.replace("channel: C0123456789", "channel: \"#ops\""))).singleElement().asString()
                .startsWith("14:").contains("must be a Slack channel id");
        assertThat(errorsOf(FULL.replace("  channel: C0123456789\n", ""))).singleElement().asString()
                .contains("missing field 'channel'");
    }

    @Test
    void aScheduleFiresInItsOwnTimeZone() {
        Schedule mondays = new Schedule("0 2 * * 1", ZoneId.of("Europe/Paris"), "C1");
        // Monday 2026-12-07 02:00 in Paris is 01:00 UTC (winter time).
        assertThat(mondays.nextAfter(Instant.parse("2026-12-02T08:00:00Z")))
                .contains(Instant.parse("2026-12-07T01:00:00Z"));
        assertThat(mondays.latestAtOrBefore(Instant.parse("2026-12-07T01:00:30Z")))
                .contains(Instant.parse("2026-12-07T01:00:00Z"));
        assertThat(mondays.latestAtOrBefore(Instant.parse("2026-12-07T00:59:59Z")))
                .contains(Instant.parse("2026-11-30T01:00:00Z"));
    }

    @Test
    void durationsReadAndWriteTheShortForm() {
        assertThat(Durations.parse("15m")).contains(Duration.ofMinutes(15));
        assertThat(Durations.parse("1h30m")).contains(Duration.ofMinutes(90));
        assertThat(Durations.parse("90s")).contains(Duration.ofSeconds(90));
        assertThat(Durations.parse("1d")).contains(Duration.ofDays(1));
        assertThat(Durations.parse("31d")).isEmpty();
        assertThat(Durations.parse("15")).isEmpty();
        assertThat(Durations.parse("")).isEmpty();
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(Durations.format(Duration.ofSeconds(45))).isEqualTo("45s");
    }
}
