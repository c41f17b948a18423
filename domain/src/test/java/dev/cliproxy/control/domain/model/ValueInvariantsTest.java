package dev.cliproxy.control.domain.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The rules the domain's small value types keep: what they refuse, what they copy, what they show. */
class ValueInvariantsTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void quotaPolicyRefusesANegativeTtlAndFewerThanOneRequestPerMinute() {
        assertDoesNotThrow(() -> new QuotaPolicy(Duration.ZERO, 1, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new QuotaPolicy(Duration.ofMillis(-1), 1, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new QuotaPolicy(Duration.ZERO, 0, Duration.ZERO));
    }

    @Test
    void aRunningProxyHasNoNegativeSessionCount() {
        ProxyStatus.Running none = new ProxyStatus.Running(8317, OptionalLong.empty(), 0, Optional.empty());
        assertTrue(none.running());
        assertFalse(new ProxyStatus.NotRunning().running());
        assertThrows(IllegalArgumentException.class,
                () -> new ProxyStatus.Running(8317, OptionalLong.empty(), -1, Optional.empty()));
    }

    @Test
    void aStoredFileHasNoNegativeSize() {
        assertEquals(0, new StoredFile("a", 0, NOW).size());
        assertThrows(IllegalArgumentException.class, () -> new StoredFile("a", -1, NOW));
    }

    @Test
    void writePreconditionsAsIfMatchDefinesThem() {
        EntityTag a = EntityTag.of("a".getBytes(StandardCharsets.UTF_8));
        EntityTag b = EntityTag.of("b".getBytes(StandardCharsets.UTF_8));
        WritePrecondition matchesA = new WritePrecondition.MatchesAny(List.of(a));
        assertTrue(new WritePrecondition.Unconditional().allows(Optional.empty()));
        assertTrue(new WritePrecondition.Unconditional().allows(Optional.of(b)));
        assertTrue(new WritePrecondition.AnyExisting().allows(Optional.of(b)));
        assertFalse(new WritePrecondition.AnyExisting().allows(Optional.empty()));
        assertTrue(matchesA.allows(Optional.of(a)));
        assertFalse(matchesA.allows(Optional.of(b)));
        assertFalse(matchesA.allows(Optional.empty()));
    }

    @Test
    void anEntityTagIsTheContentsDigestQuoted() {
        EntityTag tag = EntityTag.of("x".getBytes(StandardCharsets.UTF_8));
        assertEquals(tag, EntityTag.of("x".getBytes(StandardCharsets.UTF_8)));
        assertNotEquals(tag, EntityTag.of("y".getBytes(StandardCharsets.UTF_8)));
        assertEquals(43, tag.value().length(), "SHA-256 in unpadded base64url");
        assertEquals('"' + tag.value() + '"', tag.headerValue());
    }

    @Test
    void aConfigDocumentIsItsPathBytesAndTagAndNeverSharesItsBytes() {
        byte[] bytes = "port: 1\n".getBytes(StandardCharsets.UTF_8);
        ConfigDocument document = new ConfigDocument(Path.of("c.yaml"), bytes, EntityTag.of(bytes));
        bytes[0] = 'X';
        byte[] read = document.content();
        assertArrayEquals("port: 1\n".getBytes(StandardCharsets.UTF_8), read);
        read[0] = 'Y';
        assertEquals('p', document.content()[0]);

        ConfigDocument same = new ConfigDocument(Path.of("c.yaml"), "port: 1\n".getBytes(StandardCharsets.UTF_8),
                document.etag());
        assertEquals(document, same);
        assertEquals(document.hashCode(), same.hashCode());
        assertNotEquals(document, new ConfigDocument(Path.of("d.yaml"), document.content(), document.etag()));
        assertNotEquals(document, new ConfigDocument(Path.of("c.yaml"), new byte[1], document.etag()));
        assertNotEquals(document, new ConfigDocument(Path.of("c.yaml"), document.content(), EntityTag.of(new byte[1])));
        assertNotEquals(document, "c.yaml");
        assertEquals("ConfigDocument[path=c.yaml, 8 bytes, etag=" + document.etag().value() + "]",
                document.toString());
    }

    @Test
    void anUpstreamResponseFindsHeadersWhateverTheirCaseAndNeverSharesItsBody() {
        byte[] body = "héllo".getBytes(StandardCharsets.UTF_8);
        UpstreamResponse response = new UpstreamResponse(200, Map.of("Retry-After", "5"), body);
        body[0] = 'X';
        assertEquals(Optional.of("5"), response.header("retry-after"));
        assertEquals(Optional.of("5"), response.header("RETRY-AFTER"));
        assertEquals(Optional.empty(), response.header("etag"));
        assertEquals(Map.of("retry-after", "5"), response.headers());
        assertEquals("héllo", response.bodyText());
        java.util.Map<String, String> twice = new java.util.LinkedHashMap<>();
        twice.put("X-Seen", "first");
        twice.put("x-seen", "second");
        assertEquals(Optional.of("first"), new UpstreamResponse(200, twice, new byte[0]).header("x-seen"),
                "the first value of a header sent twice");
        response.body()[0] = 'Y';
        assertEquals("héllo", new String(response.body(), StandardCharsets.UTF_8));
    }

    @Test
    void upstreamRequestsNameTheirMethodAndBody() {
        URI uri = URI.create("https://example.invalid/q");
        UpstreamRequest get = UpstreamRequest.get(uri, Map.of("a", "b"), "Bearer");
        assertEquals(new UpstreamRequest("GET", uri, Map.of("a", "b"), Optional.empty(), "Bearer"), get);
        UpstreamRequest post = UpstreamRequest.post(uri, Map.of(), "{}", "token");
        assertEquals(new UpstreamRequest("POST", uri, Map.of(), Optional.of("{}"), "token"), post);
    }

    @Test
    void providersAreNamedByTheirLowerCaseIdInUrls() {
        for (QuotaProvider provider : QuotaProvider.builtIn()) {
            assertEquals(provider.id().toLowerCase(java.util.Locale.ROOT), provider.id());
        }
        assertEquals("agy, gemini, codex, iflow, kiro, ghcp, claude",
                String.join(", ", QuotaProvider.builtIn().stream().map(QuotaProvider::id).toList()));
        assertEquals("percent", QuotaUnit.PERCENT.id());
        assertEquals("tokens", QuotaUnit.TOKENS.id());
        assertEquals("sessions-changed", ProxyStatusChange.Kind.SESSIONS_CHANGED.id());
        assertEquals("status", ProxyStatusChange.Kind.CURRENT.id());
    }

    @Test
    void eachBackendHasItsOwnReleaseRepository() {
        assertEquals("router-for-me/CLIProxyAPI", Backend.ORIGINAL.releaseRepository());
        assertEquals("kaitranntt/CLIProxyAPIPlus", Backend.PLUS.releaseRepository());
    }

    @Test
    void aCredentialIsExpiredFromItsRecordedExpiryOnAndNeverShowsItsToken() {
        assertFalse(credential(Optional.empty(), false).expiredAt(NOW), "no expiry recorded");
        assertFalse(credential(Optional.of(NOW.plusMillis(1)), false).expiredAt(NOW));
        assertTrue(credential(Optional.of(NOW), false).expiredAt(NOW));
        assertTrue(credential(Optional.of(NOW.minusSeconds(60)), false).expiredAt(NOW));

        assertEquals("Credential[codex, codex-a.json, token=<redacted>]", credential(Optional.empty(), false).toString());
        assertEquals("Credential[codex, codex-a.json, paused, token=<redacted>]",
                credential(Optional.empty(), true).toString());
    }

    @Test
    void clientKeysAreNeverShown() {
        String text = new ClientKeys("sk-secret-1", "mgmt-secret-2").toString();
        assertFalse(text.contains("sk-secret-1") || text.contains("mgmt-secret-2"), text);
        assertTrue(text.startsWith("ClientKeys["), text);
    }

    @Test
    void namesShowAsThemselves() {
        assertEquals("a.json", AuthFileName.parse("a.json").orElseThrow().toString());
        assertEquals("error-x.log", ErrorLogName.parse("error-x.log").orElseThrow().toString());
    }

    @Test
    void closingFileContentClosesItsStream() throws IOException {
        AtomicBoolean closed = new AtomicBoolean();
        try (FileContent content = new FileContent(1, new ByteArrayInputStream(new byte[1]) {
            @Override
            public void close() {
                closed.set(true);
            }
        })) {
            assertEquals(1, content.size());
        }
        assertTrue(closed.get());
    }

    @Test
    void theOwnerOfASessionIsItsProcessPidAndStart() {
        ProcessInfo process = new ProcessInfo(42, Optional.of(NOW), Optional.of("java"), List.of());
        assertEquals(new SessionOwner(42, Optional.of(NOW)), SessionOwner.of(process));
    }

    @Test
    void aCachedQuotaAnswerIsTheSameAnswerMarkedCached() {
        QuotaResult.Fetched fresh = new QuotaResult.Fetched(QuotaProvider.CODEX, "acc",
                List.of(QuotaEntry.percent("m", 0.5, NOW)), NOW, false);
        assertEquals(new QuotaResult.Fetched(QuotaProvider.CODEX, "acc", fresh.quotas(), NOW, true), fresh.asCached());
    }

    private static Credential credential(Optional<Instant> expiresAt, boolean paused) {
        return new Credential(QuotaProvider.CODEX, "codex-a.json", paused, Optional.empty(), "tok-123", expiresAt,
                Optional.empty(), Optional.empty(), Optional.empty());
    }
}
