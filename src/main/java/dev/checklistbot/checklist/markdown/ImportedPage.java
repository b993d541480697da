package dev.checklistbot.checklist.markdown;

import dev.checklistbot.checklist.Checklist;

import java.util.List;

/**
 * What importing one Markdown page gave.
 *
 * @param pageTitle  the page's title (front matter {@code title}, else its first heading), for attribution
 * @param checklists one per section that holds steps, in page order
 * @param fileNames  a file name for each checklist, same order ({@code biztalk-backup.yaml})
 * @param warnings   things the user should know (links that could not be made absolute, text trimmed to fit limits)
 * @param license    the license the page's front matter names ({@code license:}), or null when it names none
 */
public record ImportedPage(String pageTitle, List<Checklist> checklists, List<String> fileNames, List<String> warnings,
                           String license) {
    public ImportedPage(String pageTitle, List<Checklist> checklists, List<String> fileNames, List<String> warnings) {
        this(pageTitle, checklists, fileNames, warnings, null);
    }


    public ImportedPage {
        checklists = List.copyOf(checklists);
        fileNames = List.copyOf(fileNames);
        warnings = List.copyOf(warnings);
        if (checklists.size() != fileNames.size()) {
            throw new IllegalArgumentException("one file name per checklist");
        }
    }
}
