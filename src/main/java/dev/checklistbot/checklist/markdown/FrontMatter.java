package dev.checklistbot.checklist.markdown;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The YAML front matter of a documentation page ({@code ---} ... {@code ---}), and the Markdown after it. */
record FrontMatter(String title, String product, String body, String description, String license) {

    FrontMatter(String title, String product, String body) {
        this(title, product, body, null, null);
    }

    private static final Pattern BLOCK = Pattern.compile("\\A---[ \\t]*\\n(.*?)\\n---[ \\t]*(?:\\n|\\z)", Pattern.DOTALL);
    private static final Pattern SITE_SUFFIX = Pattern.compile("\\s+\\|\\s+[^|]+$");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Splits the front matter off {@code text} (line ends already normalised to \n); a page without one has null fields. */
    static FrontMatter split(String text) {
        Matcher m = BLOCK.matcher(text);
        if (!m.find()) {
            return new FrontMatter(null, null, text);
        }
        String body = text.substring(m.end());
        try {
            JsonNode root = YAML.readTree(m.group(1));
            if (root == null || !root.isObject()) {
                return new FrontMatter(null, null, body);
            }
            String product = text(root, "ms.service");
            if (product == null) {
                product = text(root, "ms.prod");
            }
            String title = text(root, "title");
            if (title != null) {
                title = SITE_SUFFIX.matcher(title).replaceFirst(""); // "Checklist: X | Microsoft Docs"
            }
            String license = text(root, "license");
            if (license == null) {
                license = text(root, "licence");
            }
            return new FrontMatter(title, product, body, text(root, "description"), license);
        } catch (Exception e) {
            // Front matter that is not valid YAML is metadata we do without, not a reason to refuse the page.
            return new FrontMatter(null, null, body);
        }
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || !node.isValueNode()) {
            return null;
        }
        String value = node.asText().strip();
        return value.isEmpty() ? null : value;
    }
}
