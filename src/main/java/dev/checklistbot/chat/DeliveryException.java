package dev.checklistbot.chat;

import java.time.Duration;

/**
 * A chat platform did not take a message. Retryable failures (rate limits, 5xx, network) are tried again
 * later, after {@link #retryAfter()} if the platform said how long to wait; others are given up.
 */
public final class DeliveryException extends Exception {
    private final boolean retryable;
    private final Duration retryAfter;
    private final boolean rateLimited;

    public DeliveryException(String message, boolean retryable, Duration retryAfter, Throwable cause) {
        this(message, retryable, retryAfter, cause, false);
    }

    private DeliveryException(String message, boolean retryable, Duration retryAfter, Throwable cause,
                              boolean rateLimited) {
        super(message, cause);
        this.retryable = retryable;
        this.retryAfter = retryAfter;
        this.rateLimited = rateLimited;
    }

    /**
     * The platform refused the call for its rate limit (HTTP 429): retryable, and a sign that the workspace's budget is
     * spent (see {@link WorkspaceBudget}).
     */
    public static DeliveryException rateLimited(String message, Duration retryAfter, Throwable cause) {
        return new DeliveryException(message, true, retryAfter, cause, true);
    }

    public static DeliveryException retryable(String message, Duration retryAfter, Throwable cause) {
        return new DeliveryException(message, true, retryAfter, cause);
    }

    public static DeliveryException permanent(String message, Throwable cause) {
        return new DeliveryException(message, false, null, cause);
    }

    public boolean retryable() {
        return retryable;
    }

    /** Whether the platform refused the call for its rate limit (HTTP 429). */
    public boolean rateLimited() {
        return rateLimited;
    }

    /** How long the platform asked us to wait, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
