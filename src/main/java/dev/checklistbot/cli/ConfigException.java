package dev.checklistbot.cli;

/** A missing or malformed setting: start-up stops with this one line, which names the setting and the problem. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String setting, String problem) {
        super(setting + ": " + problem, null, false, false);
    }
}
