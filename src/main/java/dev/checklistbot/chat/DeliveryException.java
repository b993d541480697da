package dev.checklistbot.chat;

import java.time.Duration;

/**
 * A chat platform did not take a message. Retryable failures (rate limits, 5xx, network) are tried again
 * later, after {@link #retryAfter()} if the platform said how long to wait; others are given up.
 */
public final class DeliveryException extends Exception {
    private final boolean retryable;
    private final Duration retryAfter;

    public DeliveryException(String message, boolean retryable, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
        this.retryAfter = retryAfter;
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

    /** How long the platform asked us to wait, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
