package dev.checklistbot.web;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;

/**
 * Who may read a report: whoever holds a link signed by this process and not yet expired. A link names what it opens
 * (one run, or the list of runs) and when it stops working; its signature is an HMAC-SHA256, with REPORT_SECRET, of
 * both. Nothing else is accepted: no cookie, no session, no guessable id.
 */
public final class ReportAccess {
    /** The shortest secret accepted (characters); 32 random characters are well over 128 bits. */
    public static final int MIN_SECRET_LENGTH = 32;
    /** What a link to the list of runs opens. */
    public static final String ALL_RUNS = "runs";
    private static final int MAX_EXPIRY_DIGITS = 12;
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    /** @throws IllegalArgumentException when the secret is missing or shorter than {@value #MIN_SECRET_LENGTH} */
    public ReportAccess(String secret) {
        if (secret == null || secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("the report secret must be at least " + MIN_SECRET_LENGTH + " characters");
        }
        key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    /** What a link to one run's report (its page and its downloads) opens. */
    public static String run(long runId) {
        return "run:" + runId;
    }

    /** The query that opens {@code subject} until {@code expires}: {@code exp=EPOCH_SECONDS&sig=BASE64URL}. */
    public String query(String subject, Instant expires) {
        String exp = Long.toString(expires.getEpochSecond());
        return "exp=" + exp + "&sig=" + signature(subject, exp);
    }

    /**
     * Whether {@code exp} and {@code sig} (as they came in the query, possibly null or garbage) open {@code subject}
     * at {@code now}. The signature is compared in constant time, and computed even for an expired link, so that the
     * answer's timing tells nothing about which part was wrong.
     */
    public boolean permits(String subject, String exp, String sig, Instant now) {
        if (exp == null || sig == null || exp.isEmpty() || exp.length() > MAX_EXPIRY_DIGITS
                || !exp.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return false;
        }
        byte[] expected = signature(subject, exp).getBytes(StandardCharsets.US_ASCII);
        boolean signed = MessageDigest.isEqual(expected, sig.getBytes(StandardCharsets.US_ASCII));
        boolean current = now.getEpochSecond() < Long.parseLong(exp);
        return signed & current;
    }

    private String signature(String subject, String exp) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM); // not thread-safe: one per call (cheap next to a page)
            mac.init(key);
            byte[] digest = mac.doFinal((subject + "\n" + exp).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
