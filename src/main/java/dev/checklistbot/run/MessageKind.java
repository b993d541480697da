package dev.checklistbot.run;

/** What an outgoing chat message does. The chat layer renders it from the run's state when it delivers it. */
public enum MessageKind {
    /** Post the run header (title, who started it, progress). */
    HEADER_POST,
    /** Bring the posted run header up to date. */
    HEADER_UPDATE,
    /** Post a step's message (text, links, buttons). */
    STEP_POST,
    /** Bring a posted step message up to date. */
    STEP_UPDATE,
    /** Say in the step's thread what just happened to it (the event). */
    STEP_NOTICE,
    /** Post the run's summary to the message's channel. */
    SUMMARY_POST,
    /** Say in the channel itself (not in a thread) what just happened (the event). */
    CHANNEL_NOTICE
}
