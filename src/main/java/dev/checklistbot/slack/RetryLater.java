package dev.checklistbot.slack;

import com.slack.api.bolt.middleware.Middleware;
import com.slack.api.bolt.response.Response;

/**
 * An event that could not be applied now and must come again: thrown by an event listener, turned into a 503 by
 * {@link #middleware()}, so that Slack delivers the event again (its event id makes that safe).
 *
 * <p>Why an exception and not a 503 {@link Response} from the listener: with {@code allEventsApiAutoAckEnabled},
 * Bolt takes a listener's non-200 answer for "not handled" and acknowledges the event with 200 itself, which
 * would drop it.
 */
final class RetryLater extends RuntimeException {
    RetryLater(String message) {
        super(message, null, false, false);
    }

    /** The Bolt middleware that answers 503 when a listener throws {@link RetryLater}. */
    static Middleware middleware() {
        return (request, response, chain) -> {
            try {
                return chain.next(request);
            } catch (RetryLater e) {
                return Response.builder().statusCode(503).contentType("text/plain; charset=utf-8").body("try again")
                        .build();
            }
        };
    }
}
