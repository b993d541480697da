package dev.checklistbot.checklist;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * Writes a {@link Checklist} as a checklist file in the style of the files in {@code checklists/}:
 * fields in a fixed order, defaults left out, strings quoted only where YAML needs it, multi-line text
 * as literal blocks. The same checklist always gives the same bytes.
 */
public final class ChecklistYamlWriter {

    /**
     * Where an imported checklist comes from, for the comment at the top of the file. {@code licenseName} null: the
     * license is not known, and the comment names only the document and where it is published ({@code sourceUrl},
     * may be null); {@code licenseUrl} may be null too.
     */
    public record Attribution(String documentTitle, String licenseName, String licenseUrl, String sourceUrl) {
        public Attribution(String documentTitle, String licenseName, String licenseUrl) {
            this(documentTitle, licenseName, licenseUrl, null);
        }

        public static Attribution ccBy4(String documentTitle) {
            return new Attribution(documentTitle, "Creative Commons Attribution 4.0 International (CC BY 4.0)",
                    "https://creativecommons.org/licenses/by/4.0/");
        }
    }

    private final YAMLFactory factory = YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .disable(YAMLGenerator.Feature.USE_PLATFORM_LINE_BREAKS)
            .stringQuotingChecker(new BlockContextQuoting())
            .build();

    /**
     * Jackson's default quotes any value holding a comma, which only matters inside flow collections ([a, b]);
     * this file has none, so a comma is fine in a plain value. Everything that changes meaning in block context
     * is still quoted: keywords (true, null, ...), numbers, leading indicators, ": " and " #". SnakeYAML checks
     * the result again and quotes what it cannot write plain.
     */
    private static final class BlockContextQuoting extends StringQuotingChecker {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean needToQuoteName(String name) {
            return StringQuotingChecker.Default.instance().needToQuoteName(name);
        }

        @Override
        public boolean needToQuoteValue(String value) {
            if (value.isEmpty() || isReservedKeyword(value) || looksLikeYAMLNumber(value)) {
                return true;
            }
            char first = value.charAt(0);
            char last = value.charAt(value.length() - 1);
            return "-?:,[]{}#&*!|>'\"%@`".indexOf(first) >= 0 || Character.isWhitespace(first) || Character.isWhitespace(last)
                    || last == ':' || value.contains(": ") || value.contains(" #") || value.contains("\t");
        }
    }

    /** The file's text, without an attribution comment. */
    public String write(Checklist checklist) {
        return write(checklist, null);
    }

    /** The file's text; with an attribution, a comment header names the source document and its licence. */
    public String write(Checklist checklist, Attribution attribution) {
        StringBuilder out = new StringBuilder();
        if (attribution != null) {
            out.append(header(attribution));
        }
        StringWriter body = new StringWriter();
        try (JsonGenerator gen = factory.createGenerator(body)) {
            gen.writeStartObject();
            gen.writeStringField("id", checklist.id());
            gen.writeStringField("title", checklist.title());
            writeOptional(gen, "description", checklist.description());
            writeOptional(gen, "source", checklist.source());
            if (checklist.mode() != Mode.SEQUENTIAL) {
                gen.writeStringField("mode", checklist.mode().fileName());
            }
            writeOptional(gen, "summary_channel", checklist.summaryChannel());
            writeQuestions(gen, checklist);
            writePermissions(gen, checklist.permissions());
            writeSchedule(gen, checklist.schedule());
            gen.writeArrayFieldStart("steps");
            for (Step step : checklist.steps()) {
                gen.writeStartObject();
                gen.writeStringField("text", step.text());
                writeOptional(gen, "details", step.details());
                if (!step.links().isEmpty()) {
                    gen.writeArrayFieldStart("links");
                    for (Link link : step.links()) {
                        gen.writeStartObject();
                        gen.writeStringField("title", link.title());
                        gen.writeStringField("url", link.url());
                        gen.writeEndObject();
                    }
                    gen.writeEndArray();
                }
                if (step.optional()) {
                    gen.writeBooleanField("optional", true);
                }
                if (step.confirmations() > 1) {
                    gen.writeNumberField("confirmations", step.confirmations());
                }
                if (step.when() != null) {
                    gen.writeStringField("when", step.when().fileForm());
                }
                if (step.evidence() != EvidenceRule.NONE) {
                    gen.writeStringField("evidence", step.evidence().fileName());
                }
                writeOptional(gen, "evidence_prompt", step.evidencePrompt());
                if (step.expected() != null) {
                    gen.writeStringField("expected", Durations.format(step.expected()));
                }
                if (step.assigneeOnly()) {
                    gen.writeBooleanField("assignee_only", true);
                }
                gen.writeEndObject();
            }
            gen.writeEndArray();
            gen.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        out.append(body);
        if (out.charAt(out.length() - 1) != '\n') {
            out.append('\n');
        }
        return out.toString();
    }

    private static void writeQuestions(JsonGenerator gen, Checklist checklist) throws IOException {
        if (checklist.questions().isEmpty()) {
            return;
        }
        gen.writeArrayFieldStart("questions");
        for (Question question : checklist.questions()) {
            gen.writeStartObject();
            gen.writeStringField("id", question.id());
            gen.writeStringField("text", question.text());
            gen.writeEndObject();
        }
        gen.writeEndArray();
    }

    private static void writePermissions(JsonGenerator gen, Permissions permissions) throws IOException {
        if (permissions.isDefault()) {
            return;
        }
        gen.writeObjectFieldStart("permissions");
        writePermission(gen, "abort", permissions.abort());
        writePermission(gen, "undo_others", permissions.undoOthers());
        gen.writeEndObject();
    }

    private static void writePermission(JsonGenerator gen, String name, Permission permission) throws IOException {
        if (permission.kind() == Permission.Kind.USERS) {
            gen.writeArrayFieldStart(name);
            for (String user : permission.users()) {
                gen.writeString(user);
            }
            gen.writeEndArray();
        } else if (permission.kind() == Permission.Kind.OWNER) {
            gen.writeStringField(name, "owner");
        }
    }

    private static void writeSchedule(JsonGenerator gen, Schedule schedule) throws IOException {
        if (schedule == null) {
            return;
        }
        gen.writeObjectFieldStart("schedule");
        gen.writeStringField("cron", schedule.cron());
        gen.writeStringField("timezone", schedule.zone().getId());
        gen.writeStringField("channel", schedule.channel());
        gen.writeEndObject();
    }

    private static void writeOptional(JsonGenerator gen, String name, String value) throws IOException {
        if (value != null && !value.isBlank()) {
            gen.writeStringField(name, value);
        }
    }

    private static String header(Attribution attribution) {
        String title = oneLine(attribution.documentTitle());
        if (attribution.licenseName() == null) {
            return "# Made from \"" + title + "\"" + (attribution.sourceUrl() == null ? "" : ":\n# " + oneLine(attribution.sourceUrl()))
                    + "\n";
        }
        if (attribution.licenseUrl() == null) {
            return "# Made from \"" + title + "\",\n# licensed under " + oneLine(attribution.licenseName()) + "\n";
        }
        return "# Made from \"" + title + "\",\n"
                + "# licensed under " + oneLine(attribution.licenseName()) + ":\n"
                + "# " + oneLine(attribution.licenseUrl()) + "\n";
    }

    /** A comment is one line: line breaks and other control characters in a title or license become spaces. */
    private static String oneLine(String text) {
        return text.replaceAll("[\\p{Cntrl}\\u2028\\u2029\\u0085]+", " ").replaceAll("\\s+", " ").strip();
    }
}
