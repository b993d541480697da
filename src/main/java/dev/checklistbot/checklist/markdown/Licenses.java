package dev.checklistbot.checklist.markdown;

import dev.checklistbot.checklist.ChecklistYamlWriter.Attribution;

import java.util.Locale;
import java.util.Map;

/**
 * The attribution of an imported file: the license given ({@code --license}, else the page's front matter), with
 * its full name and address when it is a common one (SPDX id or name); without a license, only where the file
 * comes from. No license is ever assumed.
 */
public final class Licenses {

    private record Known(String name, String url) {
    }

    private static final Map<String, Known> KNOWN = Map.ofEntries(
            Map.entry("cc-by-4.0", new Known("Creative Commons Attribution 4.0 International (CC BY 4.0)", "https://creativecommons.org/licenses/by/4.0/")),
            Map.entry("cc by 4.0", new Known("Creative Commons Attribution 4.0 International (CC BY 4.0)", "https://creativecommons.org/licenses/by/4.0/")),
            Map.entry("cc-by-sa-4.0", new Known("Creative Commons Attribution-ShareAlike 4.0 International (CC BY-SA 4.0)", "https://creativecommons.org/licenses/by-sa/4.0/")),
            Map.entry("cc by-sa 4.0", new Known("Creative Commons Attribution-ShareAlike 4.0 International (CC BY-SA 4.0)", "https://creativecommons.org/licenses/by-sa/4.0/")),
            Map.entry("apache-2.0", new Known("the Apache License 2.0", "https://www.apache.org/licenses/LICENSE-2.0")),
            Map.entry("apache 2.0", new Known("the Apache License 2.0", "https://www.apache.org/licenses/LICENSE-2.0")),
            Map.entry("mit", new Known("the MIT License", "https://opensource.org/licenses/MIT")),
            Map.entry("cc0-1.0", new Known("CC0 1.0 Universal", "https://creativecommons.org/publicdomain/zero/1.0/")));

    /** Longer license texts are not a license name. */
    public static final int MAX_LICENSE_CHARS = 200;

    private Licenses() {
    }

    /**
     * @param license   the license named by the user or the page, or null
     * @param pageTitle the page's title
     * @param source    where the page is published, or null
     */
    public static Attribution attribution(String license, String pageTitle, String source) {
        if (license == null || license.isBlank()) {
            return new Attribution(pageTitle, null, null, source);
        }
        String text = license.strip();
        Known known = KNOWN.get(text.toLowerCase(Locale.ROOT));
        if (known != null) {
            return new Attribution(pageTitle, known.name(), known.url(), source);
        }
        text = text.length() > MAX_LICENSE_CHARS ? text.substring(0, MAX_LICENSE_CHARS) + "…" : text;
        return new Attribution(pageTitle, text, null, source);
    }
}
