package dev.cliproxy.control.bootstrap.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cliproxy.control.CliProxyControlBuilder;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.testing.StandInConfig;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountRoutesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MARKER = "SECRET-MARKER-7f3a";
    private static final FileTime LONG_AGO = FileTime.from(Instant.parse("2026-11-01T08:00:00Z"));

    @TempDir
    Path ccs;
    private CcsLayout layout;
    private TestApi api;
    private final List<String> logged = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record.getMessage() + " " + List.of(record.getParameters() == null
                    ? new Object[0] : record.getParameters()) + " " + record.getThrown());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void setUp() throws IOException {
        layout = new CcsLayout(ccs);
        StandInConfig.selectPort(layout, StandInConfig.freePort());
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void tearDown() {
        Logger.getLogger("").removeHandler(capture);
        if (api != null) {
            api.close();
        }
    }

    private void start(Consumer<CliProxyControlBuilder> customise) {
        api = TestApi.start(ccs, customise);
    }

    private Path token(Path directory, String name, Map<String, Object> fields) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve(name);
        Files.write(file, JSON.writeValueAsBytes(fields));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Files.setLastModifiedTime(file, LONG_AGO);
        return file;
    }

    /** Every field of every provider's file (cliproxyapi.md §5, ccs-behaviour.md §7.2) but those the answer shows. */
    @Test
    void noTokenNorAnyOtherSecretFieldReachesTheAnswerOrTheLogs() throws Exception {
        String m = MARKER;
        Map<String, Map<String, Object>> files = Map.of(
                "codex-a.json", fields("type", "codex", "id_token", m, "access_token", m, "refresh_token", m,
                        "account_id", m, "last_refresh", m, "email", "a@x.y", "expired", "2026-12-01T00:00:00Z"),
                "claude-a.json", fields("type", "claude", "id_token", m, "access_token", m, "refresh_token", m,
                        "account_uuid", m, "organization_uuid", m, "organization_name", m, "claude_device_ids",
                        List.of(m), "last_refresh", m, "email", "c@x.y"),
                "antigravity-a.json", fields("type", "antigravity", "access_token", m, "refresh_token", m,
                        "expires_in", 3599, "timestamp", 1_764_000_000_000L, "project_id", m, "token_type", m,
                        "scope", m, "last_refresh", m, "is_google_internal", m),
                "gemini-a.json", fields("type", "gemini", "token", fields("access_token", m, "refresh_token", m,
                        "expiry", "2026-12-01T00:00:00Z", "token_type", m, "token_uri", m, "client_id", m,
                        "client_secret", m, "scopes", List.of(m), "universe_domain", m), "project_id", m,
                        "account", m, "auto", m, "checked", m),
                "iflow-a.json", fields("type", "iflow", "access_token", m, "refresh_token", m, "api_key", m,
                        "cookie", m, "expired", "2026-12-01T00:00:00Z", "last_refresh", m, "scope", m,
                        "token_type", m),
                "kiro-aws-a.json", fields("type", "kiro", "access_token", m, "refresh_token", m, "profile_arn", m,
                        "expires_at", "2026-12-01T00:00:00Z", "auth_method", m, "provider", m, "client_id", m,
                        "client_secret", m, "last_refresh", m),
                "github-copilot-a.json", fields("type", "github-copilot", "username", "octo", "access_token", m,
                        "token_type", m, "scope", m, "timestamp", 1_764_000_000_000L,
                        "token", fields("access_token", m)),
                "xai-a.json", fields("type", "xai", "access_token", m, "refresh_token", m, "id_token", m,
                        "sub", m, "base_url", m, "redirect_uri", m, "token_endpoint", m, "auth_kind", m,
                        "disabled", m, "prefix", m, "proxy_url", m, "note", m));
        for (Map.Entry<String, Map<String, Object>> file : files.entrySet()) {
            token(layout.authDirectory(), file.getKey(), file.getValue());
        }
        token(layout.pausedAuthDirectory(), "qwen-a.json", fields("type", "qwen", "access_token", m,
                "refresh_token", m, "resource_url", m, "last_refresh", m));
        start(builder -> { });

        HttpResponse<String> listed = api.get("/accounts");
        HttpResponse<String> paused = api.send(post("/accounts/codex/codex-a/pause"));
        HttpResponse<String> resumed = api.send(post("/accounts/qwen/qwen-a/resume"));
        String facade = api.control().accounts().list().toString();

        assertEquals(200, listed.statusCode());
        assertEquals(9, JSON.readTree(listed.body()).get("accounts").size());
        assertEquals(200, paused.statusCode(), paused.body());
        assertEquals(200, resumed.statusCode(), resumed.body());
        for (String answer : List.of(listed.body(), paused.body(), resumed.body(), facade,
                Files.readString(layout.accountStateFile()))) {
            assertFalse(answer.contains(MARKER), answer);
        }
        assertFalse(logged.isEmpty(), "the access log was captured");
        assertTrue(logged.stream().noneMatch(line -> line.contains(MARKER)), String.join("\n", logged));
    }

    @Test
    void listsEachAccountWithItsHealthAndPause() throws Exception {
        Instant soon = Instant.now().plus(Duration.ofHours(2));
        token(layout.authDirectory(), "codex-a@x.y.json", fields("type", "codex", "email", "a@x.y",
                "expired", soon.toString()));
        token(layout.authDirectory(), "claude-old.json", fields("type", "claude", "expired", "2020-01-01T00:00:00Z"));
        token(layout.pausedAuthDirectory(), "gemini-p.json", fields("type", "gemini"));
        start(builder -> builder.tokenExpiringWindow(Duration.ofHours(1)));

        JsonNode accounts = JSON.readTree(api.get("/accounts").body()).get("accounts");

        assertEquals(JSON.readTree("""
                {"provider":"claude","accountId":"claude-old","file":"claude-old.json","paused":false,
                 "expiresAt":1577836800000,"state":"expired","modifiedAt":%d}""".formatted(LONG_AGO.toMillis())),
                accounts.get(0));
        assertEquals(JSON.readTree("""
                {"provider":"codex","accountId":"codex-a@x.y","file":"codex-a@x.y.json","email":"a@x.y",
                 "paused":false,"expiresAt":%d,"state":"valid","modifiedAt":%d}"""
                .formatted(soon.toEpochMilli(), LONG_AGO.toMillis())), accounts.get(1));
        assertEquals(JSON.readTree("""
                {"provider":"gemini","accountId":"gemini-p","file":"gemini-p.json","paused":true,
                 "pauseReason":"manual","state":"unknown","modifiedAt":%d}""".formatted(LONG_AGO.toMillis())),
                accounts.get(2));
    }

    @Test
    void theExpiringWindowIsABuilderOptionOfADayByDefault() throws Exception {
        Instant in2h = Instant.now().plus(Duration.ofHours(2));
        token(layout.authDirectory(), "codex-a.json", fields("type", "codex", "expired", in2h.toString()));
        start(builder -> { });
        assertEquals("expiring", JSON.readTree(api.get("/accounts").body()).at("/accounts/0/state").asText());
        api.close();
        start(builder -> builder.tokenExpiringWindow(Duration.ofMinutes(30)));
        assertEquals("valid", JSON.readTree(api.get("/accounts").body()).at("/accounts/0/state").asText());
    }

    @Test
    void pauseAndResumeMoveTheFileKeeping0600AndRecordTheManualPause() throws Exception {
        Path active = token(layout.authDirectory(), "codex-a@x.y.json", fields("type", "codex", "email", "a@x.y"));
        Path paused = layout.pausedAuthDirectory().resolve("codex-a@x.y.json");
        start(builder -> { });

        HttpResponse<String> pause = api.send(post("/accounts/codex/codex-a@x.y/pause"));

        assertEquals(200, pause.statusCode(), pause.body());
        JsonNode body = JSON.readTree(pause.body());
        assertTrue(body.get("paused").asBoolean());
        assertEquals("manual", body.get("pauseReason").asText());
        assertFalse(Files.exists(active));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(paused)));
        JsonNode state = JSON.readTree(layout.accountStateFile().toFile());
        assertEquals("manual", state.at("/accounts/codex-a@x.y.json/reason").asText());

        assertError(api.send(post("/accounts/codex/codex-a@x.y/pause")), 409, "account_already_paused");

        HttpResponse<String> resume = api.send(post("/accounts/codex/codex-a@x.y/resume"));

        assertEquals(200, resume.statusCode(), resume.body());
        assertFalse(JSON.readTree(resume.body()).has("pauseReason"));
        assertTrue(Files.exists(active));
        assertFalse(Files.exists(paused));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(active)));
        // The pause is forgotten; the person's resume is noted, so that the quota automation respects it.
        JsonNode entry = JSON.readTree(layout.accountStateFile().toFile()).at("/accounts/codex-a@x.y.json");
        assertTrue(entry.path("reason").isMissingNode(), entry.toString());
        assertTrue(entry.at("/hold/resumedAt").isNumber(), entry.toString());
        assertError(api.send(post("/accounts/codex/codex-a@x.y/resume")), 409, "account_not_paused");
    }

    @Test
    void anUnknownAccountOrAMalformedNameIsRefusedAndNothingChanges() throws Exception {
        Path active = token(layout.authDirectory(), "codex-a.json", fields("type", "codex"));
        start(builder -> { });

        assertError(api.send(post("/accounts/codex/codex-b/pause")), 404, "account_not_found");
        assertError(api.send(post("/accounts/claude/codex-a/pause")), 404, "account_not_found");
        // An encoded separator never reaches the route.
        assertEquals(404, api.send(post("/accounts/codex/..%2Fauth%2Fcodex-a/pause")).statusCode());
        assertError(api.send(post("/accounts/codex/..%5Ccodex-a/pause")), 400, "invalid_account_id");
        assertError(api.send(post("/accounts/codex/a..b/resume")), 400, "invalid_account_id");
        assertError(api.send(post("/accounts/Codex!/codex-a/pause")), 400, "invalid_provider");

        assertTrue(Files.exists(active));
        assertFalse(Files.exists(layout.pausedAuthDirectory()));
        assertFalse(Files.exists(layout.accountStateFile()));
    }

    /** A token file's fields, in order (more than {@code Map.of} takes). */
    private static Map<String, Object> fields(Object... keysAndValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            fields.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return fields;
    }

    private HttpRequest.Builder post(String path) {
        return HttpRequest.newBuilder(api.uri(path)).POST(HttpRequest.BodyPublishers.noBody());
    }

    private static void assertError(HttpResponse<String> response, int status, String code) throws IOException {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(code, JSON.readTree(response.body()).get("code").asText(), response.body());
    }
}
