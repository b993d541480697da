package dev.checklistbot.checklist.markdown;

import dev.checklistbot.checklist.Checklist;
import dev.checklistbot.checklist.ChecklistLoader;
import dev.checklistbot.checklist.ChecklistYamlWriter;
import dev.checklistbot.checklist.Condition;
import dev.checklistbot.checklist.Question;
import dev.checklistbot.checklist.Step;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-added questions and {@code when}s of the shipped BizTalk checklists, the step texts unchanged. */
class BuiltInQuestionsTest {
    static final List<Question> QUESTIONS = List.of(
            new Question("bam", "Are you using Business Activity Monitoring (BAM)?"),
            new Question("sso", "Are you using Enterprise Single Sign-On (SSO)?"));

    private static Checklist load(String name) throws Exception {
        Path file = Path.of("checklists", name);
        List<dev.checklistbot.checklist.ChecklistError> errors = new ArrayList<>();
        Checklist checklist = new ChecklistLoader().parse(Files.readString(file), name, false, errors);
        assertThat(errors).isEmpty();
        return checklist;
    }

    @Test
    void restoreAsksAboutBamAndSsoForStepsTwoAndThree() throws Exception {
        Checklist restore = load("biztalk-restore.yaml");

        assertThat(restore.questions()).isEqualTo(QUESTIONS);
        assertThat(restore.steps()).extracting(Step::when).containsExactly(null, new Condition("bam", true),
                new Condition("sso", true));
        assertThat(restore.step(2).text()).isEqualTo("Update references to the BAM database names.");
        assertThat(restore.step(3).text()).isEqualTo("If you are using Enterprise Single Sign-on, restore the master secret.");
    }

    @Test
    void backupAsksAboutBamAndSsoForItsIfYouAreUsingSteps() throws Exception {
        Checklist backup = load("biztalk-backup.yaml");

        assertThat(backup.questions()).isEqualTo(QUESTIONS);
        assertThat(backup.steps()).extracting(Step::when).containsExactly(null, null, null, null,
                new Condition("bam", true), new Condition("sso", true));
        assertThat(backup.step(5).text()).startsWith("If you are using Business Activity Monitoring (BAM)");
        assertThat(backup.step(6).text()).startsWith("If you are using Enterprise Single Sign-on");
    }

    @Test
    void theAdditionsAreWrittenAsTheWriterWritesThem() throws Exception {
        for (String name : List.of("biztalk-backup.yaml", "biztalk-restore.yaml")) {
            String text = Files.readString(Path.of("checklists", name));
            String written = new ChecklistYamlWriter().write(load(name), ChecklistYamlWriter.Attribution.ccBy4(
                    "Checklist: Back Up and Restore BizTalk Server Databases"));
            assertThat(written).as(name).isEqualTo(text);
            assertThat(BuiltInQuestions.withoutHandAdded(text)).doesNotContain("questions:", "when:");
        }
    }
}
