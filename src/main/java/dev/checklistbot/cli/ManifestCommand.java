package dev.checklistbot.cli;

import dev.checklistbot.slack.SlackManifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/** {@code checklist-bot manifest}: prints a Slack app manifest (YAML) for this bot's command and events. */
@Command(name = "manifest", mixinStandardHelpOptions = true,
        description = "Print a Slack app manifest (YAML) with the slash command, scopes, events and interactivity.")
public final class ManifestCommand implements Callable<Integer> {
    @Option(names = "--command-name", paramLabel = "NAME", description = "the slash command (env COMMAND_NAME, default /backup-checklist)")
    String commandName;

    @Option(names = "--url", paramLabel = "URL", description = "public base URL of the bot; requests go to URL/slack/events"
            + " (default: a placeholder to edit)")
    String url;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "checklist-bot", description = "the app's name (default ${DEFAULT-VALUE})")
    String name;

    @Option(names = "--socket-mode", description = "use Socket Mode (SLACK_APP_TOKEN) instead of request URLs")
    boolean socketMode;

    private final Settings settings;
    private final PrintStream out;

    public ManifestCommand() {
        this(Settings.fromEnvironment(), new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8));
    }

    ManifestCommand(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    @Override
    public Integer call() {
        String base = url != null ? url : SlackManifest.PLACEHOLDER_URL;
        if (!base.startsWith("https://") && !base.startsWith("http://")) {
            throw new ConfigException("--url", "must be an http(s) URL like https://bot.example.com");
        }
        out.print(SlackManifest.yaml(name, settings.commandName(commandName), base, socketMode));
        out.flush();
        return 0;
    }
}
