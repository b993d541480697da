package dev.checklistbot.audit;

import dev.checklistbot.run.RunEvent;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.HexFormat;
import java.util.Locale;

/**
 * How one audit event is linked to the one before it in its run: the hash of a canonical encoding of the event that
 * includes the previous event's hash, so that changing, removing or reordering any event breaks every link after it.
 *
 * <p><b>Canonical encoding, version 1</b> (what is hashed; never change it, add a version 2 instead). A sequence of
 * twelve fields in this order, each written as its length in bytes (4 bytes, unsigned big-endian) followed by its
 * UTF-8 bytes; a missing value (null) is written as the length {@code 0xFFFFFFFF} and no bytes, so that null and ""
 * differ:
 * <ol>
 *   <li>the format tag {@code checklist-bot/audit/v1}</li>
 *   <li>the run id, in decimal</li>
 *   <li>the event's sequence number in its run's trail (1 for the run's first event), in decimal</li>
 *   <li>when, as ISO-8601 UTC with nine fraction digits: {@code 2026-03-01T10:15:30.123456789Z}</li>
 *   <li>the actor's id</li>
 *   <li>the actor's display name as recorded</li>
 *   <li>the type ({@code STEP_DONE}, ...)</li>
 *   <li>the step number, in decimal (0: the whole run)</li>
 *   <li>the text (note, skip or abort reason), or null</li>
 *   <li>the other person's id, or null</li>
 *   <li>the other person's display name, or null</li>
 *   <li>the previous event's hash as stored (with its prefix), or null for the first event of the chain</li>
 * </ol>
 *
 * <p><b>Hash</b>: {@code sha256:} + the lower-case hex SHA-256 of the encoding; or, with a key ({@code AUDIT_KEY}),
 * {@code hmac-sha256:KEYID:} + the hex HMAC-SHA256 of the encoding under the key's UTF-8 bytes, where KEYID is the
 * first 8 hex digits of HMAC-SHA256(key, {@code "checklist-bot audit key id"}): it tells which key a chain needs
 * without revealing it. Without the key, someone who can write the database can recompute a plain SHA-256 chain,
 * but not a keyed one.
 */
public final class AuditChain {
    public static final String SHA256 = "sha256";
    public static final String HMAC_SHA256 = "hmac-sha256";
    static final String FORMAT = "checklist-bot/audit/v1";
    private static final String KEY_ID_INPUT = "checklist-bot audit key id";
    private static final DateTimeFormatter TIME = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 9, 9, true)
            .appendLiteral('Z')
            .toFormatter(Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] key;
    private final String keyId;

    private AuditChain(byte[] key) {
        this.key = key;
        this.keyId = key == null ? null : HEX.formatHex(hmac(key, KEY_ID_INPUT.getBytes(StandardCharsets.UTF_8)))
                .substring(0, 8);
    }

    /** Plain SHA-256 links: anyone can check them, and anyone who can write the database can recompute them. */
    public static AuditChain unkeyed() {
        return new AuditChain(null);
    }

    /** HMAC-SHA256 links under {@code key} (its UTF-8 bytes). The key is kept in this object only, never shown. */
    public static AuditChain keyed(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("an audit key may not be empty");
        }
        return new AuditChain(key.getBytes(StandardCharsets.UTF_8));
    }

    public boolean isKeyed() {
        return key != null;
    }

    /** The key's public id (8 hex digits), or null without a key. */
    public String keyId() {
        return keyId;
    }

    /** What new links are made with: {@code sha256} or {@code hmac-sha256:KEYID}. */
    public String scheme() {
        return key == null ? SHA256 : HMAC_SHA256 + ":" + keyId;
    }

    /** The hash of the {@code sequence}-th event of its run, which follows the event whose hash is {@code previousHash}. */
    public String link(RunEvent event, long sequence, String previousHash) {
        byte[] encoded = encode(event, sequence, previousHash);
        return key == null ? SHA256 + ":" + HEX.formatHex(sha256(encoded))
                : HMAC_SHA256 + ":" + keyId + ":" + HEX.formatHex(hmac(key, encoded));
    }

    /** The scheme a stored hash was made with ({@code sha256} or {@code hmac-sha256:KEYID}), or null if unreadable. */
    public static String schemeOf(String hash) {
        if (hash == null) {
            return null;
        }
        if (hash.startsWith(SHA256 + ":") && hash.length() == SHA256.length() + 1 + 64) {
            return SHA256;
        }
        if (hash.startsWith(HMAC_SHA256 + ":") && hash.length() == HMAC_SHA256.length() + 1 + 8 + 1 + 64) {
            return hash.substring(0, HMAC_SHA256.length() + 1 + 8);
        }
        return null;
    }

    /** The canonical encoding (see the class comment). */
    public static byte[] encode(RunEvent event, long sequence, String previousHash) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        field(out, FORMAT);
        field(out, Long.toString(event.runId()));
        field(out, Long.toString(sequence));
        field(out, TIME.format(event.at()));
        field(out, event.actor().id());
        field(out, event.actor().name());
        field(out, event.type().name());
        field(out, Integer.toString(event.step()));
        field(out, event.text());
        field(out, event.other() == null ? null : event.other().id());
        field(out, event.other() == null ? null : event.other().name());
        field(out, previousHash);
        return out.toByteArray();
    }

    private static void field(ByteArrayOutputStream out, String value) {
        if (value == null) {
            out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        int n = bytes.length;
        out.writeBytes(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        out.writeBytes(bytes);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is missing from this Java", e);
        }
    }

    /** Never shows the key. */
    @Override
    public String toString() {
        return "AuditChain[" + scheme() + "]";
    }
}
