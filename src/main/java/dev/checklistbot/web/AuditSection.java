package dev.checklistbot.web;

import dev.checklistbot.render.Formats;
import dev.checklistbot.render.People;
import dev.checklistbot.run.AuditVerification;
import dev.checklistbot.run.RunEvent;

import java.util.List;
import java.util.Locale;

/** The run's audit trail as a table, under what checking it found ({@link AuditVerification}). */
final class AuditSection {
    private AuditSection() {
    }

    static String render(List<RunEvent> events, AuditVerification verification, People people) {
        StringBuilder out = new StringBuilder();
        out.append("<section id=\"audit\">\n<h2>Audit trail</h2>\n");
        String status = verification.status().name().toLowerCase(Locale.ROOT);
        out.append("<p class=\"verdict-line\"><span class=\"verdict ").append(status).append("\" id=\"audit-verdict\">")
                .append(switch (verification.status()) {
                    case VERIFIED -> "Verified";
                    case BROKEN -> "Tampered: the chain is broken";
                    case NOT_VERIFIED -> "Not verified";
                }).append("</span> ").append(Html.text(verification.detail())).append("</p>\n");
        out.append("<div class=\"table\"><table class=\"stack\">\n<thead><tr><th>When</th><th>Who</th><th>What</th><th>Step</th>"
                + "<th>Detail</th></tr></thead>\n<tbody>\n");
        for (RunEvent event : events) {
            out.append("<tr><td>").append(Html.text(Formats.time(event.at()))).append("</td><td>")
                    .append(Html.text(people.label(event.actor()))).append("</td><td>").append(what(event.type()))
                    .append("</td><td>").append(event.step() == 0 ? "" : Integer.toString(event.step()))
                    .append("</td><td>").append(Html.text(event.text()))
                    .append(event.other() == null ? "" : (event.text() == null ? "" : " · ") + "with "
                            + Html.text(people.label(event.other())))
                    .append("</td></tr>\n");
        }
        out.append("</tbody></table></div>\n</section>\n");
        return out.toString();
    }

    private static String what(RunEvent.Type type) {
        return switch (type) {
            case RUN_STARTED -> "started the run";
            case STEP_DONE -> "marked the step done";
            case STEP_CONFIRMED -> "confirmed the step";
            case STEP_UNCONFIRMED -> "withdrew a confirmation";
            case STEP_SKIPPED -> "skipped the step";
            case STEP_REOPENED -> "reopened the step";
            case STEP_CLAIMED -> "claimed the step";
            case STEP_ASSIGNED -> "assigned the step";
            case NOTE_ADDED -> "added a note";
            case RUN_COMPLETED -> "completed the run";
            case RUN_ABORTED -> "aborted the run";
            case RUN_REOPENED -> "reopened the run";
            case SUMMARY_POSTED -> "posted the summary";
            // a kind of event added later reads as its name until it gets words of its own
            default -> type.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        };
    }
}
