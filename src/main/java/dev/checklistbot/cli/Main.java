package dev.checklistbot.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code checklist-bot}: the one executable; each way of using the bot is a sub-command. */
@Command(name = "checklist-bot", mixinStandardHelpOptions = true, version = "checklist-bot 0.1.0",
        description = "Runs operational checklists inside a chat channel.",
        subcommands = {ServeCommand.class, ConsoleCommand.class, ValidateCommand.class, ImportCommand.class, RunsCommand.class,
                ExportCommand.class, ManifestCommand.class, CopyDbCommand.class, VerifyCommand.class,
                PruneCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        boolean quietByDefault = args.length == 0 || !args[0].equals("serve");
        if (quietByDefault && System.getenv("LOG_LEVEL") == null && System.getProperty("LOG_LEVEL") == null) {
            // The terminal commands print the product on stdout; routine log lines would only clutter it.
            System.setProperty("LOG_LEVEL", "WARN");
        }
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code; a bad setting is one line on stderr and exit code 2. */
    public static int run(String... args) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.addSubcommand(new ReportCommand()); // the run report as a file, or a signed link to it
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigException) {
                cmd.getErr().println(e.getMessage());
                return 2;
            }
            if (e instanceof dev.checklistbot.store.StoreException) {
                cmd.getErr().println("database: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
