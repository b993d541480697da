package dev.checklistbot.slack;

import com.google.gson.Gson;
import com.slack.api.Slack;
import com.slack.api.methods.Methods;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.RequestFormBuilder;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.request.chat.ChatPostEphemeralRequest;
import com.slack.api.methods.request.chat.ChatPostMessageRequest;
import com.slack.api.methods.request.chat.ChatUpdateRequest;
import com.slack.api.methods.response.chat.ChatPostEphemeralResponse;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.chat.ChatUpdateResponse;
import com.slack.api.util.json.GsonFactory;
import okhttp3.FormBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;

/**
 * The three chat methods the bot sends (and users.info, for names), through the Slack SDK's own pieces: its request forms
 * ({@link RequestFormBuilder}), its HTTP client ({@link MethodsClient#runPostFormWithToken}), its JSON
 * configuration ({@link GsonFactory#createSnakeCase}) and its {@link SlackApiException} for a non-2xx answer.
 *
 * <p>Why not {@code MethodsClient.chatPostMessage} itself: in SDK 1.51.0 every call parses its answer with a
 * {@code Gson} made anew ({@code GsonFactory.createSnakeCase(config)} inside
 * {@code parseJsonResponseAndRunListeners}), which throws away Gson's cache of type adapters, so each answer re-reflects the whole
 * {@code ChatPostMessageResponse} type graph. Under load that was 44% of {@code serve}'s CPU (JFR, issue 6).
 * This class makes the same request and reads the answer with one {@code Gson} of the same configuration, kept
 * for the bot's life ({@code Gson} is thread-safe).
 */
final class SlackWebApi {
    private final Slack slack;
    private final MethodsClient methods;
    private final String token;
    private final Gson gson;

    SlackWebApi(Slack slack, String token) {
        this.slack = slack;
        this.methods = slack.methods(token);
        this.token = token;
        this.gson = GsonFactory.createSnakeCase(slack.getConfig());
    }

    ChatPostMessageResponse chatPostMessage(ChatPostMessageRequest request) throws IOException, SlackApiException {
        return call(Methods.CHAT_POST_MESSAGE, RequestFormBuilder.toForm(request), ChatPostMessageResponse.class);
    }

    ChatUpdateResponse chatUpdate(ChatUpdateRequest request) throws IOException, SlackApiException {
        return call(Methods.CHAT_UPDATE, RequestFormBuilder.toForm(request), ChatUpdateResponse.class);
    }

    ChatPostEphemeralResponse chatPostEphemeral(ChatPostEphemeralRequest request)
            throws IOException, SlackApiException {
        return call(Methods.CHAT_POST_EPHEMERAL, RequestFormBuilder.toForm(request), ChatPostEphemeralResponse.class);
    }

    /** users.info: a person's profile, for their display name. */
    com.slack.api.methods.response.users.UsersInfoResponse usersInfo(String user) throws IOException, SlackApiException {
        return call(Methods.USERS_INFO, RequestFormBuilder.toForm(
                        com.slack.api.methods.request.users.UsersInfoRequest.builder().user(user).build()),
                com.slack.api.methods.response.users.UsersInfoResponse.class);
    }

    private <T extends SlackApiTextResponse> T call(String method, FormBody.Builder form, Class<T> type)
            throws IOException, SlackApiException {
        try (Response response = methods.runPostFormWithToken(form, method, token)) {
            ResponseBody body = response.body();
            String text = body == null ? "" : body.string();
            if (!response.isSuccessful()) {
                throw new SlackApiException(slack.getConfig(), response, text);
            }
            T parsed = gson.fromJson(text, type);
            if (parsed == null) {
                throw new IOException(method + ": empty answer");
            }
            return parsed;
        }
    }
}
