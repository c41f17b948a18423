package dev.cliproxy.control.adapter.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.Credential;
import dev.cliproxy.control.domain.model.QuotaProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonCredentialStoreAdapterTest {

    @TempDir
    Path ccs;

    private CcsLayout layout;
    private JsonCredentialStoreAdapter store;

    @BeforeEach
    void setUp() throws IOException {
        layout = new CcsLayout(ccs);
        Files.createDirectories(layout.authDirectory());
        Files.createDirectories(layout.pausedAuthDirectory());
        store = new JsonCredentialStoreAdapter(layout);
    }

    private void write(Path directory, String name, String json) throws IOException {
        Files.writeString(directory.resolve(name), json);
    }

    @Test
    void findsCodexByEmailInItsFileNameAndReadsAccountIdAndExpiry() throws IOException {
        write(layout.authDirectory(), "codex-user@example.com.json", """
                {"type":"codex","email":"user@example.com","access_token":"tok-codex","account_id":"acct-9",
                 "expired":"2026-03-01T10:00:00+01:00"}""");
        Credential c = store.find(QuotaProvider.CODEX, "user@example.com").orElseThrow();
        assertEquals("codex-user@example.com.json", c.fileName());
        assertEquals("tok-codex", c.accessToken());
        assertEquals(Optional.of("acct-9"), c.accountId());
        assertEquals(Optional.of(Instant.parse("2026-03-01T09:00:00Z")), c.expiresAt());
        assertFalse(c.paused());
        assertFalse(c.toString().contains("tok-codex"));
    }

    @Test
    void findsGeminiByStemWithNestedTokenAndProjectFromAccount() throws IOException {
        write(layout.authDirectory(), "user@gmail.com-gen-lang-client-123.json", """
                {"type":"gemini","email":"user@gmail.com","token":{"access_token":"tok-g","expiry":1767225600},
                 "account":"user@gmail.com (gen-lang-client-123)"}""");
        Credential c = store.find(QuotaProvider.GEMINI, "user@gmail.com-gen-lang-client-123").orElseThrow();
        assertEquals("tok-g", c.accessToken());
        assertEquals(Optional.of("gen-lang-client-123"), c.projectId());
        assertEquals(Optional.of(Instant.ofEpochSecond(1767225600)), c.expiresAt());
    }

    @Test
    void findsByEmailFieldWhenTheNameDoesNotTellAndChecksTheType() throws IOException {
        write(layout.authDirectory(), "antigravity-1.json", """
                {"type":"antigravity","email":"a@b.co","access_token":"tok-a","project_id":"p","expired":1767225600000}""");
        write(layout.authDirectory(), "claude-2.json", """
                {"type":"claude","email":"a@b.co","access_token":"tok-c"}""");
        assertEquals("tok-a", store.find(QuotaProvider.AGY, "a@b.co").orElseThrow().accessToken());
        assertEquals(Optional.of(Instant.ofEpochMilli(1767225600000L)),
                store.find(QuotaProvider.AGY, "a@b.co").orElseThrow().expiresAt());
        assertEquals("tok-c", store.find(QuotaProvider.CLAUDE, "A@B.CO").orElseThrow().accessToken());
        assertEquals(Optional.empty(), store.find(QuotaProvider.CODEX, "a@b.co"));
        // The stem of a claude file does not make it an antigravity account.
        assertEquals(Optional.empty(), store.find(QuotaProvider.AGY, "claude-2"));
    }

    @Test
    void findsTheSanitizedCcsNameAndPausedFilesAfterActiveOnes() throws IOException {
        write(layout.pausedAuthDirectory(), "github-copilot-octo.json", """
                {"type":"github-copilot","username":"octo","access_token":"tok-paused"}""");
        Credential paused = store.find(QuotaProvider.GHCP, "octo").orElseThrow();
        assertTrue(paused.paused());
        assertEquals(Optional.of("octo"), paused.email());

        write(layout.authDirectory(), "kiro-me_x_com.json", """
                {"type":"kiro","access_token":"tok-k","profile_arn":"arn:1","expires_at":"2030-01-01T00:00:00Z"}""");
        Credential kiro = store.find(QuotaProvider.KIRO, "me@x.com").orElseThrow();
        assertEquals(Optional.of("arn:1"), kiro.profileArn());

        write(layout.authDirectory(), "github-copilot-octo.json", """
                {"type":"copilot","username":"octo","access_token":"tok-active"}""");
        assertEquals("tok-active", store.find(QuotaProvider.GHCP, "octo").orElseThrow().accessToken());
    }

    @Test
    void ignoresFilesWithoutTokenUnparseableOrLinkedOutside(@TempDir Path outside) throws IOException {
        write(layout.authDirectory(), "codex-none.json", "{\"type\":\"codex\",\"email\":\"n@x\"}");
        write(layout.authDirectory(), "codex-bad.json", "{not json");
        Path target = outside.resolve("codex-link.json");
        Files.writeString(target, "{\"type\":\"codex\",\"access_token\":\"tok-outside\"}");
        Files.createSymbolicLink(layout.authDirectory().resolve("codex-link.json"), target);
        Files.createDirectories(layout.authDirectory().resolve("codex-dir.json"));
        assertEquals(Optional.empty(), store.find(QuotaProvider.CODEX, "n@x"));
        assertEquals(Optional.empty(), store.find(QuotaProvider.CODEX, "codex-bad"));
        assertEquals(Optional.empty(), store.find(QuotaProvider.CODEX, "codex-link"));
        assertEquals(Optional.empty(), store.find(QuotaProvider.CODEX, "codex-dir"));
    }

    @Test
    void missingDirectoriesFindNothing(@TempDir Path empty) {
        assertEquals(Optional.empty(),
                new JsonCredentialStoreAdapter(new CcsLayout(empty)).find(QuotaProvider.CODEX, "x@y"));
    }
}
