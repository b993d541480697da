package dev.checklistbot.run;

/** What free text people type (notes, reasons, titles) may be. */
final class TextRules {
    private TextRules() {
    }

    /** The text stripped, or null if there is none; refuses text too long to keep or show. */
    static String optional(String text, String what) {
        if (text == null) {
            return null;
        }
        String stripped = text.strip();
        if (stripped.isEmpty()) {
            return null;
        }
        if (stripped.length() > RunSettings.MAX_TEXT_CHARS) {
            throw new Refusal("That ", what, " is too long (", stripped.length(), " characters; at most ",
                    RunSettings.MAX_TEXT_CHARS, ").");
        }
        return stripped;
    }
}
