package dev.checklistbot.store;

import dev.checklistbot.run.Actor;
import dev.checklistbot.run.CommandContext;
import dev.checklistbot.run.CommandSource;
import dev.checklistbot.run.Outcome;
import dev.checklistbot.run.RunCommand;
import dev.checklistbot.run.RunService;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The child process of {@link StoreCrashTest}: opens the store on the file given and applies commands in a
 * loop, printing "committed N" after each command that committed, until it is killed (or a minute passes).
 * Each command carries the event id "cmd-N", recorded in the same transaction, so the parent can tell exactly
 * which commands reached the database.
 */
public final class StoreCrashChild {
    static final int STEPS = 5;

    private StoreCrashChild() {
    }

    public static void main(String[] args) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        try (JdbcRunStore store = JdbcRunStore.open(args[0])) {
            RunService service = Fixtures.service(store, Clock.systemUTC(), Fixtures.wide(STEPS));
            long committed = 0;
            int step = 0;
            while (Instant.now().isBefore(deadline)) {
                RunCommand command = step == 0 ? new RunCommand.Start("wide", null) : new RunCommand.Done(step, "n" + committed);
                CommandContext context = new CommandContext("C-crash", new Actor("U" + (committed % 3), "Crash"),
                        CommandSource.COMMAND, "cmd-" + (committed + 1));
                Outcome outcome = service.handle(context, command);
                if (!outcome.accepted()) {
                    throw new IllegalStateException("refused: " + outcome.reply());
                }
                committed++;
                System.out.println("committed " + committed);
                System.out.flush();
                step = step == STEPS ? 0 : step + 1;
            }
        }
    }
}
