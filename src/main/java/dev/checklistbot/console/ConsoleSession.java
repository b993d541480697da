package dev.checklistbot.console;

import dev.checklistbot.chat.ChatCommandHandler;
import dev.checklistbot.chat.OutboxDispatcher;
import dev.checklistbot.chat.StepActions;
import dev.checklistbot.run.Actor;
import dev.checklistbot.run.StoreUnavailableException;
import dev.checklistbot.run.CommandContext;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A local channel in the terminal: each line is what a person would type after the slash command (the
 * command itself may be typed too), {@code as NAME ...} acts as someone else. Works with a pipe on stdin,
 * and ends at end of input.
 */
public final class ConsoleSession {
    private static final int MAX_DELIVERIES_PER_LINE = 1_000;

    private final ChatCommandHandler handler;
    private final OutboxDispatcher dispatcher;
    private final String commandName;
    private final String channel;
    private final PrintStream out;
    private final boolean prompt;

    public ConsoleSession(ChatCommandHandler handler, OutboxDispatcher dispatcher, String commandName, String channel,
                          PrintStream out, boolean prompt) {
        this.handler = handler;
        this.dispatcher = dispatcher;
        this.commandName = commandName;
        this.channel = channel;
        this.out = out;
        this.prompt = prompt;
    }

    /** Reads and answers lines until end of input or {@code quit}. */
    public void run(BufferedReader in, String user) throws IOException {
        out.println("checklist-bot console, channel '" + channel + "'. Type `help` for commands, `as NAME ...` to act as"
                + " someone else, `quit` to leave.");
        deliverNow();
        while (true) {
            if (prompt) {
                out.print(user + "> ");
                out.flush();
            }
            String line = in.readLine();
            if (line == null) {
                break;
            }
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            String lower = text.toLowerCase(Locale.ROOT);
            if (lower.equals("quit") || lower.equals("exit")) {
                break;
            }
            handleLine(text, user);
        }
        out.flush();
    }

    /**
     * Prints what is due now. Also called by the scheduler's thread after a nudge or a scheduled start, so that it shows
     * between two lines typed; one delivery at a time.
     */
    public void deliverNow() {
        synchronized (dispatcher) {
            dispatcher.deliverDueNow(MAX_DELIVERIES_PER_LINE);
        }
    }

    void handleLine(String text, String defaultUser) {
        String user = defaultUser;
        if (text.regionMatches(true, 0, "as ", 0, 3)) {
            String rest = text.substring(3).strip();
            int space = rest.indexOf(' ');
            user = space < 0 ? rest : rest.substring(0, space);
            text = space < 0 ? "" : rest.substring(space + 1).strip();
            if (user.startsWith("@")) {
                user = user.substring(1);
            }
            if (user.isEmpty()) {
                out.println("Say who: `as bob done`.");
                return;
            }
        }
        if (text.startsWith("/")) {
            int space = text.indexOf(' ');
            String command = space < 0 ? text : text.substring(0, space);
            if (!command.equals(commandName)) {
                out.println("Unknown command " + command + ": this bot answers " + commandName + ".");
                return;
            }
            text = space < 0 ? "" : text.substring(space + 1);
        }
        String answer;
        try {
            answer = handler.command(new CommandContext(channel, Actor.of(user),
                    dev.checklistbot.run.CommandSource.COMMAND, null), text).text().plain();
        } catch (StoreUnavailableException e) {
            // Another process holds the database, or the disk is full or read-only: nothing was changed.
            answer = StepActions.TRY_AGAIN.plain() + " (" + e.getMessage() + ")";
        }
        out.println("(to " + user + ") " + answer);
        deliverNow();
    }
}
