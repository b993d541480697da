package dev.checklistbot.chat;

import dev.checklistbot.checklist.ChecklistCatalog;
import dev.checklistbot.render.Replies;
import dev.checklistbot.render.Reply;
import dev.checklistbot.run.CommandContext;
import dev.checklistbot.run.Outcome;
import dev.checklistbot.run.ReplyText;
import dev.checklistbot.run.Run;
import dev.checklistbot.run.RunCommand;
import dev.checklistbot.run.RunService;
import dev.checklistbot.run.RunStore;

import java.time.Clock;
import java.util.Optional;

/**
 * Turns what a person typed or did into a command on the engine or an answer to a question, the same way
 * for every chat platform. After a command commits, it wakes the outbox so the messages go out at once.
 */
public final class ChatCommandHandler {
    /** The checklist a bare command starts when the channel has no active run (SPEC: `backup`). */
    public static final String DEFAULT_CHECKLIST = "backup";
    private static final int HISTORY_SIZE = 10;

    private final RunService service;
    private final RunStore store;
    private final ChecklistCatalog catalog;
    private final ChatCommandParser parser;
    private final Runnable afterCommit;
    private final Clock clock;
    /** Told every user id a command names, so that their display names get looked up in the background. */
    private final java.util.function.Consumer<String> peopleSeen;

    public ChatCommandHandler(RunService service, RunStore store, ChecklistCatalog catalog, Runnable afterCommit,
                              Clock clock) {
        this(service, store, catalog, afterCommit, clock, id -> { });
    }

    /** @param peopleSeen told each user id a command comes from or names; must return at once */
    public ChatCommandHandler(RunService service, RunStore store, ChecklistCatalog catalog, Runnable afterCommit,
                              Clock clock, java.util.function.Consumer<String> peopleSeen) {
        this.peopleSeen = peopleSeen;
        this.service = service;
        this.store = store;
        this.catalog = catalog;
        this.parser = new ChatCommandParser(service.settings().commandName(), id -> catalog.find(id).isPresent());
        this.afterCommit = afterCommit;
        this.clock = clock;
    }

    public ChatCommandParser parser() {
        return parser;
    }

    /** Answers a typed command (the text after the slash command); the reply is for the person only. */
    public Reply command(CommandContext context, String text) {
        peopleSeen.accept(context.actor().id());
        ParsedCommand parsed = parser.parseCommand(text);
        if (parsed instanceof ParsedCommand.Invalid invalid) {
            return new Reply(invalid.reply());
        }
        if (parsed instanceof ParsedCommand.Query query) {
            return query(context, query.kind());
        }
        if (parsed instanceof ParsedCommand.Default) {
            Optional<Run> active = store.read(r -> r.activeRun(context.channel()));
            if (active.isPresent()) {
                return Replies.status(active.get(), clock.instant());
            }
            return replyTo(apply(context, new RunCommand.Start(DEFAULT_CHECKLIST, null)));
        }
        return replyTo(apply(context, ((ParsedCommand.Apply) parsed).command()));
    }

    /** Applies a command that arrived already parsed (a reaction, a button, a thread reply). */
    public Outcome apply(CommandContext context, RunCommand command) {
        peopleSeen.accept(context.actor().id());
        if (command instanceof RunCommand.Assign assign && assign.assignee() != null) {
            peopleSeen.accept(assign.assignee().id());
        }
        Outcome outcome = service.handle(context, command);
        if (outcome.accepted()) {
            afterCommit.run();
        }
        return outcome;
    }

    /** Applies a reply in the thread of a step message. */
    public Outcome threadReply(CommandContext context, String text, int step) {
        return apply(context, parser.parseReply(text, step));
    }

    private Reply query(CommandContext context, ParsedCommand.QueryKind kind) {
        String command = service.settings().commandName();
        switch (kind) {
            case STATUS:
                return store.read(r -> r.activeRun(context.channel()))
                        .map(run -> Replies.status(run, clock.instant()))
                        .orElseGet(() -> Reply.of("There is no active run in this channel. Start one with `", command,
                                " start ID`; `", command, " list` shows the checklists."));
            case LIST:
                return Replies.checklists(catalog.all(), command);
            case HISTORY:
                return Replies.history(store.read(r -> r.recentRuns(context.channel(), HISTORY_SIZE)));
            case HELP:
            default:
                return Replies.help(command);
        }
    }

    private static Reply replyTo(Outcome outcome) {
        if (outcome.reply() == null) {
            return new Reply(ReplyText.of(outcome.result() == Outcome.Result.DUPLICATE ? "That request was already handled; nothing more was changed." : "OK."));
        }
        return new Reply(outcome.reply());
    }
}
