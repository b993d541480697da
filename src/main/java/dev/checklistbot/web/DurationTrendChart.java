package dev.checklistbot.web;

import dev.checklistbot.render.Formats;
import dev.checklistbot.run.Run;
import dev.checklistbot.run.RunStatus;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * One checklist's total duration run after run (a team's restore time, oldest on the left), as a server-drawn SVG
 * column chart that scales to its container. Only ended runs count: an active run has no total yet.
 */
final class DurationTrendChart {
    private static final int WIDTH = 600;
    private static final int HEIGHT = 160;
    private static final int TOP = 10;
    private static final double MAX_BAR = 48;

    private DurationTrendChart() {
    }

    /** The chart, or an empty string when no run of the list has ended. */
    static String render(String checklistTitle, List<Run> runs) {
        List<Run> ended = runs.stream().filter(r -> r.endedAt() != null)
                .sorted(Comparator.comparing(Run::startedAt).thenComparingLong(Run::id)).toList();
        if (ended.isEmpty()) {
            return "";
        }
        long max = Math.max(1, ended.stream().mapToLong(r -> r.duration().orElse(Duration.ZERO).toMillis()).max().orElse(1));
        double slot = (double) WIDTH / ended.size();
        double barWidth = Math.max(1, Math.min(MAX_BAR, slot * 0.7)); // a lone run is a column, not a wall
        StringBuilder out = new StringBuilder();
        out.append("<svg class=\"trend\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" role=\"img\" aria-label=\"").append(Html.attr("Total duration of " + checklistTitle
                        + " over its last " + ended.size() + " runs")).append("\">");
        out.append("<line class=\"base\" x1=\"0\" y1=\"").append(HEIGHT - 1).append("\" x2=\"").append(WIDTH)
                .append("\" y2=\"").append(HEIGHT - 1).append("\"/>");
        for (int i = 0; i < ended.size(); i++) {
            Run run = ended.get(i);
            Duration took = run.duration().orElse(Duration.ZERO);
            double h = Math.max(1, (double) took.toMillis() / max * (HEIGHT - TOP - 1));
            double x = i * slot + (slot - barWidth) / 2;
            out.append("<rect class=\"run ").append(run.status() == RunStatus.ABORTED ? "aborted" : "completed")
                    .append("\" data-run=\"").append(run.id()).append("\" data-seconds=\"").append(took.getSeconds())
                    .append("\" x=\"").append(TimelineChart.num(x)).append("\" y=\"")
                    .append(TimelineChart.num(HEIGHT - 1 - h)).append("\" width=\"").append(TimelineChart.num(barWidth))
                    .append("\" height=\"").append(TimelineChart.num(h)).append("\"><title>")
                    .append(Html.text("Run " + run.id() + " (" + Formats.time(run.startedAt()) + "): "
                            + Formats.duration(took) + ", " + run.status().label()))
                    .append("</title></rect>");
        }
        out.append("</svg>");
        Duration longest = Duration.ofMillis(max);
        Duration latest = ended.get(ended.size() - 1).duration().orElse(Duration.ZERO);
        out.append("<p class=\"caption\">").append(ended.size()).append(ended.size() == 1 ? " ended run" : " ended runs")
                .append(", oldest first · latest ").append(Formats.duration(latest)).append(" · longest ")
                .append(Formats.duration(longest)).append("</p>");
        return out.toString();
    }
}
