package dev.checklistbot.checklist;

import java.util.Objects;

/** A reference link of a step: what to read before or while doing it. */
public record Link(String title, String url) {
    public Link {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(url, "url");
    }
}
