package dev.checklistbot.web;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportAccessTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef-test";
    private static final Instant NOW = Instant.parse("2026-12-02T09:00:00Z");
    private final ReportAccess access = new ReportAccess(SECRET);

    private static String exp(String query) {
        return ReportSite.parameter(query, "exp");
    }

    private static String sig(String query) {
        return ReportSite.parameter(query, "sig");
    }

    @Test
    void aLinkItSignedOpensItsRunUntilItExpires() {
        String query = access.query(ReportAccess.run(42), NOW.plusSeconds(3600));
        assertThat(access.permits(ReportAccess.run(42), exp(query), sig(query), NOW)).isTrue();
        assertThat(access.permits(ReportAccess.run(42), exp(query), sig(query), NOW.plusSeconds(3599))).isTrue();
        assertThat(access.permits(ReportAccess.run(42), exp(query), sig(query), NOW.plusSeconds(3600))).isFalse();
    }

    @Test
    void anExpiredLinkIsRefused() {
        String query = access.query(ReportAccess.run(42), NOW.minusSeconds(1));
        assertThat(access.permits(ReportAccess.run(42), exp(query), sig(query), NOW)).isFalse();
    }

    @Test
    void aLinkForOneRunDoesNotOpenAnotherNorTheList() {
        String query = access.query(ReportAccess.run(42), NOW.plusSeconds(3600));
        assertThat(access.permits(ReportAccess.run(43), exp(query), sig(query), NOW)).isFalse();
        assertThat(access.permits(ReportAccess.run(4), exp(query), sig(query), NOW)).isFalse();
        assertThat(access.permits(ReportAccess.ALL_RUNS, exp(query), sig(query), NOW)).isFalse();
    }

    @Test
    void aTamperedSignatureOrExpiryIsRefused() {
        String query = access.query(ReportAccess.run(42), NOW.plusSeconds(3600));
        String sig = sig(query);
        String flipped = (sig.charAt(0) == 'A' ? 'B' : 'A') + sig.substring(1);
        assertThat(access.permits(ReportAccess.run(42), exp(query), flipped, NOW)).isFalse();
        assertThat(access.permits(ReportAccess.run(42), exp(query), sig.substring(1), NOW)).isFalse();
        assertThat(access.permits(ReportAccess.run(42), exp(query), sig + "A", NOW)).isFalse();
        String later = Long.toString(Long.parseLong(exp(query)) + 86_400);
        assertThat(access.permits(ReportAccess.run(42), later, sig, NOW)).isFalse();
    }

    @Test
    void garbageIsRefusedWithoutAThrow() {
        assertThat(access.permits(ReportAccess.run(42), null, null, NOW)).isFalse();
        assertThat(access.permits(ReportAccess.run(42), "", "", NOW)).isFalse();
        assertThat(access.permits(ReportAccess.run(42), "-1", "x", NOW)).isFalse();
        assertThat(access.permits(ReportAccess.run(42), "99999999999999999999999", "x", NOW)).isFalse();
        assertThat(access.permits(ReportAccess.run(42), "1e9", "x", NOW)).isFalse();
        assertThat(access.permits(ReportAccess.run(42), "9999999999", "é%00<script>", NOW)).isFalse();
    }

    @Test
    void anotherSecretsLinkIsRefused() {
        String query = new ReportAccess(SECRET + "-other").query(ReportAccess.run(42), NOW.plusSeconds(3600));
        assertThat(access.permits(ReportAccess.run(42), exp(query), sig(query), NOW)).isFalse();
    }

    @Test
    void aMissingOrShortSecretIsRefusedAtOnce() {
        assertThatThrownBy(() -> new ReportAccess(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReportAccess("too-short")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 32");
    }
}
