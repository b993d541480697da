package dev.checklistbot.chat;

import java.time.Duration;
import java.util.Optional;

/** Where a chat platform's display names come from (Slack's users.info, Discord's member and user records). */
public interface NameSource {
    /**
     * The name the platform shows for one of its users (its own id: {@code U0123}, {@code 123}); empty if it knows
     * the user but gives no name. Called on a background thread, never while a person waits for an answer.
     *
     * @throws RateLimited if the platform asks to wait before the next call
     * @throws Exception   any other failure: the name is asked again later
     */
    Optional<String> displayName(String platformUserId) throws Exception;

    /** The platform refused the call for now; ask again after {@link #retryAfter()}. */
    final class RateLimited extends Exception {
        private final Duration retryAfter;

        public RateLimited(Duration retryAfter) {
            super("rate limited for " + retryAfter.toSeconds() + " s", null, false, false);
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }
}
