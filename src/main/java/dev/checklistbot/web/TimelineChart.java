package dev.checklistbot.web;

import dev.checklistbot.render.Formats;
import dev.checklistbot.run.Run;
import dev.checklistbot.run.StepState;
import dev.checklistbot.run.StepStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * The run's steps on one time axis, drawn on the server: a row per step, its text as HTML (it wraps on a phone), and
 * under it an SVG track from the run's start to its end with a bar from when the step opened to when it was finished
 * (or to now, for a step still open), and, where the checklist gives {@code expected}, an outline of the expected
 * duration from the same start. Tracks use one scale (a viewBox 1000 units wide stretched to the row's width), so bar
 * widths compare across steps.
 */
final class TimelineChart {
    static final int WIDTH = 1000;
    /** A bar never gets narrower than this (in viewBox units), so a step finished within a second still shows. */
    private static final double MIN_BAR = 2;

    private TimelineChart() {
    }

    static String render(Run run, Instant now) {
        Instant start = run.startedAt();
        Instant end = run.endedAt() != null ? run.endedAt() : now;
        for (StepState step : run.steps()) {
            Optional<Duration> expected = RunDetails.expected(step);
            if (step.openedAt() != null && expected.isPresent() && step.openedAt().plus(expected.get()).isAfter(end)) {
                end = step.openedAt().plus(expected.get());
            }
        }
        double span = Math.max(1, Duration.between(start, end).toMillis());
        StringBuilder out = new StringBuilder();
        out.append("<figure class=\"timeline\" id=\"timeline\">\n<ol class=\"rows\">\n");
        for (StepState step : run.steps()) {
            row(out, step, start, end, span, run.endedAt() == null ? now : run.endedAt());
        }
        out.append("</ol>\n<div class=\"axis\"><span>").append(Html.text(Formats.time(start)))
                .append("</span><span>").append(Html.text(Formats.time(end))).append("</span></div>\n");
        out.append("<figcaption>Each bar runs from when the step opened to when it was finished; an outline shows the"
                + " expected time where the checklist gives one.</figcaption>\n</figure>\n");
        return out.toString();
    }

    private static void row(StringBuilder out, StepState step, Instant start, Instant end, double span, Instant until) {
        String state = step.status().label();
        Optional<Duration> took = step.duration();
        Optional<Duration> expected = RunDetails.expected(step);
        out.append("<li class=\"row\" data-step=\"").append(step.number()).append("\">\n<div class=\"label\">")
                .append("<span class=\"num\">").append(step.number()).append("</span> ")
                .append(Html.text(step.step().text()))
                .append(" <span class=\"state ").append(state).append("\">").append(state).append("</span></div>\n");
        out.append("<div class=\"meta\">").append(meta(step, took, expected, until)).append("</div>\n");
        out.append("<svg class=\"track\" viewBox=\"0 0 ").append(WIDTH).append(" 16\" preserveAspectRatio=\"none\"")
                .append(" role=\"img\" aria-label=\"").append(Html.attr("Step " + step.number() + ": " + barLabel(step, took)))
                .append("\">");
        if (step.openedAt() != null) {
            double x = position(start, step.openedAt(), span);
            if (expected.isPresent()) {
                double w = Math.max(MIN_BAR, expected.get().toMillis() / span * WIDTH);
                out.append("<rect class=\"expected\" x=\"").append(num(x)).append("\" y=\"1\" width=\"").append(num(w))
                        .append("\" height=\"14\" vector-effect=\"non-scaling-stroke\"/>");
            }
            Instant to = step.finishedAt() != null ? step.finishedAt() : until;
            double w = Math.max(MIN_BAR, Math.min(WIDTH - x, Duration.between(step.openedAt(), to).toMillis() / span * WIDTH));
            out.append("<rect class=\"bar ").append(step.finished() ? state : "open").append("\" data-step=\"")
                    .append(step.number()).append("\" data-seconds=\"")
                    .append(Duration.between(step.openedAt(), to).getSeconds()).append("\" x=\"").append(num(x))
                    .append("\" y=\"3\" width=\"").append(num(w)).append("\" height=\"10\"><title>")
                    .append(Html.text("Step " + step.number() + ": " + barLabel(step, took))).append("</title></rect>");
        }
        out.append("</svg>\n</li>\n");
    }

    private static String meta(StepState step, Optional<Duration> took, Optional<Duration> expected, Instant until) {
        StringBuilder meta = new StringBuilder();
        if (step.openedAt() == null) {
            meta.append("not reached");
        } else if (step.finished()) {
            meta.append(step.status() == StepStatus.SKIPPED ? "skipped by " : "done by ")
                    .append(Html.text(step.finishedBy() == null ? "?" : step.finishedBy().name()))
                    .append(" · ").append(Html.text(Formats.clock(step.openedAt()))).append(" → ")
                    .append(Html.text(Formats.clock(step.finishedAt())));
            took.ifPresent(d -> meta.append(" · took <strong>").append(Formats.duration(d)).append("</strong>"));
        } else {
            meta.append("open since ").append(Html.text(Formats.clock(step.openedAt()))).append(" · ")
                    .append(Formats.duration(Duration.between(step.openedAt(), until)));
        }
        expected.ifPresent(d -> {
            meta.append(" · expected ").append(Formats.duration(d));
            if (took.isPresent() && took.get().compareTo(d) > 0) {
                meta.append(" <span class=\"over\">(over by ").append(Formats.duration(took.get().minus(d)))
                        .append(")</span>");
            }
        });
        return meta.toString();
    }

    private static String barLabel(StepState step, Optional<Duration> took) {
        if (step.openedAt() == null) {
            return "not reached";
        }
        return step.status().label() + took.map(d -> ", took " + Formats.duration(d)).orElse("")
                + (step.finishedBy() == null ? "" : ", by " + step.finishedBy().name());
    }

    private static double position(Instant start, Instant at, double span) {
        return Math.max(0, Math.min(WIDTH, Duration.between(start, at).toMillis() / span * WIDTH));
    }

    static String num(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
