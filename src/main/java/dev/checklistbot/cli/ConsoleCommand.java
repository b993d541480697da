package dev.checklistbot.cli;

import dev.checklistbot.console.ConsoleChatClient;
import dev.checklistbot.console.ConsoleSession;
import dev.checklistbot.run.RunSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.Callable;

/** {@code checklist-bot console}: the same bot in the terminal, in a local channel, no chat account needed. */
@Command(name = "console", mixinStandardHelpOptions = true,
        description = "Run the bot in the terminal, in a local channel (no chat account needed). Reads commands from"
                + " standard input, so it can be scripted with a pipe.")
public final class ConsoleCommand implements Callable<Integer> {
    @Mixin
    BotOptions bot = new BotOptions();

    @Option(names = "--channel", defaultValue = "console", description = "the local channel's name (default ${DEFAULT-VALUE})")
    String channel;

    @Option(names = "--user", description = "who you are (default: your login name)")
    String user;

    @Override
    public Integer call() throws Exception {
        Settings settings = Settings.fromEnvironment();
        RunSettings runSettings = RunSettings.defaults().withCommandName(bot.commandName(settings))
                .withSummaryChannel(bot.summaryChannel(settings)).withAdmins(settings.admins())
                .withNudgeAfter(bot.nudgeAfter(settings));
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        String who = user != null ? user : System.getProperty("user.name", "you");
        try (BotCore core = BotCore.open(bot.checklistsDir(settings), bot.database(settings), settings, runSettings,
                new ConsoleChatClient(out), Clock.systemUTC(), 1)) {
            core.store().startHousekeeping(bot.retentionOutbox(settings));
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            ConsoleSession session = new ConsoleSession(core.handler(), core.dispatcher(), runSettings.commandName(),
                    channel, out, System.console() != null);
            // Nudges for the console's runs, printed as they come; a schedule starts here only in this console's channel.
            core.scheduler().start(Serving.DEFAULT_TIMER_POLL, channel::equals, session::deliverNow);
            session.run(in, who);
        }
        return 0;
    }
}
