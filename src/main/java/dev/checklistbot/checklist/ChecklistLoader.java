package dev.checklistbot.checklist;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Loads checklist files ({@code *.yaml}, {@code *.yml}, {@code *.json}, one checklist per file) and
 * reports every problem in every file with its line, rather than stopping at the first.
 */
public final class ChecklistLoader {

    /** Limits that keep a hostile or mistaken file from exhausting memory or chat limits. */
    public static final long MAX_FILE_BYTES = 1_000_000;
    public static final int MAX_STEPS = 200;
    public static final int MAX_TITLE_CHARS = 150;
    public static final int MAX_TEXT_CHARS = 2_000;
    public static final int MAX_DETAILS_CHARS = 10_000;
    public static final int MAX_LINKS_PER_STEP = 20;
    public static final int MAX_URL_CHARS = 2_000;
    public static final int MAX_CONFIRMATIONS = 20;

    private static final Set<String> CHECKLIST_FIELDS =
            Set.of("id", "title", "description", "source", "mode", "summary_channel", "steps", "questions", "permissions",
                    "schedule");
    private static final Set<String> STEP_FIELDS = Set.of("text", "details", "links", "optional", "confirmations",
            "when", "evidence", "evidence_prompt", "expected", "assignee_only");
    private static final Set<String> QUESTION_FIELDS = Set.of("id", "text");
    public static final int MAX_QUESTIONS = 20;
    public static final int MAX_PERMISSION_USERS = 100;
    private static final Set<String> LINK_FIELDS = Set.of("title", "url");

    /** What loading a folder gave: the valid checklists and every error. Use the checklists only if there is no error. */
    public record Result(List<Checklist> checklists, List<ChecklistError> errors) {
        public boolean ok() {
            return errors.isEmpty();
        }

        public ChecklistCatalog catalog() {
            if (!ok()) {
                throw new IllegalStateException("checklists have errors");
            }
            return new ChecklistCatalog(checklists);
        }
    }

    private final JsonFactory yaml = YAMLFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(50).build()).build();
    private final JsonFactory json = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(50).build()).build();

    public static boolean isChecklistFile(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(path) && (name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json"));
    }

    /** Loads every checklist file of a folder (not its sub-folders), in file-name order. */
    public Result loadDirectory(Path dir) {
        List<ChecklistError> errors = new ArrayList<>();
        List<Checklist> checklists = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            errors.add(new ChecklistError(dir.toString(), 0, "no such folder of checklists"));
            return new Result(checklists, errors);
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(ChecklistLoader::isChecklistFile).sorted().toList();
        } catch (IOException e) {
            errors.add(new ChecklistError(dir.toString(), 0, "cannot list the folder: " + e.getMessage()));
            return new Result(checklists, errors);
        }
        if (files.isEmpty()) {
            errors.add(new ChecklistError(dir.toString(), 0, "no checklist files (*.yaml, *.yml, *.json)"));
        }
        Map<String, String> fileOfId = new HashMap<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            List<ChecklistError> fileErrors = new ArrayList<>();
            Parsed parsed = read(file, name, fileErrors);
            Checklist checklist = parsed == null ? null : parsed.checklist();
            if (checklist != null) {
                String other = fileOfId.putIfAbsent(checklist.id(), name);
                if (other != null) {
                    fileErrors.add(new ChecklistError(name, parsed.idLine(), "duplicate id '" + checklist.id()
                            + "': " + other + " has it already"));
                } else {
                    checklists.add(checklist);
                }
            }
            errors.addAll(fileErrors);
        }
        return new Result(checklists, errors);
    }

    /** A checklist and the line of its id, for errors found across files. */
    private record Parsed(Checklist checklist, int idLine) {
    }

    /** Loads one file; problems go to {@code errors} and the result is null if there is any. */
    public Checklist loadFile(Path file, String displayName, List<ChecklistError> errors) {
        Parsed parsed = read(file, displayName, errors);
        return parsed == null ? null : parsed.checklist();
    }

    private Parsed read(Path file, String displayName, List<ChecklistError> errors) {
        String text;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                errors.add(new ChecklistError(displayName, 0, "file is larger than " + MAX_FILE_BYTES + " bytes"));
                return null;
            }
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            errors.add(new ChecklistError(displayName, 0, "file is not UTF-8 text"));
            return null;
        } catch (IOException e) {
            errors.add(new ChecklistError(displayName, 0, "cannot read the file: " + e.getMessage()));
            return null;
        }
        boolean isJson = displayName.toLowerCase(Locale.ROOT).endsWith(".json");
        return parseWithLines(text, displayName, isJson, errors);
    }

    /** Parses the text of one checklist file; problems go to {@code errors} and the result is null if there is any. */
    public Checklist parse(String text, String displayName, boolean isJson, List<ChecklistError> errors) {
        Parsed parsed = parseWithLines(text, displayName, isJson, errors);
        return parsed == null ? null : parsed.checklist();
    }

    private Parsed parseWithLines(String text, String displayName, boolean isJson, List<ChecklistError> errors) {
        LocatedNode root;
        try (JsonParser parser = (isJson ? json : yaml).createParser(text)) {
            root = LocatedNode.read(parser);
            if (root != null && parser.nextToken() != null) {
                errors.add(new ChecklistError(displayName, parser.currentTokenLocation().getLineNr(),
                        "more than one document in the file: one checklist per file"));
                return null;
            }
        } catch (LocatedNode.DuplicateKeyException e) {
            errors.add(new ChecklistError(displayName, e.line, e.getMessage()));
            return null;
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            errors.add(new ChecklistError(displayName, where == null ? 0 : where.getLineNr(),
                    "not valid " + (isJson ? "JSON" : "YAML") + ": " + e.getOriginalMessage()));
            return null;
        } catch (IOException | RuntimeException e) {
            errors.add(new ChecklistError(displayName, 0, "not valid " + (isJson ? "JSON" : "YAML") + ": " + e.getMessage()));
            return null;
        }
        if (root == null || root.value() == null) {
            errors.add(new ChecklistError(displayName, 0, "file is empty"));
            return null;
        }
        Checklist checklist = new FileValidator(displayName, errors).checklist(root);
        if (checklist == null) {
            return null;
        }
        return new Parsed(checklist, root.asMap().get("id").line());
    }

    /** Checks one parsed file and turns it into a {@link Checklist}, collecting every problem. */
    static final class FileValidator {
        private final String file;
        private final List<ChecklistError> errors;
        private final int errorsBefore;

        FileValidator(String file, List<ChecklistError> errors) {
            this.file = file;
            this.errors = errors;
            this.errorsBefore = errors.size();
        }

        Checklist checklist(LocatedNode root) {
            if (!root.isMap()) {
                error(root.line(), "expected a mapping with id, title and steps, found " + root.kind());
                return null;
            }
            Map<String, LocatedNode> fields = root.asMap();
            unknownFields(fields, CHECKLIST_FIELDS, "checklist");
            String id = requiredText(fields, "id", root.line(), 64);
            if (id != null && !Checklist.ID_PATTERN.matcher(id).matches()) {
                error(fields.get("id").line(), "bad id '" + id + "': use lower-case letters, digits and '-', starting with a letter or digit");
            }
            String title = requiredText(fields, "title", root.line(), MAX_TITLE_CHARS);
            String description = optionalText(fields, "description", MAX_DETAILS_CHARS);
            String source = optionalText(fields, "source", MAX_URL_CHARS);
            if (source != null) {
                checkUrl(source, fields.get("source").line());
            }
            Mode mode = Mode.SEQUENTIAL;
            String modeText = optionalText(fields, "mode", 32);
            if (modeText != null) {
                mode = Mode.parse(modeText).orElse(null);
                if (mode == null) {
                    error(fields.get("mode").line(), "mode must be 'sequential' or 'parallel', not '" + modeText + "'");
                }
            }
            String summaryChannel = optionalText(fields, "summary_channel", 200);
            questions = questions(fields.get("questions"));
            List<Step> steps = steps(fields.get("steps"), root.line());
            Permissions permissions = new FileSections(this).permissions(fields.get("permissions"));
            Schedule schedule = new FileSections(this).schedule(fields.get("schedule"));
            if (errors.size() > errorsBefore) {
                return null;
            }
            return new Checklist(id, title, description, source, mode, summaryChannel, steps, questions, permissions,
                    schedule);
        }

        /** The questions read so far, so that each step's {@code when} can be checked against them. */
        private List<Question> questions = List.of();

        private List<Question> questions(LocatedNode node) {
            List<Question> result = new ArrayList<>();
            if (node == null || node.value() == null) {
                return result;
            }
            if (!node.isList()) {
                error(node.line(), "'questions' must be a list, found " + node.kind());
                return result;
            }
            if (node.asList().size() > MAX_QUESTIONS) {
                error(node.line(), "too many questions; at most " + MAX_QUESTIONS);
                return result;
            }
            Set<String> ids = new java.util.HashSet<>();
            int number = 0;
            for (LocatedNode item : node.asList()) {
                number++;
                String where = "question " + number;
                if (!item.isMap()) {
                    error(item.line(), where + ": expected a mapping with 'id' and 'text', found " + item.kind());
                    continue;
                }
                Map<String, LocatedNode> qFields = item.asMap();
                unknownFields(qFields, QUESTION_FIELDS, where);
                String qid = requiredText(qFields, "id", item.line(), 32, where);
                String text = requiredText(qFields, "text", item.line(), MAX_TEXT_CHARS, where);
                if (qid == null || text == null) {
                    continue;
                }
                if (!Question.ID_PATTERN.matcher(qid).matches()) {
                    error(qFields.get("id").line(), where + ": bad id '" + qid
                            + "': use lower-case letters, digits, '-' and '_', starting with a letter or digit");
                } else if (!ids.add(qid)) {
                    error(qFields.get("id").line(), where + ": duplicate question id '" + qid + "'");
                } else {
                    result.add(new Question(qid, text));
                }
            }
            return result;
        }

        private List<Step> steps(LocatedNode node, int parentLine) {
            List<Step> steps = new ArrayList<>();
            if (node == null) {
                error(parentLine, "missing field 'steps'");
                return steps;
            }
            if (!node.isList()) {
                error(node.line(), "'steps' must be a list, found " + node.kind());
                return steps;
            }
            if (node.asList().isEmpty()) {
                error(node.line(), "'steps' is empty: a checklist needs at least one step");
                return steps;
            }
            if (node.asList().size() > MAX_STEPS) {
                error(node.line(), "too many steps (" + node.asList().size() + "); at most " + MAX_STEPS);
                return steps;
            }
            int number = 0;
            for (LocatedNode item : node.asList()) {
                number++;
                Step step = step(item, number);
                if (step != null) {
                    steps.add(step);
                }
            }
            return steps;
        }

        private Step step(LocatedNode node, int number) {
            String where = "step " + number;
            if (!node.isMap()) {
                error(node.line(), where + ": expected a mapping with 'text', found " + node.kind());
                return null;
            }
            int before = errors.size();
            Map<String, LocatedNode> fields = node.asMap();
            unknownFields(fields, STEP_FIELDS, where);
            String text = requiredText(fields, "text", node.line(), MAX_TEXT_CHARS, where);
            String details = optionalText(fields, "details", MAX_DETAILS_CHARS);
            boolean optional = false;
            LocatedNode optionalNode = fields.get("optional");
            if (optionalNode != null) {
                if (optionalNode.value() instanceof Boolean b) {
                    optional = b;
                } else {
                    error(optionalNode.line(), where + ": 'optional' must be true or false, found " + optionalNode.kind());
                }
            }
            int confirmations = 1;
            LocatedNode confirmationsNode = fields.get("confirmations");
            if (confirmationsNode != null) {
                if (confirmationsNode.value() instanceof BigInteger n
                        && n.compareTo(BigInteger.ONE) >= 0 && n.compareTo(BigInteger.valueOf(MAX_CONFIRMATIONS)) <= 0) {
                    confirmations = n.intValue();
                } else {
                    error(confirmationsNode.line(), where + ": 'confirmations' must be a whole number from 1 to "
                            + MAX_CONFIRMATIONS + ", found " + describe(confirmationsNode));
                }
            }
            List<Link> links = links(fields.get("links"), where);
            Condition when = when(fields.get("when"), where);
            EvidenceRule evidence = EvidenceRule.NONE;
            String evidenceText = optionalText(fields, "evidence", 32);
            if (evidenceText != null) {
                evidence = EvidenceRule.parse(evidenceText).orElse(null);
                if (evidence == null) {
                    error(fields.get("evidence").line(), where + ": 'evidence' must be none, optional or required, not '"
                            + evidenceText + "'");
                }
            }
            String evidencePrompt = optionalText(fields, "evidence_prompt", MAX_TITLE_CHARS * 2);
            if (evidencePrompt != null && evidence == EvidenceRule.NONE) {
                error(fields.get("evidence_prompt").line(), where
                        + ": 'evidence_prompt' needs 'evidence: optional' or 'evidence: required'");
            }
            java.time.Duration expected = null;
            String expectedText = optionalText(fields, "expected", 32);
            if (expectedText != null) {
                expected = Durations.parse(expectedText).orElse(null);
                if (expected == null) {
                    error(fields.get("expected").line(), where + ": 'expected' must be a duration such as 90s, 15m or 1h30m"
                            + " (more than zero, at most 30d), not '" + expectedText + "'");
                }
            }
            boolean assigneeOnly = flag(fields, "assignee_only", where);
            if (errors.size() > before) {
                return null;
            }
            return new Step(text, details, links, optional, confirmations, when, evidence, evidencePrompt, expected,
                    assigneeOnly);
        }

        private Condition when(LocatedNode node, String where) {
            if (node == null || node.value() == null) {
                return null;
            }
            String text = text(node, "when", 40, where);
            if (text == null) {
                return null;
            }
            Condition condition = Condition.parse(text).orElse(null);
            if (condition == null) {
                error(node.line(), where + ": 'when' must be a question id, or '!' and a question id, not '" + text + "'");
                return null;
            }
            if (questions.stream().noneMatch(q -> q.id().equals(condition.question()))) {
                error(node.line(), where + ": 'when' names question '" + condition.question()
                        + "', which is not in the checklist's 'questions'"
                        + (questions.isEmpty() ? "" : " (" + questions.stream().map(Question::id).toList() + ")"));
                return null;
            }
            return condition;
        }

        boolean flag(Map<String, LocatedNode> fields, String name, String where) {
            LocatedNode node = fields.get(name);
            if (node == null || node.value() == null) {
                return false;
            }
            if (node.value() instanceof Boolean b) {
                return b;
            }
            error(node.line(), where + ": '" + name + "' must be true or false, found " + node.kind());
            return false;
        }

        private List<Link> links(LocatedNode node, String where) {
            List<Link> links = new ArrayList<>();
            if (node == null || node.value() == null) {
                return links;
            }
            if (!node.isList()) {
                error(node.line(), where + ": 'links' must be a list, found " + node.kind());
                return links;
            }
            if (node.asList().size() > MAX_LINKS_PER_STEP) {
                error(node.line(), where + ": too many links; at most " + MAX_LINKS_PER_STEP);
                return links;
            }
            int number = 0;
            for (LocatedNode item : node.asList()) {
                number++;
                String whereLink = where + ", link " + number;
                if (!item.isMap()) {
                    error(item.line(), whereLink + ": expected a mapping with 'title' and 'url', found " + item.kind());
                    continue;
                }
                Map<String, LocatedNode> fields = item.asMap();
                unknownFields(fields, LINK_FIELDS, whereLink);
                String title = requiredText(fields, "title", item.line(), MAX_TITLE_CHARS * 2, whereLink);
                String url = requiredText(fields, "url", item.line(), MAX_URL_CHARS, whereLink);
                if (url != null && checkUrl(url, fields.get("url").line()) && title != null) {
                    links.add(new Link(title, url));
                }
            }
            return links;
        }

        private boolean checkUrl(String url, int line) {
            try {
                URI uri = new URI(url);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                    return true;
                }
                error(line, "malformed URL '" + url + "': use an absolute http:// or https:// URL");
            } catch (URISyntaxException e) {
                error(line, "malformed URL '" + url + "': " + e.getReason());
            }
            return false;
        }

        void unknownFields(Map<String, LocatedNode> fields, Set<String> known, String where) {
            for (Map.Entry<String, LocatedNode> field : fields.entrySet()) {
                if (!known.contains(field.getKey())) {
                    error(field.getValue().line(), where + ": unknown field '" + field.getKey() + "' (expected one of "
                            + known.stream().sorted().toList() + ")");
                }
            }
        }

        private String requiredText(Map<String, LocatedNode> fields, String name, int parentLine, int max) {
            return requiredText(fields, name, parentLine, max, "checklist");
        }

        String requiredText(Map<String, LocatedNode> fields, String name, int parentLine, int max, String where) {
            LocatedNode node = fields.get(name);
            if (node == null || node.value() == null) {
                error(node == null ? parentLine : node.line(), where + ": missing field '" + name + "'");
                return null;
            }
            String text = text(node, name, max, where);
            if (text != null && text.isBlank()) {
                error(node.line(), where + ": '" + name + "' is empty");
                return null;
            }
            return text;
        }

        private String optionalText(Map<String, LocatedNode> fields, String name, int max) {
            LocatedNode node = fields.get(name);
            if (node == null || node.value() == null) {
                return null;
            }
            String text = text(node, name, max, "checklist");
            return text == null || text.isBlank() ? null : text;
        }

        String text(LocatedNode node, String name, int max, String where) {
            if (!(node.value() instanceof String text)) {
                error(node.line(), where + ": '" + name + "' must be text, found " + node.kind());
                return null;
            }
            if (text.length() > max) {
                error(node.line(), where + ": '" + name + "' is too long (" + text.length() + " characters; at most " + max + ")");
                return null;
            }
            if (text.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\t' && c != '\r')) {
                error(node.line(), where + ": '" + name + "' contains control characters");
                return null;
            }
            return text.strip();
        }

        private static String describe(LocatedNode node) {
            return node.value() instanceof String || node.value() instanceof Number
                    ? "'" + node.value() + "'" : node.kind();
        }

        void error(int line, String message) {
            errors.add(new ChecklistError(file, line, message));
        }
    }
}
