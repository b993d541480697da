package dev.checklistbot.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.request.chat.ChatPostEphemeralRequest;
import com.slack.api.methods.request.chat.ChatPostMessageRequest;
import com.slack.api.methods.request.chat.ChatUpdateRequest;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.composition.MarkdownTextObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link SlackWebApi} sends exactly what the SDK's own {@code MethodsClient} sends for the same request, and reads
 * the answers (and the failures) the same way; only its JSON parser is kept between calls.
 */
class SlackWebApiTest {
    private static final String TOKEN = "xoxb-test-0000-not-a-token";
    private FakeSlack fake;
    private Slack slack;
    private SlackWebApi api;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeSlack();
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(fake.apiUrl());
        config.setStatsEnabled(false);
        slack = Slack.getInstance(config);
        api = new SlackWebApi(slack, TOKEN);
    }

    @AfterEach
    void stop() throws Exception {
        fake.close();
        slack.close();
    }

    private static List<LayoutBlock> blocks() {
        return List.of(SectionBlock.builder()
                .text(MarkdownTextObject.builder().text("*Step 1* <https://example.org/a?b=c&d=e|docs> & \"quotes\" é").build())
                .build());
    }

    @Test
    void the_three_chat_calls_send_what_the_sdk_sends() throws Exception {
        ChatPostMessageRequest post = ChatPostMessageRequest.builder().channel("C1").threadTs("1.000001")
                .text("fallback <&>").blocks(blocks()).unfurlLinks(false).unfurlMedia(false).linkNames(false).build();
        ChatUpdateRequest update = ChatUpdateRequest.builder().channel("C1").ts("1.000002").text("t")
                .blocks(blocks()).linkNames(false).build();
        ChatPostEphemeralRequest ephemeral = ChatPostEphemeralRequest.builder().channel("C1").user("U1").text("t")
                .blocks(blocks()).linkNames(false).build();

        api.chatPostMessage(post);
        slack.methods(TOKEN).chatPostMessage(post);
        api.chatUpdate(update);
        slack.methods(TOKEN).chatUpdate(update);
        api.chatPostEphemeral(ephemeral);
        slack.methods(TOKEN).chatPostEphemeral(ephemeral);

        List<FakeSlack.Call> calls = fake.calls();
        assertThat(calls).extracting(FakeSlack.Call::method).containsExactly("chat.postMessage", "chat.postMessage",
                "chat.update", "chat.update", "chat.postEphemeral", "chat.postEphemeral");
        for (int i = 0; i < calls.size(); i += 2) {
            assertThat(calls.get(i).params()).as(calls.get(i).method()).isEqualTo(calls.get(i + 1).params())
                    .containsKey("blocks");
        }
    }

    @Test
    void an_answer_is_read_into_the_sdk_response_each_time() throws Exception {
        ChatPostMessageRequest post = ChatPostMessageRequest.builder().channel("C9").text("hi").build();
        ChatPostMessageResponse first = api.chatPostMessage(post);
        ChatPostMessageResponse second = api.chatPostMessage(post);

        assertThat(first.isOk()).isTrue();
        assertThat(first.getChannel()).isEqualTo("C9");
        assertThat(first.getTs()).isNotBlank();
        assertThat(second.getTs()).isNotEqualTo(first.getTs());
        assertThat(second.getMessage().getText()).isEqualTo("hi");
    }

    @Test
    void a_refusal_over_http_is_the_sdks_exception_with_its_status_and_retry_after() {
        fake.failNext(1, 429, 7);
        assertThatThrownBy(() -> api.chatUpdate(ChatUpdateRequest.builder().channel("C1").ts("1.0").text("t").build()))
                .isInstanceOfSatisfying(SlackApiException.class, e -> {
                    assertThat(e.getResponse().code()).isEqualTo(429);
                    assertThat(e.getResponse().header("Retry-After")).isEqualTo("7");
                    assertThat(e.getError().getError()).isEqualTo("ratelimited");
                });
        fake.failNext(1, 500, null);
        assertThatThrownBy(() -> api.chatPostMessage(ChatPostMessageRequest.builder().channel("C1").text("t").build()))
                .isInstanceOfSatisfying(SlackApiException.class, e -> assertThat(e.getResponse().code()).isEqualTo(500));
    }
}
