package dev.checklistbot.slack;

import com.slack.api.app_backend.SlackSignature;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Checks that a request comes from Slack before anything reads its body: the {@code X-Slack-Signature} must be the
 * HMAC-SHA256 of {@code v0:<timestamp>:<body>} under the signing secret (computed by Bolt's own
 * {@link SlackSignature.Generator}, compared in constant time), and {@code X-Slack-Request-Timestamp} must be a number
 * of seconds within {@link #WINDOW} of now in either direction. Bolt's own check only refuses timestamps older than
 * five minutes; a request stamped in the future would stay replayable for as long as it is stamped ahead.
 */
final class SlackSignatureCheck {
    static final Duration WINDOW = Duration.ofMinutes(5);
    private static final Pattern SECONDS = Pattern.compile("[0-9]{1,12}");

    /** Why a request was refused (never anything taken from the request itself). */
    enum Verdict {
        VALID("valid"),
        NO_TIMESTAMP("no timestamp"),
        MALFORMED_TIMESTAMP("a timestamp that is not a number of seconds"),
        OUTSIDE_WINDOW("a timestamp more than 5 minutes away"),
        NO_SIGNATURE("no signature"),
        BAD_SIGNATURE("a wrong signature");

        final String reason;

        Verdict(String reason) {
            this.reason = reason;
        }
    }

    private final SlackSignature.Generator generator;
    private final Clock clock;

    SlackSignatureCheck(String signingSecret, Clock clock) {
        if (signingSecret == null || signingSecret.isBlank()) {
            throw new IllegalArgumentException("the Slack signing secret is required to serve Slack over HTTP");
        }
        this.generator = new SlackSignature.Generator(signingSecret);
        this.clock = clock;
    }

    Verdict check(String timestamp, String signature, String body) {
        if (timestamp == null || timestamp.isEmpty()) {
            return Verdict.NO_TIMESTAMP;
        }
        if (!SECONDS.matcher(timestamp).matches()) {
            return Verdict.MALFORMED_TIMESTAMP;
        }
        long now = clock.millis() / 1000;
        if (Math.abs(now - Long.parseLong(timestamp)) > WINDOW.toSeconds()) {
            return Verdict.OUTSIDE_WINDOW;
        }
        if (signature == null || signature.isEmpty()) {
            return Verdict.NO_SIGNATURE;
        }
        String expected = generator.generate(timestamp, body);
        boolean same = expected != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.UTF_8));
        return same ? Verdict.VALID : Verdict.BAD_SIGNATURE;
    }
}
