package dev.checklistbot.run;

/** Where a command came from: a typed command, a reply in a step's thread, a reaction or a button. */
public enum CommandSource {
    COMMAND, THREAD_REPLY, REACTION, BUTTON
}
