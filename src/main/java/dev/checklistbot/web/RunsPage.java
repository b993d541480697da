package dev.checklistbot.web;

import dev.checklistbot.render.Formats;
import dev.checklistbot.run.Run;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * The list of recent runs: per checklist, a chart of its total duration run after run; per channel, its recent runs
 * with a link to each report.
 */
final class RunsPage {
    /** Runs listed per channel, newest first. */
    static final int PER_CHANNEL = 20;

    private RunsPage() {
    }

    /**
     * @param runs   recent runs across channels, newest first
     * @param linkTo the (signed) link to one run's report
     */
    static String render(List<Run> runs, Instant now, LongFunction<String> linkTo) {
        return render(runs, now, linkTo, dev.checklistbot.render.People.NONE);
    }

    /** As above, who started each run shown as "Display Name (id)" where {@code people} knows them. */
    static String render(List<Run> runs, Instant now, LongFunction<String> linkTo, dev.checklistbot.render.People people) {
        StringBuilder body = new StringBuilder();
        body.append("<h1>Recent runs</h1>\n");
        if (runs.isEmpty()) {
            body.append("<p>No run yet.</p>\n");
            return PageLayout.page("Recent runs", body.toString());
        }
        Map<String, List<Run>> byChecklist = new LinkedHashMap<>();
        Map<String, String> titles = new LinkedHashMap<>();
        Map<String, List<Run>> byChannel = new LinkedHashMap<>();
        for (Run run : runs) {
            byChecklist.computeIfAbsent(run.checklist().id(), k -> new java.util.ArrayList<>()).add(run);
            titles.putIfAbsent(run.checklist().id(), run.checklist().title());
            byChannel.computeIfAbsent(run.channel(), k -> new java.util.ArrayList<>()).add(run);
        }
        body.append("<section id=\"durations\">\n<h2>Total duration per checklist</h2>\n");
        byChecklist.forEach((id, list) -> {
            String chart = DurationTrendChart.render(titles.get(id), list);
            body.append("<div class=\"card\" data-checklist=\"").append(Html.attr(id)).append("\"><h3>")
                    .append(Html.text(titles.get(id))).append(" (<code>").append(Html.text(id)).append("</code>)</h3>\n")
                    .append(chart.isEmpty() ? "<p class=\"caption\">No run of it has ended yet.</p>" : chart)
                    .append("</div>\n");
        });
        body.append("</section>\n<section id=\"channels\">\n<h2>Per channel</h2>\n");
        byChannel.forEach((channel, list) -> {
            body.append("<h3>").append(Html.text(channel)).append("</h3>\n<div class=\"table\"><table class=\"stack\">\n<thead><tr>"
                    + "<th>Run</th><th>Checklist</th><th>Started</th><th>By</th><th>Outcome</th><th>Took</th></tr>"
                    + "</thead>\n<tbody>\n");
            for (Run run : list.subList(0, Math.min(PER_CHANNEL, list.size()))) {
                Instant end = run.endedAt() != null ? run.endedAt() : now;
                body.append("<tr><td><a class=\"run-link\" href=\"").append(Html.attr(linkTo.apply(run.id())))
                        .append("\">").append(run.id()).append("</a></td><td>").append(Html.text(run.title()))
                        .append("</td><td>").append(Html.text(Formats.time(run.startedAt()))).append("</td><td>")
                        .append(Html.text(people.label(run.startedBy()))).append("</td><td><span class=\"outcome ")
                        .append(run.status().label()).append("\">").append(run.status().label())
                        .append("</span></td><td>").append(Formats.duration(Duration.between(run.startedAt(), end)))
                        .append(run.endedAt() == null ? " so far" : "").append("</td></tr>\n");
            }
            body.append("</tbody></table></div>\n");
        });
        body.append("</section>\n");
        return PageLayout.page("Recent runs", body.toString());
    }
}
