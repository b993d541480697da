package dev.checklistbot.render;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class CodeBlocksTest {

    private static final String DETAILS = "Run this first:\n\n```console\n$ oc adm cordon \"$NODE\"\n$ oc adm drain \"$NODE\" --ignore-daemonsets\n```\n\nThen `oc get nodes` <@here>.";

    @Test
    void prose_is_changed_code_blocks_and_spans_are_not() {
        String out = CodeBlocks.outsideCode(DETAILS, s -> s.replace("$", "§").replace("<@", "<!@"));
        assertThat(out).isEqualTo("Run this first:\n\n```console\n$ oc adm cordon \"$NODE\"\n$ oc adm drain \"$NODE\" --ignore-daemonsets\n```\n\nThen `oc get nodes` <!@here>.");
    }

    @Test
    void a_text_within_the_limit_is_one_part_as_it_is() {
        assertThat(CodeBlocks.split(DETAILS, 3000, 4, "…")).containsExactly(DETAILS);
    }

    @Test
    void a_block_cut_in_two_is_closed_and_reopened_with_its_language() {
        StringBuilder code = new StringBuilder();
        for (int i = 1; i <= 40; i++) {
            code.append("echo line ").append(i).append('\n');
        }
        String text = "Intro.\n\n```bash\n" + code + "```\n\nAfter.";
        List<String> parts = CodeBlocks.split(text, 200, 10, "…");
        assertThat(parts).hasSizeGreaterThan(2).allSatisfy(part -> {
            assertThat(part.length()).isLessThanOrEqualTo(200);
            assertThat(fences(part) % 2).as("balanced fences in %s", part).isZero();
        });
        assertThat(parts.get(1)).startsWith("```bash\n");
        // put back together, the parts hold every line of the code, in order
        String joined = String.join("\n", parts).replaceAll("\n```\n```bash\n", "\n");
        assertThat(joined).contains(code.toString().strip());
    }

    @Test
    void too_many_parts_end_with_an_ellipsis_outside_any_code() {
        String text = "```\n" + "x\n".repeat(500) + "```";
        List<String> parts = CodeBlocks.split(text, 100, 2, "…");
        assertThat(parts).hasSize(2);
        assertThat(parts.get(1)).endsWith("```\n…").hasSizeLessThanOrEqualTo(100);
        assertThat(fences(parts.get(1)) % 2).isZero();
    }

    @Test
    void a_line_longer_than_a_part_is_cut_inside_its_block_and_the_block_stays_closed() {
        String text = "```sh\n" + "a".repeat(250) + "\n```";
        List<String> parts = CodeBlocks.split(text, 100, 10, "…");
        assertThat(parts).allSatisfy(p -> {
            assertThat(p.length()).isLessThanOrEqualTo(100);
            assertThat(fences(p) % 2).isZero();
        });
        assertThat(String.join("", parts).replaceAll("```sh\n|\n```", "")).isEqualTo("a".repeat(250));
    }

    @Test
    void languages_are_dropped_for_slack_and_terminal_lines_keep_code_unindented() {
        assertThat(CodeBlocks.withoutLanguages(DETAILS)).startsWith("Run this first:\n\n```\n$ oc adm cordon");
        assertThat(CodeBlocks.terminalLines("Do:\n```sh\n  indented $X\n```", "    "))
                .containsExactly("    Do:", "    ```sh", "  indented $X", "    ```");
    }

    private static int fences(String text) {
        Matcher m = Pattern.compile("(?m)^```").matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
