package dev.cliproxy.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cliproxy.control.domain.error.InvalidInputException;
import dev.cliproxy.control.domain.model.AccountEvent;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.testing.StandInConfig;
import dev.cliproxy.control.testkit.TestClock;
import dev.cliproxy.control.testkit.http.TestHttpClient;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Importing, removing and restoring accounts over real HTTP against real files; the proxy need not run. */
class AccountImportTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final String TOKEN = "ya29.SECRET-access-token";
    private static final String CODEX = "{\"type\":\"codex\",\"email\":\"a@b.c\",\"access_token\":\"" + TOKEN
            + "\",\"expired\":\"2026-12-30T12:00:00Z\"}";

    @TempDir
    Path root;
    private CcsLayout layout;
    private final TestClock clock = new TestClock(NOW);
    private CliProxyControl control;
    private TestHttpClient api;
    private final List<AccountEvent> told = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        layout = new CcsLayout(root.resolve("ccs"));
        StandInConfig.selectPort(layout, StandInConfig.freePort());
        control = CliProxyControl.builder().ccsDirectory(layout.ccsDirectory()).clock(clock)
                .environment(Map.of()).build();
        control.accounts().watch(told::add);
        api = TestHttpClient.at(control.serveHttp(HttpServerOptions.defaults().withPort(0)).uri() + "/api/cliproxy");
    }

    @AfterEach
    void tearDown() {
        control.close();
    }

    @Test
    void anImportIsStoredAsGivenNamedByTypeAndEmailAndNeverEchoed() throws Exception {
        HttpResponse<String> imported = api.post("/accounts/import", CODEX, "Content-Type", "application/json");

        JsonNode account = json(imported, 200);
        assertEquals("codex", account.get("provider").asText());
        assertEquals("codex-a@b.c", account.get("accountId").asText());
        assertEquals("valid", account.get("state").asText());
        assertFalse(imported.body().contains(TOKEN), imported.body());
        Path file = layout.authDirectory().resolve("codex-a@b.c.json");
        assertEquals(CODEX, Files.readString(file), "byte for byte");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(api.get("/auth-files").body().contains("codex-a@b.c.json"));
        assertEquals(List.of(AccountEvent.Kind.ACCOUNT_ADDED), told.stream().map(AccountEvent::kind).toList());
        assertEquals(Optional.empty(), told.getFirst().state(), "an import has no sign-in");

        assertEquals("account_exists", json(api.post("/accounts/import", CODEX), 409).get("code").asText());
        JsonNode named = json(api.post("/accounts/import?name=work.json&replace=false", CODEX), 200);
        assertEquals("work", named.get("accountId").asText());
        json(api.post("/accounts/import?replace=true", "{\"type\":\"codex\",\"email\":\"a@b.c\"}"), 200);
        assertEquals("{\"type\":\"codex\",\"email\":\"a@b.c\"}", Files.readString(file));
    }

    @Test
    void whatIsNoTokenFileOrNoNameIsRefusedAndNothingIsWritten() throws Exception {
        for (String body : List.of("", "not json", "[1]", "{\"type\":\"codex\"} {}", "{\"type\":\"a\",\"type\":\"b\"}",
                "{\"type\":\"qwen\",\"email\":\"a@b.c\"}", "{\"email\":\"a@b.c\"}")) {
            assertEquals("invalid_token_file", json(api.post("/accounts/import", body), 400).get("code").asText(),
                    body);
        }
        for (String name : List.of("", "../x.json", "a/b.json", "x.txt", "CON.json", "a..b.json", "é.json",
                "%2e%2e%2Fx.json", "x\u0000.json", " .json")) {
            HttpResponse<String> refused = api.post("/accounts/import?name=" + encode(name), CODEX);
            assertEquals("invalid_file_name", json(refused, 400).get("code").asText(), name);
            assertFalse(refused.body().contains(TOKEN));
        }
        assertEquals(400, api.post("/accounts/import", "{\"type\":\"codex\",\"email\":\"a/../b\"}").statusCode());
        assertEquals(400, api.post("/accounts/import?replace=yes", CODEX).statusCode());
        assertEquals(400, api.post("/accounts/import?name=a.json&name=b.json", CODEX).statusCode());
        assertEquals(413, api.post("/accounts/import", "{\"type\":\"codex\",\"pad\":\"" + "x".repeat(70_000) + "\"}")
                .statusCode());
        assertFalse(Files.exists(layout.authDirectory()), "nothing written");
        assertEquals(List.of(), told);
    }

    @Test
    void aLinkInAuthIsNeverWrittenThrough() throws Exception {
        Path outside = Files.writeString(root.resolve("outside.json"), "OUTSIDE");
        Files.createDirectories(layout.authDirectory());
        Files.createSymbolicLink(layout.authDirectory().resolve("codex-a@b.c.json"), outside);

        assertEquals(409, api.post("/accounts/import", CODEX).statusCode());
        assertEquals(200, api.post("/accounts/import?replace=true", CODEX).statusCode());

        assertEquals("OUTSIDE", Files.readString(outside));
        assertFalse(Files.isSymbolicLink(layout.authDirectory().resolve("codex-a@b.c.json")));
    }

    @Test
    void aRemovedAccountLeavesAuthAtOnceAndComesBackUntilItsTimeIsUp() throws Exception {
        api.post("/accounts/import", CODEX);

        JsonNode removed = json(api.delete("/accounts/codex/codex-a@b.c"), 200);

        assertEquals(NOW.toEpochMilli(), removed.get("removedAt").asLong());
        assertEquals(NOW.plus(Duration.ofDays(30)).toEpochMilli(), removed.get("purgeAt").asLong());
        assertFalse(removed.get("paused").asBoolean());
        assertFalse(Files.exists(layout.authDirectory().resolve("codex-a@b.c.json")), "the proxy no longer sees it");
        Path kept = layout.removedAuthDirectory().resolve(NOW.toEpochMilli() + "-auth-codex-a@b.c.json");
        assertEquals(CODEX, Files.readString(kept));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(kept)));
        assertEquals("{\"accounts\":[]}", api.get("/accounts").body());
        assertEquals(404, api.delete("/accounts/codex/codex-a@b.c").statusCode());

        clock.advance(Duration.ofDays(29));
        JsonNode restored = json(api.post("/accounts/codex/codex-a@b.c/restore"), 200);
        assertEquals("codex-a@b.c.json", restored.get("file").asText());
        assertEquals(CODEX, Files.readString(layout.authDirectory().resolve("codex-a@b.c.json")));

        api.delete("/accounts/codex/codex-a@b.c");
        clock.advance(Duration.ofDays(30));
        assertEquals(404, api.post("/accounts/codex/codex-a@b.c/restore").statusCode(), "pruned");
        try (Stream<Path> left = Files.list(layout.removedAuthDirectory())) {
            assertEquals(0, left.count(), "deleted for good");
        }
    }

    @Test
    void aPausedAccountIsRemovedAndRestoredPaused() throws Exception {
        api.post("/accounts/import", CODEX);
        api.post("/accounts/codex/codex-a@b.c/pause");

        assertTrue(json(api.delete("/accounts/codex/codex-a@b.c"), 200).get("paused").asBoolean());
        JsonNode restored = json(api.post("/accounts/codex/codex-a@b.c/restore"), 200);

        assertTrue(restored.get("paused").asBoolean());
        assertEquals("manual", restored.get("pauseReason").asText());
        assertTrue(Files.exists(layout.pausedAuthDirectory().resolve("codex-a@b.c.json")));
    }

    @Test
    void theFacadeImportsRemovesAndRestores() {
        var added = control.accounts().importToken(CODEX.getBytes(StandardCharsets.UTF_8), Optional.empty(), false);
        assertEquals("codex-a@b.c.json", added.token().file());
        assertEquals("codex-a@b.c.json", control.accounts().delete("codex", "codex-a@b.c").token().file());
        assertEquals(List.of(), control.accounts().list());
        assertEquals(added.token().file(), control.accounts().restore("codex", "codex-a@b.c").token().file());
        assertThrows(InvalidInputException.class, () -> control.accounts().importToken(
                "nope".getBytes(StandardCharsets.UTF_8), Optional.empty(), false));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static JsonNode json(HttpResponse<String> response, int status) throws IOException {
        assertEquals(status, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }
}
