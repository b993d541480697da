package dev.checklistbot.checklist.markdown;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What was added by hand to the shipped BizTalk checklists after the import of the seed page (issue 14): the
 * {@code questions:} block and the {@code when:} lines of the conditional steps. The source page has no questions,
 * so the importer cannot write them; the tests compare the importer's output with the shipped files without exactly
 * these additions (and fail if they are not there), and {@link BuiltInQuestionsTest} checks the additions themselves.
 */
public final class BuiltInQuestions {
    public static final String QUESTIONS = """
            questions:
              - id: bam
                text: Are you using Business Activity Monitoring (BAM)?
              - id: sso
                text: Are you using Enterprise Single Sign-On (SSO)?
            """;
    private static final Pattern WHEN = Pattern.compile("(?m)^    when: (bam|sso)\\n");

    private BuiltInQuestions() {
    }

    /** The shipped file's text without the hand-added lines; fails if they are not there as added. */
    public static String withoutHandAdded(String yaml) {
        if (!yaml.contains("\n" + QUESTIONS + "steps:\n")) {
            throw new AssertionError("the shipped checklist lacks its hand-added questions block");
        }
        String withoutQuestions = yaml.replace("\n" + QUESTIONS + "steps:\n", "\nsteps:\n");
        Matcher when = WHEN.matcher(withoutQuestions);
        int count = 0;
        while (when.find()) {
            count++;
        }
        if (count != 2) {
            throw new AssertionError("the shipped checklist has " + count + " hand-added when lines, not 2");
        }
        return WHEN.matcher(withoutQuestions).replaceAll("");
    }
}
