package dev.checklistbot.checklist;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChecklistYamlWriterTest {

    private final ChecklistYamlWriter writer = new ChecklistYamlWriter();

    private static Checklist reload(String yaml) {
        List<ChecklistError> errors = new ArrayList<>();
        Checklist checklist = new ChecklistLoader().parse(yaml, "test.yaml", false, errors);
        assertThat(errors).isEmpty();
        return checklist;
    }

    @Test
    void writes_fields_in_order_and_leaves_defaults_out() {
        Checklist checklist = new Checklist("deploy", "Deploy", null, null, Mode.SEQUENTIAL, null,
                List.of(Step.of("Build it."), new Step("Ship it.", null, List.of(), true, 1)));
        assertThat(writer.write(checklist)).isEqualTo("""
                id: deploy
                title: Deploy
                steps:
                  - text: Build it.
                  - text: Ship it.
                    optional: true
                """);
    }

    @Test
    void writes_mode_summary_channel_details_and_confirmations_when_set() {
        Checklist checklist = new Checklist("x", "X", "Two\nlines", "https://example.org/x", Mode.PARALLEL, "C0123",
                List.of(new Step("Sign off", "- one\n- two", List.of(new Link("Doc", "https://example.org/d")), false, 2)));
        String yaml = writer.write(checklist, ChecklistYamlWriter.Attribution.ccBy4("Some Page"));
        assertThat(yaml).startsWith("# Made from \"Some Page\",\n# licensed under Creative Commons Attribution 4.0 "
                + "International (CC BY 4.0):\n# https://creativecommons.org/licenses/by/4.0/\nid: x\n");
        assertThat(yaml).contains("mode: parallel\n", "summary_channel: C0123\n", "confirmations: 2\n", "details: |-\n");
        assertThat(reload(yaml)).isEqualTo(checklist);
    }

    @Test
    void quotes_only_values_that_need_it_and_every_value_round_trips() {
        List<String> tricky = List.of("true", "no", "null", "~", "123", "1.5", "0x1F", "- dash", "key: value", "ends with:",
                "has #hash", "#comment", "'single'", "\"double\"", "[flow]", "{map}", "*alias", "&anchor", "!tag",
                "%percent", "@at", "`tick`", "| pipe", "> fold", "a, b, and c", "plain (with parens).", "ünïcödé “quotes”",
                "tab\there", "2017-06-08", "yes, really", "?question");
        List<Step> steps = tricky.stream().map(t -> new Step(t, null, List.of(), false, 1)).toList();
        Checklist checklist = new Checklist("tricky", "Tricky: values", "x", null, Mode.SEQUENTIAL, null, steps);
        String yaml = writer.write(checklist);
        assertThat(reload(yaml)).isEqualTo(checklist);
        assertThat(yaml).contains("  - text: a, b, and c\n", "  - text: plain (with parens).\n", "title: \"Tricky: values\"\n");
    }
}
