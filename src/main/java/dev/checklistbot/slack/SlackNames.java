package dev.checklistbot.slack;

import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.users.UsersInfoResponse;
import com.slack.api.model.User;
import dev.checklistbot.chat.NameSource;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * People's names from Slack's users.info: the profile's display name, else the real name, else the user name (what
 * Slack itself shows, in that order). A user Slack does not know has no name; a 429 pauses the lookups as long as its
 * Retry-After says (a minute if it says nothing).
 */
final class SlackNames implements NameSource {
    private static final Duration DEFAULT_PAUSE = Duration.ofMinutes(1);
    private static final Duration LONGEST_PAUSE = Duration.ofHours(1);

    private final SlackWebApi api;

    SlackNames(SlackWebApi api) {
        this.api = api;
    }

    @Override
    public Optional<String> displayName(String userId) throws IOException, RateLimited {
        UsersInfoResponse response;
        try {
            response = api.usersInfo(userId);
        } catch (SlackApiException e) {
            if (e.getResponse().code() == 429) {
                throw new RateLimited(pause(e.getResponse().header("Retry-After")));
            }
            throw new IOException("users.info answered HTTP " + e.getResponse().code());
        }
        if (!response.isOk()) {
            if ("user_not_found".equals(response.getError()) || "user_not_visible".equals(response.getError())) {
                return Optional.empty();
            }
            if ("ratelimited".equals(response.getError())) {
                throw new RateLimited(DEFAULT_PAUSE);
            }
            throw new IOException("users.info: " + response.getError());
        }
        User user = response.getUser();
        if (user == null) {
            return Optional.empty();
        }
        User.Profile profile = user.getProfile();
        return first(profile == null ? null : profile.getDisplayName(), profile == null ? null : profile.getRealName(),
                user.getRealName(), user.getName());
    }

    private static Optional<String> first(String... names) {
        for (String name : names) {
            if (name != null && !name.isBlank()) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    private static Duration pause(String retryAfter) {
        if (retryAfter == null) {
            return DEFAULT_PAUSE;
        }
        try {
            long seconds = Long.parseLong(retryAfter.strip());
            return Duration.ofSeconds(Math.max(1, Math.min(seconds, LONGEST_PAUSE.toSeconds())));
        } catch (NumberFormatException notSeconds) {
            return DEFAULT_PAUSE;
        }
    }
}
