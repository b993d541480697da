package dev.checklistbot.render;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checklistbot.checklist.Link;
import dev.checklistbot.run.Actor;
import dev.checklistbot.run.Evidence;
import dev.checklistbot.run.Note;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes a {@link Summary} as Markdown (for people and for pasting into a post-mortem) or JSON (for tools).
 * People are written by display name; text people typed is kept as typed, with Markdown's special
 * characters escaped so that a note cannot reshape the document.
 */
public final class SummaryRenderer {
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public String markdown(Summary summary) {
        return markdown(summary, null);
    }

    /** The summary with a line for the audit chain's head (an export), when {@code audit} is not null. */
    public String markdown(Summary summary, AuditHead audit) {
        return markdown(summary, audit, People.NONE);
    }

    /** As {@link #markdown(Summary, AuditHead)}, people shown as "Display Name (id)" where {@code people} knows them. */
    public String markdown(Summary summary, AuditHead audit, People people) {
        StringBuilder out = new StringBuilder();
        out.append("# ").append(md(summary.title())).append("\n\n");
        out.append("- Checklist: ").append(md(summary.checklistTitle())).append(" (`").append(summary.checklistId())
                .append("`)\n");
        out.append("- Run: ").append(summary.runId()).append(" in ").append(md(summary.channel())).append('\n');
        out.append("- Outcome: **").append(summary.outcome()).append("**");
        if (summary.endReason() != null) {
            out.append(": ").append(md(summary.endReason()));
        }
        out.append('\n');
        out.append("- Started by: ").append(md(people.label(summary.startedBy()))).append('\n');
        out.append("- Started: ").append(Formats.time(summary.startedAt())).append('\n');
        out.append("- Ended: ").append(summary.endedAt() == null ? "not yet" : Formats.time(summary.endedAt()))
                .append('\n');
        out.append("- Duration: ").append(Formats.duration(summary.duration())).append('\n');
        out.append("- Steps: ").append(summary.done()).append(" done, ").append(summary.skipped()).append(" skipped, ")
                .append(summary.total() - summary.done() - summary.skipped() - summary.notApplicable())
                .append(" open, of ").append(summary.total())
                .append(summary.notApplicable() > 0 ? ", " + summary.notApplicable() + " not applicable" : "")
                .append('\n');
        for (Summary.AnswerLine answer : summary.answers()) {
            out.append("- Question: ").append(md(answer.text())).append(" (`").append(answer.question()).append("`): ")
                    .append(answer.answer() == null ? "not answered" : "**" + answer.answer() + "** (by "
                            + md(people.label(answer.by())) + " at " + Formats.time(answer.at()) + ")")
                    .append('\n');
        }
        if (summary.reportUrl() != null) {
            out.append("- Report: <").append(summary.reportUrl()).append(">\n");
        }
        if (summary.source() != null) {
            out.append("- Source: <").append(summary.source()).append(">\n");
        }
        if (audit != null) {
            out.append("- Audit: ").append(audit.events()).append(audit.events() == 1 ? " event" : " events");
            if (audit.chainFrom() > 1) {
                out.append(", chained from event ").append(audit.chainFrom());
            }
            out.append(audit.head() == null ? ", none chained" : ", chain head `" + audit.head() + "`").append('\n');
        }
        out.append("\n| # | Step | State | By | Finished | Took |\n|---|---|---|---|---|---|\n");
        for (Summary.StepLine step : summary.steps()) {
            out.append("| ").append(step.number()).append(" | ").append(md(step.text()))
                    .append(step.optional() ? " *(optional)*" : "").append(" | ").append(state(step))
                    .append(" | ").append(md(people(step, people))).append(" | ")
                    .append(step.finishedAt() == null ? "" : Formats.time(step.finishedAt())).append(" | ")
                    .append(step.duration() == null ? "" : step.took()).append(" |\n");
        }
        for (Summary.StepLine step : summary.steps()) {
            if (step.skipReason() == null && step.notes().isEmpty() && step.links().isEmpty()
                    && step.evidence().isEmpty()) {
                continue;
            }
            out.append("\n## Step ").append(step.number()).append(": ").append(md(step.text())).append("\n\n");
            if (step.skipReason() != null) {
                out.append("- Skipped: ").append(md(step.skipReason())).append('\n');
            }
            for (Evidence evidence : step.evidence()) {
                out.append("- Evidence by ").append(md(people.label(evidence.actor()))).append(" at ")
                        .append(Formats.time(evidence.at())).append(": ").append(md(evidence.text())).append('\n');
            }
            for (Note note : step.notes()) {
                out.append("- Note by ").append(md(people.label(note.actor()))).append(" at ").append(Formats.time(note.at()))
                        .append(": ").append(md(note.text())).append('\n');
            }
            for (Link link : step.links()) {
                out.append("- Reference: [").append(md(link.title())).append("](").append(link.url()).append(")\n");
            }
        }
        return out.toString();
    }

    public String json(Summary summary) {
        return json(summary, null);
    }

    /** The summary with an {@code audit} object (events, chain_from, head) when {@code audit} is not null. */
    public String json(Summary summary, AuditHead audit) {
        return json(summary, audit, People.NONE);
    }

    /** As {@link #json(Summary, AuditHead)}, each person's {@code name} the display name where {@code people} knows it. */
    public String json(Summary summary, AuditHead audit, People people) {
        ObjectNode root = json.createObjectNode();
        root.put("run_id", summary.runId());
        root.put("title", summary.title());
        root.put("checklist_id", summary.checklistId());
        root.put("checklist_title", summary.checklistTitle());
        root.put("source", summary.source());
        root.put("channel", summary.channel());
        root.set("started_by", actor(summary.startedBy(), people));
        root.put("started_at", str(summary.startedAt()));
        root.put("ended_at", str(summary.endedAt()));
        root.put("duration_seconds", summary.duration().getSeconds());
        root.put("outcome", summary.outcome());
        root.put("end_reason", summary.endReason());
        root.put("done", summary.done());
        root.put("skipped", summary.skipped());
        root.put("total", summary.total());
        root.put("not_applicable", summary.notApplicable());
        ArrayNode answers = root.putArray("answers");
        for (Summary.AnswerLine answer : summary.answers()) {
            ObjectNode a = answers.addObject();
            a.put("question", answer.question());
            a.put("text", answer.text());
            a.put("answer", answer.answer());
            a.set("by", answer.by() == null ? null : actor(answer.by(), people));
            a.put("at", str(answer.at()));
        }
        ArrayNode steps = root.putArray("steps");
        for (Summary.StepLine step : summary.steps()) {
            ObjectNode node = steps.addObject();
            node.put("number", step.number());
            node.put("text", step.text());
            node.put("optional", step.optional());
            node.put("state", step.status());
            node.set("finished_by", step.finishedBy() == null ? null : actor(step.finishedBy(), people));
            ArrayNode confirmers = node.putArray("confirmed_by");
            step.confirmedBy().forEach(a -> confirmers.add(actor(a, people)));
            node.put("finished_at", str(step.finishedAt()));
            if (step.duration() == null) {
                node.putNull("duration_seconds");
            } else {
                node.put("duration_seconds", step.duration().getSeconds());
            }
            if (step.expected() != null) {
                node.put("expected_seconds", step.expected().getSeconds());
            }
            if (step.nudgedAt() != null) {
                node.put("nudged_at", str(step.nudgedAt()));
            }
            node.put("skip_reason", step.skipReason());
            node.put("not_applicable", step.notApplicable());
            ArrayNode evidence = node.putArray("evidence");
            for (Evidence e : step.evidence()) {
                ObjectNode n = evidence.addObject();
                n.set("by", actor(e.actor(), people));
                n.put("at", str(e.at()));
                n.put("text", e.text());
            }
            ArrayNode notes = node.putArray("notes");
            for (Note note : step.notes()) {
                ObjectNode n = notes.addObject();
                n.set("by", actor(note.actor(), people));
                n.put("at", str(note.at()));
                n.put("text", note.text());
            }
            ArrayNode links = node.putArray("links");
            for (Link link : step.links()) {
                links.addObject().put("title", link.title()).put("url", link.url());
            }
        }
        if (audit != null) {
            root.putObject("audit").put("events", audit.events()).put("chain_from", audit.chainFrom())
                    .put("head", audit.head());
        }
        try {
            return json.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private ObjectNode actor(Actor actor, People people) {
        return json.createObjectNode().put("id", actor.id()).put("name", people.name(actor));
    }

    private static String str(Object value) {
        return value == null ? null : value.toString();
    }

    /** The state column: "not applicable (BAM: no)" says why a step did not apply. */
    private static String state(Summary.StepLine step) {
        return step.notApplicable() != null ? "not applicable (" + md(step.notApplicable()) + ")" : step.status();
    }

    private static String people(Summary.StepLine step, People people) {
        if (step.finishedBy() == null) {
            return "";
        }
        List<Actor> confirmers = step.confirmedBy();
        return people.label(step.finishedBy()) + (confirmers.isEmpty() ? ""
                : " (confirmed by " + confirmers.stream().map(people::label).collect(Collectors.joining(", ")) + ")");
    }

    /** Escapes what would make typed text into Markdown or HTML structure. */
    static String md(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if ("\\`*_[]<>#|".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c == '\n' || c == '\r' ? ' ' : c);
        }
        return out.toString();
    }
}
