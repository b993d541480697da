package dev.checklistbot.cli;

import dev.checklistbot.checklist.Checklist;
import dev.checklistbot.checklist.ChecklistError;
import dev.checklistbot.checklist.ChecklistLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code checklist-bot validate [DIR]}: reports every error in every checklist file; non-zero exit if there is one. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check checklist files; print every error with file and line; exit 1 if there is one.")
public final class ValidateCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "DIR", description = "folder of checklist files (default: CHECKLISTS_DIR or checklists)")
    Path dir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Path folder = dir != null ? dir : Settings.fromEnvironment().checklistsDir(null);
        ChecklistLoader.Result result = new ChecklistLoader().loadDirectory(folder);
        for (ChecklistError error : result.errors()) {
            spec.commandLine().getErr().println(error);
        }
        for (Checklist checklist : result.checklists()) {
            spec.commandLine().getOut().println("ok  " + checklist.id() + ": " + checklist.title() + " ("
                    + checklist.size() + " steps)");
        }
        if (!result.ok()) {
            spec.commandLine().getErr().println(result.errors().size() + (result.errors().size() == 1 ? " error" : " errors")
                    + " in " + folder);
            return 1;
        }
        return 0;
    }
}
