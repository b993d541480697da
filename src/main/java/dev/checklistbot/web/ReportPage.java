package dev.checklistbot.web;

import dev.checklistbot.checklist.Link;
import dev.checklistbot.render.Formats;
import dev.checklistbot.render.People;
import dev.checklistbot.render.Summary;
import dev.checklistbot.render.SummaryRenderer;
import dev.checklistbot.run.AuditVerification;
import dev.checklistbot.run.Confirmation;
import dev.checklistbot.run.Note;
import dev.checklistbot.run.Run;
import dev.checklistbot.run.RunEvent;
import dev.checklistbot.run.StepState;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * One run's report as an HTML page: the header (checklist, channel, who started it, outcome, total time), the
 * downloads, the answers, the timeline, each step's record (who finished and confirmed it, notes, skip reason,
 * evidence, reference links) and the audit trail with its verification. No script; every user-written text escaped.
 */
public final class ReportPage {

    /** Where the page's two downloads point: links beside the page when served, data: URIs in a saved file. */
    public record Downloads(String markdownHref, String jsonHref, String markdownName, String jsonName) {
    }

    private ReportPage() {
    }

    /**
     * The page as one file that needs nothing else ({@code checklist-bot report RUN_ID --out FILE.html}): the same page,
     * its Markdown and JSON downloads carried inside as data: URIs.
     */
    public static String standalone(Run run, List<RunEvent> events, AuditVerification verification, Instant now) {
        return standalone(run, events, verification, now, People.NONE);
    }

    /** As {@link #standalone(Run, List, AuditVerification, Instant)}, people shown by the names {@code people} knows. */
    public static String standalone(Run run, List<RunEvent> events, AuditVerification verification, Instant now,
                                    People people) {
        Summary summary = Summary.of(run, now);
        SummaryRenderer renderer = new SummaryRenderer();
        return render(run, events, verification, now, new Downloads(
                dataUri("text/markdown", renderer.markdown(summary, null, people)),
                dataUri("application/json", renderer.json(summary, null, people)),
                "run-" + run.id() + ".md", "run-" + run.id() + ".json"), people);
    }

    /** Every user id the page names (its summary's and its audit trail's): what to look up before rendering it. */
    public static java.util.Set<String> idsIn(Run run, List<RunEvent> events, Instant now) {
        java.util.Set<String> ids = new java.util.LinkedHashSet<>(People.idsIn(Summary.of(run, now)));
        for (RunEvent event : events) {
            ids.add(event.actor().id());
            if (event.other() != null) {
                ids.add(event.other().id());
            }
        }
        return ids;
    }

    private static String dataUri(String type, String content) {
        return "data:" + type + ";charset=utf-8;base64,"
                + Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8));
    }

    public static String render(Run run, List<RunEvent> events, AuditVerification verification, Instant now,
                                Downloads downloads) {
        return render(run, events, verification, now, downloads, People.NONE);
    }

    /** The page, people shown as "Display Name (id)" where {@code people} knows them. */
    public static String render(Run run, List<RunEvent> events, AuditVerification verification, Instant now,
                                Downloads downloads, People people) {
        StringBuilder body = new StringBuilder();
        header(body, run, now, people);
        body.append("<p class=\"downloads\" id=\"downloads\">Download: <a id=\"download-md\" href=\"")
                .append(Html.attr(downloads.markdownHref())).append("\" download=\"")
                .append(Html.attr(downloads.markdownName())).append("\">Markdown</a><a id=\"download-json\" href=\"")
                .append(Html.attr(downloads.jsonHref())).append("\" download=\"").append(Html.attr(downloads.jsonName()))
                .append("\">JSON</a></p>\n");
        answers(body, run);
        body.append("<section id=\"timeline-section\">\n<h2>Timeline</h2>\n").append(TimelineChart.render(run, now))
                .append("</section>\n");
        body.append("<section id=\"steps\">\n<h2>Steps</h2>\n");
        for (StepState step : run.steps()) {
            step(body, step, people);
        }
        body.append("</section>\n");
        body.append(AuditSection.render(events, verification, people));
        return PageLayout.page("Run " + run.id() + ": " + run.title(), body.toString());
    }

    private static void header(StringBuilder out, Run run, Instant now, People people) {
        Instant end = run.endedAt() != null ? run.endedAt() : now;
        out.append("<header>\n<h1>").append(Html.text(run.title())).append("</h1>\n<div class=\"card\"><dl class=\"facts\">\n");
        fact(out, "Outcome", "<span class=\"outcome " + run.status().label() + "\" id=\"outcome\">" + run.status().label()
                + "</span>" + (run.endReason() == null ? "" : ": " + Html.text(run.endReason())));
        fact(out, "Checklist", Html.text(run.checklist().title()) + " (<code>" + Html.text(run.checklist().id())
                + "</code>)" + (run.checklist().source() == null ? ""
                : " · " + Html.link(run.checklist().source(), "source")));
        fact(out, "Channel", Html.text(run.channel()));
        fact(out, "Started by", Html.text(people.label(run.startedBy())));
        fact(out, "Started", Html.text(Formats.time(run.startedAt())));
        fact(out, "Ended", run.endedAt() == null ? "not yet" : Html.text(Formats.time(run.endedAt())));
        fact(out, run.endedAt() == null ? "Time so far" : "Total time",
                "<strong id=\"total-time\">" + Formats.duration(Duration.between(run.startedAt(), end)) + "</strong>");
        long skipped = run.finishedCount() - run.doneCount();
        fact(out, "Steps", run.doneCount() + " done, " + skipped + " skipped, "
                + (run.size() - run.finishedCount()) + " open, of " + run.size());
        fact(out, "Run", Long.toString(run.id()));
        out.append("</dl></div>\n</header>\n");
    }

    private static void fact(StringBuilder out, String name, String html) {
        out.append("<dt>").append(name).append("</dt><dd>").append(html).append("</dd>\n");
    }

    private static void answers(StringBuilder out, Run run) {
        List<RunDetails.Answer> answers = RunDetails.answers(run);
        if (answers.isEmpty()) {
            return;
        }
        out.append("<section id=\"answers\">\n<h2>Answers</h2>\n<ul class=\"plain\">\n");
        for (RunDetails.Answer answer : answers) {
            out.append("<li>").append(Html.text(answer.question())).append(" <strong>")
                    .append(Html.text(answer.answer())).append("</strong></li>\n");
        }
        out.append("</ul>\n</section>\n");
    }

    private static void step(StringBuilder out, StepState step, People people) {
        out.append("<article class=\"card step\" id=\"step-").append(step.number()).append("\">\n<h3>")
                .append(step.number()).append(". ").append(Html.text(step.step().text()))
                .append(step.step().optional() ? " <span class=\"state\">optional</span>" : "")
                .append(" <span class=\"state ").append(step.status().label()).append("\">")
                .append(step.status().label()).append("</span></h3>\n<ul class=\"plain\">\n");
        if (step.finishedBy() != null) {
            out.append("<li>").append(step.status().label().equals("skipped") ? "Skipped" : "Done").append(" by ")
                    .append(Html.text(people.label(step.finishedBy()))).append(" at ")
                    .append(Html.text(Formats.time(step.finishedAt())))
                    .append(step.duration().map(d -> ", took " + Formats.duration(d)).orElse("")).append("</li>\n");
        }
        RunDetails.expected(step).ifPresent(d -> out.append("<li>Expected: ").append(Formats.duration(d)).append("</li>\n"));
        List<Confirmation> confirmations = step.confirmations();
        if (!confirmations.isEmpty()) {
            out.append("<li>Confirmations (").append(confirmations.size()).append(" of ")
                    .append(step.requiredConfirmations()).append(" needed): ");
            for (int i = 0; i < confirmations.size(); i++) {
                Confirmation c = confirmations.get(i);
                out.append(i == 0 ? "" : ", ").append(Html.text(people.label(c.actor()))).append(" <span class=\"who\">")
                        .append(Html.text(Formats.clock(c.at()))).append("</span>");
            }
            out.append("</li>\n");
        }
        if (step.skipReason() != null) {
            out.append("<li class=\"skip-reason\">Skip reason: ").append(Html.text(step.skipReason())).append("</li>\n");
        }
        for (Note note : step.notes()) {
            out.append("<li class=\"note\">Note by ").append(Html.text(people.label(note.actor()))).append(" <span class=\"who\">")
                    .append(Html.text(Formats.time(note.at()))).append("</span>: ").append(Html.text(note.text()))
                    .append("</li>\n");
        }
        for (RunDetails.Evidence evidence : RunDetails.evidence(step)) {
            out.append("<li class=\"evidence\">Evidence from ").append(Html.text(people.label(evidence.by())))
                    .append(" <span class=\"who\">").append(Html.text(Formats.time(evidence.at()))).append("</span>: ")
                    .append(Html.safeUrl(evidence.text()) ? Html.link(evidence.text(), evidence.text())
                            : Html.text(evidence.text()))
                    .append("</li>\n");
        }
        for (Link link : step.step().links()) {
            out.append("<li class=\"reference\">Reference: ").append(Html.link(link.url(), link.title())).append("</li>\n");
        }
        out.append("</ul>\n</article>\n");
    }
}
