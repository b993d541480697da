package dev.checklistbot.render;

import dev.checklistbot.run.Actor;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PeopleTest {
    private static final Summary SUMMARY = Summary.of(SummaryRendererTest.finishedRun(), Instant.parse("2026-11-26T06:00:00Z"));

    @Test
    void aKnownPersonShowsAsNameAndIdAnUnknownOneAsTheRunRecordedThem() {
        People people = People.of(Map.of("U1", "Alice Liddell"));
        assertThat(people.label(new Actor("U1", "alice"))).isEqualTo("Alice Liddell (U1)");
        assertThat(people.name(new Actor("U1", "alice"))).isEqualTo("Alice Liddell");
        assertThat(people.label(new Actor("U2", "bob"))).isEqualTo("bob");
        assertThat(People.of(Map.of("U3", "U3")).label(new Actor("U3", "U3"))).isEqualTo("U3");
        assertThat(People.idsIn(SUMMARY)).containsExactlyInAnyOrder("U1", "U2");
    }

    @Test
    void aHostileNameIsCappedAndEscapedInMarkdownAndKeptAsDataInJson() {
        People people = People.of(Map.of("U1", "<script>x</script> *@channel* | " + "y".repeat(300), "U2", "Bob\nBuilder"));
        String markdown = new SummaryRenderer().markdown(SUMMARY, null, people);
        assertThat(markdown).contains("- Started by: \\<script\\>x\\</script\\> \\*@channel\\* \\| yyy")
                .doesNotContain("<script>").doesNotContain("y".repeat(81));
        assertThat(markdown).contains("| Bob Builder (U2) |").contains("(confirmed by ");
        String json = new SummaryRenderer().json(SUMMARY, null, people);
        assertThat(json).contains("\"name\" : \"Bob Builder\"").contains("\"name\" : \"<script>x</script> *@channel*");
    }

    @Test
    void withoutNamesTheDocumentsAreWhatTheyWere() {
        SummaryRenderer renderer = new SummaryRenderer();
        assertThat(renderer.markdown(SUMMARY, null, People.of(Map.of()))).isEqualTo(renderer.markdown(SUMMARY));
        assertThat(renderer.json(SUMMARY, null, People.NONE)).isEqualTo(renderer.json(SUMMARY));
    }
}
