package dev.checklistbot.checklist.markdown;

import dev.checklistbot.checklist.Link;
import dev.checklistbot.checklist.markdown.StepReader.Draft;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableBody;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableHead;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.node.Node;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Steps from a step/reference table: one row per step. The step column is the one headed "Step(s)", "Task"...
 * (else the first that is not a number column); the step cell's first paragraph is the text, its further
 * paragraphs and the other cells' prose are details, every link in the row is a reference. In a table of more
 * than two columns each value is labelled with its column ("Startup type: Automatic"); a row with an empty
 * step cell continues the row above; a row that is only a bold label heads the rows below it.
 */
final class TableSteps {

    private static final Pattern STEP_HEADER = Pattern.compile(
            "(?i)^(?:steps?|tasks?|actions?|to do|what to do|checks?|check items?|items?|activit(?:y|ies)|procedures?|instructions?)$");
    private static final Pattern NUMBER = Pattern.compile("^(?:#|no\\.?|number|\\d+[.)]?)?$", Pattern.CASE_INSENSITIVE);

    private final StepReader reader;

    TableSteps(StepReader reader) {
        this.reader = reader;
    }

    private static final Pattern GUIDE_HEADER = Pattern.compile(
            "(?i)^(?:references?|more\\s+information|see\\s+also|links?|how\\s+to|guidance|description|details|notes?|comments?)$");

    /** True if a header cell names steps or references ("Step", "Task", "Reference"): a step table, not a data table. */
    static boolean isStepTable(TableBlock table) {
        for (Node part = table.getFirstChild(); part != null; part = part.getNext()) {
            if (part instanceof TableHead) {
                for (Node row = part.getFirstChild(); row != null; row = row.getNext()) {
                    for (Node cell = row.getFirstChild(); cell != null; cell = cell.getNext()) {
                        String header = StepReader.plainOf(cell);
                        if (STEP_HEADER.matcher(header).matches() || GUIDE_HEADER.matcher(header).matches()) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    /** A data table as text, one "- first: second, third" line per row, every column kept. */
    static String dataRows(TableBlock table) {
        List<String> lines = new ArrayList<>();
        for (Node part = table.getFirstChild(); part != null; part = part.getNext()) {
            if (!(part instanceof TableBody)) {
                continue;
            }
            for (Node row = part.getFirstChild(); row != null; row = row.getNext()) {
                List<String> cells = new ArrayList<>();
                for (Node cell = row.getFirstChild(); cell != null; cell = cell.getNext()) {
                    cells.add(StepReader.plainOf(cell));
                }
                if (!cells.isEmpty() && cells.stream().anyMatch(c -> !c.isEmpty())) {
                    String rest = String.join(", ", cells.subList(1, cells.size()));
                    lines.add("- " + cells.get(0) + (rest.isBlank() ? "" : ": " + rest));
                }
            }
        }
        return String.join("\n", lines);
    }

    List<Draft> read(TableBlock table) {
        List<List<TableCell>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>();
        for (Node part = table.getFirstChild(); part != null; part = part.getNext()) {
            for (Node row = part.getFirstChild(); row != null; row = row.getNext()) {
                if (!(row instanceof TableRow)) {
                    continue;
                }
                List<TableCell> cells = new ArrayList<>();
                for (Node cell = row.getFirstChild(); cell != null; cell = cell.getNext()) {
                    if (cell instanceof TableCell c) {
                        cells.add(c);
                    }
                }
                if (part instanceof TableHead && header.isEmpty()) {
                    cells.forEach(c -> header.add(StepReader.plainOf(c)));
                } else if (part instanceof TableBody) {
                    rows.add(cells);
                }
            }
        }
        int stepColumn = stepColumn(header, rows);
        boolean labelled = header.size() > 2;
        List<Draft> drafts = new ArrayList<>();
        for (List<TableCell> row : rows) {
            if (stepColumn >= row.size()) {
                continue;
            }
            if (isGroupRow(row, stepColumn)) {
                drafts.add(Draft.heading(StepReader.plainOf(row.get(stepColumn))));
                continue;
            }
            Draft draft = row(row, stepColumn, labelled ? header : null);
            if (draft == null) {
                continue;
            }
            if (draft.text().isEmpty()) {
                // an empty step cell continues the row above (tables that list several values for one setting)
                if (!drafts.isEmpty() && !drafts.get(drafts.size() - 1).groupHeading()) {
                    drafts.set(drafts.size() - 1, drafts.get(drafts.size() - 1).merge(draft));
                }
                continue;
            }
            drafts.add(draft);
        }
        return drafts;
    }

    /** A row whose step cell is nothing but bold text and whose other cells are empty: a label for the rows below. */
    private static boolean isGroupRow(List<TableCell> row, int stepColumn) {
        Node only = null;
        for (Node child = row.get(stepColumn).getFirstChild(); child != null; child = child.getNext()) {
            if (child instanceof Text t && t.getLiteral().isBlank()) {
                continue;
            }
            if (only != null) {
                return false;
            }
            only = child;
        }
        if (!(only instanceof StrongEmphasis) || StepReader.plainOf(only).isEmpty()) {
            return false;
        }
        for (int c = 0; c < row.size(); c++) {
            if (c != stepColumn && !StepReader.plainOf(row.get(c)).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** The column that holds the steps: the one headed "Step(s)"/"Task"..., else the first that is not a number column. */
    private static int stepColumn(List<String> header, List<List<TableCell>> rows) {
        int columns = header.size();
        for (int i = 0; i < columns; i++) {
            if (STEP_HEADER.matcher(header.get(i)).matches() && !numbersOnly(rows, i)) {
                return i;
            }
        }
        for (int i = 0; i < columns; i++) {
            if (!numbersOnly(rows, i)) {
                return i;
            }
        }
        return 0;
    }

    private static boolean numbersOnly(List<List<TableCell>> rows, int column) {
        for (List<TableCell> row : rows) {
            if (column < row.size() && !NUMBER.matcher(StepReader.plainOf(row.get(column))).matches()) {
                return false;
            }
        }
        return true;
    }

    /** One table row; the step text is empty for a row whose step cell is empty; null for a row with nothing at all. */
    private Draft row(List<TableCell> cells, int stepColumn, List<String> labels) {
        Map<String, Link> links = new LinkedHashMap<>();
        InlineText step = new InlineText();
        String rendered = step.render(cells.get(stepColumn));
        List<String> paragraphs = new ArrayList<>();
        for (String p : Prose.paragraphs(rendered)) {
            String kept = Prose.dropTrailingPointers(p);
            if (!kept.isEmpty()) {
                paragraphs.add(kept);
            }
        }
        String text = StepReader.oneLine(paragraphs.isEmpty() ? step.plain(rendered) : step.plain(paragraphs.get(0)));
        reader.addLinks(step, links);
        List<String> own = new ArrayList<>();
        String[] note = Prose.splitNote(text);
        text = StepReader.TASK_BOX.matcher(note[0]).replaceFirst("");
        if (note.length > 1) {
            own.add(note[1]);
        }
        for (int i = 1; i < paragraphs.size(); i++) {
            own.add(step.plain(paragraphs.get(i)));
        }
        List<String> details = new ArrayList<>(own);
        List<String> labelledLines = new ArrayList<>();
        for (int c = 0; c < cells.size(); c++) {
            if (c == stepColumn || (labels == null && NUMBER.matcher(StepReader.plainOf(cells.get(c))).matches())) {
                continue;
            }
            InlineText reference = new InlineText();
            String cell = reference.render(cells.get(c));
            boolean first = true;
            for (String p : Prose.paragraphs(cell)) {
                String kept = StepReader.prose(p);
                if (!kept.isEmpty()) {
                    if (labels == null) {
                        details.add(reference.plain(kept));
                    } else {
                        String label = first && c < labels.size() && !labels.get(c).isEmpty() ? labels.get(c) + ": " : "";
                        labelledLines.add(label + reference.plain(kept));
                    }
                    first = false;
                }
            }
            reader.addLinks(reference, links);
        }
        if (!labelledLines.isEmpty()) {
            details.add(String.join("\n", labelledLines)); // one "Column: value" line per cell of a settings table
        }
        if (text.isEmpty() && details.isEmpty() && links.isEmpty()) {
            return null;
        }
        return new Draft(text, StepReader.joinDetails(details), List.copyOf(links.values()),
                !text.isEmpty() && Prose.conditional(text, String.join("\n", own)));
    }
}
