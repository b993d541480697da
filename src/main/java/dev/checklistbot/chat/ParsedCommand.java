package dev.checklistbot.chat;

import dev.checklistbot.run.ReplyText;
import dev.checklistbot.run.RunCommand;

/** What a line of chat text means, according to {@link ChatCommandParser}. */
public sealed interface ParsedCommand {

    /** A command that changes a run. */
    record Apply(RunCommand command) implements ParsedCommand { }

    /** A question that changes nothing. */
    record Query(QueryKind kind) implements ParsedCommand { }

    /** The bare command: shows the active run's status, or starts the default checklist if there is none. */
    record Default() implements ParsedCommand { }

    /** Text that is not a command; the reply says why and how to do it right. */
    record Invalid(ReplyText reply) implements ParsedCommand { }

    enum QueryKind { STATUS, LIST, HISTORY, HELP }
}
