package dev.cliproxy.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cliproxy.control.domain.error.ControlException;
import dev.cliproxy.control.domain.model.Backend;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.testing.StandInConfig;
import dev.cliproxy.control.testkit.InMemoryProxyHost;
import dev.cliproxy.control.testkit.http.LoopbackStub;
import dev.cliproxy.control.testkit.http.LoopbackStub.Reply;
import dev.cliproxy.control.testkit.http.TestHttpClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/cliproxy/quota/{provider}/{accountId}} end to end: real files, real server, loopback stubs. */
class QuotaApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MARKER = "SECRET-MARKER-";
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final String CODEX_USAGE = """
            {"plan_type":"pro","rate_limit":{"primary_window":{"used_percent":25,"limit_window_seconds":18000,"reset_at":1767229200}}}""";

    interface Script {
        Reply answer(String path, String authorization, String body);
    }

    @TempDir
    Path ccs;

    private LoopbackStub upstream;
    private volatile Script script = (path, auth, body) -> Reply.json(200, CODEX_USAGE);
    /** Plays the proxy for the probe only: a proxy "runs" on the stub's port once a test launches one there. */
    private final InMemoryProxyHost proxy = new InMemoryProxyHost(Clock.fixed(NOW, ZoneOffset.UTC));
    private CliProxyControl control;
    private HttpServerHandle api;

    @BeforeEach
    void setUp() throws IOException {
        Path auth = Files.createDirectories(ccs.resolve("cliproxy/auth"));
        Files.createDirectories(ccs.resolve("cliproxy/auth-paused"));
        writeAuth(auth, "codex-user@example.com.json", """
                {"type":"codex","email":"user@example.com","access_token":"SECRET-MARKER-codex","account_id":"acct-1",
                 "refresh_token":"SECRET-MARKER-refresh","expired":"2099-01-01T00:00:00Z"}""");
        writeAuth(auth, "codex-team#2.json", """
                {"type":"codex","email":"team@example.com","access_token":"SECRET-MARKER-team"}""");
        writeAuth(auth, "codex-old@example.com.json", """
                {"type":"codex","email":"old@example.com","access_token":"SECRET-MARKER-old","expired":"2020-01-01T00:00:00Z"}""");
        writeAuth(auth, "gemini-user@example.com-proj-1.json", """
                {"type":"gemini","email":"user@example.com","project_id":"proj-1","token":{"access_token":"SECRET-MARKER-gemini"}}""");
        writeAuth(auth, "antigravity-user@example.com.json", """
                {"type":"antigravity","email":"user@example.com","access_token":"SECRET-MARKER-agy","project_id":"p"}""");
        writeAuth(auth, "claude-user@example.com.json", """
                {"type":"claude","email":"user@example.com","access_token":"SECRET-MARKER-claude"}""");
        writeAuth(auth, "kiro-aws-user.json", """
                {"type":"kiro","email":"user@example.com","access_token":"SECRET-MARKER-kiro","profile_arn":"arn:x"}""");
        writeAuth(auth, "github-copilot-octo.json", """
                {"type":"github-copilot","username":"user@example.com","access_token":"SECRET-MARKER-ghcp"}""");

        upstream = LoopbackStub.replying(request -> script.answer(request.path(), request.header("Authorization"),
                request.body()));
        control = build(120, Duration.ofSeconds(2), Duration.ofMinutes(2));
    }

    private CliProxyControl build(int rateLimit, Duration timeout, Duration cacheTtl) {
        URI base = upstream.uri();
        CliProxyControlBuilder builder = CliProxyControl.builder()
                .ccsDirectory(ccs)
                .environment(Map.of())
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .proxyApi(proxy)
                .quotaTimeout(timeout)
                .quotaRateLimit(rateLimit)
                .quotaCacheTtl(cacheTtl);
        for (QuotaProvider p : List.of(QuotaProvider.AGY, QuotaProvider.GEMINI, QuotaProvider.CODEX,
                QuotaProvider.KIRO, QuotaProvider.GHCP, QuotaProvider.CLAUDE)) {
            builder.upstream(p.upstream().orElseThrow(), base);
        }
        return builder.build();
    }

    private static void writeAuth(Path directory, String name, String json) throws IOException {
        Files.writeString(directory.resolve(name), json);
    }

    @AfterEach
    void tearDown() {
        if (api != null) {
            api.close();
        }
        upstream.close();
    }

    /** The paths the upstream stub was asked for, oldest first. */
    private List<String> upstreamPaths() {
        return upstream.requests().stream().map(LoopbackStub.Recorded::path).toList();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        if (api == null) {
            api = control.serveHttp(HttpServerOptions.defaults().withPort(0));
        }
        return TestHttpClient.at(api.uri().resolve("/api/cliproxy")).get(path);
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        assertEquals("application/json; charset=utf-8", response.headers().firstValue("Content-Type").orElse(""));
        return JSON.readTree(response.body());
    }

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    @Test
    void answersTheContractShapeAndServesTheCacheOnTheSecondCall() throws Exception {
        HttpResponse<String> first = get("/quota/codex/user@example.com");
        assertEquals(200, first.statusCode());
        assertEquals(json("""
                {"provider":"codex","accountId":"user@example.com","quotas":[
                  {"model":"codex","limit":100,"used":25,"remaining":75,"resetAt":1767229200000,"unit":"percent",
                   "window":"5h","plan":"pro","label":"Primary"}],
                 "fetchedAt":1767225600000,"cached":false}"""), json(first));

        HttpResponse<String> second = get("/quota/codex/user@example.com");
        assertEquals(200, second.statusCode());
        assertTrue(json(second).path("cached").asBoolean());
        assertEquals(json(first).path("quotas"), json(second).path("quotas"));
        assertEquals(List.of("/backend-api/wham/usage"), upstreamPaths());
    }

    @Test
    void unknownNumbersAreWrittenAsNullAndUnlimitedIsFlagged() throws Exception {
        script = (path, auth, body) -> Reply.json(200, """
                {"copilot_plan":"business","quota_snapshots":{"chat":{"entitlement":0,"remaining":0,"unlimited":true}}}""");
        HttpResponse<String> response = get("/quota/ghcp/user@example.com");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(json("""
                {"provider":"ghcp","accountId":"user@example.com","quotas":[
                  {"model":"chat","limit":null,"used":null,"remaining":null,"resetAt":null,"unit":"requests",
                   "plan":"business","unlimited":true}],
                 "fetchedAt":1767225600000,"cached":false}"""), json(response));
        assertEquals(List.of("/copilot_internal/user"), upstreamPaths());
    }

    @Test
    void anAccountIdMayBeUrlEncoded() throws Exception {
        HttpResponse<String> response = get("/quota/codex/codex-team%232");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("codex-team#2", json(response).path("accountId").asText());
    }

    @Test
    void badInputAnswers400And404() throws Exception {
        HttpResponse<String> provider = get("/quota/qwen/user@example.com");
        assertEquals(400, provider.statusCode());
        assertEquals(json("""
                {"error":"Invalid provider","message":"Provider must be one of: agy, gemini, codex, iflow, kiro, ghcp, claude",
                 "code":"invalid_provider"}"""), json(provider));

        for (String bad : List.of("a%5Cb", "..", "a..b", "x%00y", "a%2Fb")) {
            HttpResponse<String> account = get("/quota/codex/" + bad);
            assertTrue(account.statusCode() == 400 || account.statusCode() == 404, bad + " " + account.statusCode());
            assertTrue(account.body().startsWith("{"), account.body());
        }
        assertEquals(json("{\"error\":\"Invalid account ID\",\"code\":\"invalid_account_id\"}"),
                json(get("/quota/codex/a%5Cb")));

        HttpResponse<String> missing = get("/quota/codex/nobody@example.com");
        assertEquals(404, missing.statusCode());
        assertEquals(json("{\"error\":\"Account not found\",\"code\":\"account_not_found\"}"), json(missing));
        assertTrue(upstreamPaths().isEmpty());
    }

    @Test
    void iflowIsUnsupportedNotAnError() throws Exception {
        HttpResponse<String> response = get("/quota/iflow/user@example.com");
        assertEquals(200, response.statusCode());
        JsonNode body = json(response);
        assertEquals("iflow", body.path("provider").asText());
        assertEquals(json("[]"), body.path("quotas"));
        assertFalse(body.path("supported").asBoolean(true));
        assertTrue(body.path("message").asText().contains("no quota endpoint"));
        assertEquals(NOW.toEpochMilli(), body.path("fetchedAt").asLong());
    }

    @Test
    void upstreamFailuresMapToContractStatusesAndAreNotCached() throws Exception {
        script = (path, auth, body) -> Reply.json(401, "{\"error\":\"unauthorized\"}");
        HttpResponse<String> rejected = get("/quota/codex/user@example.com");
        assertEquals(409, rejected.statusCode());
        assertEquals("Re-authentication required", json(rejected).path("error").asText());
        assertEquals("reauth_required", json(rejected).path("code").asText());

        script = (path, auth, body) -> Reply.json(429, "{}").withHeader("Retry-After", "17");
        HttpResponse<String> limited = get("/quota/codex/user@example.com");
        assertEquals(429, limited.statusCode());
        assertEquals("17", limited.headers().firstValue("Retry-After").orElse(""));
        assertEquals("upstream_rate_limited", json(limited).path("code").asText());

        script = (path, auth, body) -> Reply.json(500, "<html>oops</html>");
        HttpResponse<String> broken = get("/quota/codex/user@example.com");
        assertEquals(502, broken.statusCode());
        assertEquals("provider_unavailable", json(broken).path("code").asText());

        script = (path, auth, body) -> Reply.json(200, "{\"rate_limit\": nope");
        HttpResponse<String> malformed = get("/quota/codex/user@example.com");
        assertEquals(502, malformed.statusCode());
        assertEquals("invalid_upstream_response", json(malformed).path("code").asText());

        script = (path, auth, body) -> Reply.heldBack();
        HttpResponse<String> slow = get("/quota/codex/user@example.com");
        assertEquals(504, slow.statusCode());
        assertEquals("upstream_timeout", json(slow).path("code").asText());

        // 1 (401) + 1 (429) + 2 (500, retried) + 1 (malformed) + 2 (timeout, retried): nothing was cached.
        assertEquals(7, upstreamPaths().size());
        script = (path, auth, body) -> Reply.json(200, CODEX_USAGE);
        assertFalse(json(get("/quota/codex/user@example.com")).path("cached").asBoolean());
    }

    @Test
    void anExpiredTokenWithTheProxyDownSaysWhatToDo() throws Exception {
        HttpResponse<String> response = get("/quota/codex/old@example.com");
        assertEquals(409, response.statusCode());
        JsonNode body = json(response);
        assertEquals("reauth_required", body.path("code").asText());
        assertTrue(body.path("message").asText().contains("Start the proxy"), body.toString());
        assertTrue(upstreamPaths().isEmpty());
    }

    @Test
    void anExpiredTokenGoesThroughTheRunningProxysApiCall() throws Exception {
        // The "proxy" is the stub: its port is the lifecycle port, its config holds the management secret.
        int port = upstream.port();
        StandInConfig.selectPort(new CcsLayout(ccs), port);
        Files.writeString(ccs.resolve("cliproxy/config-" + port + ".yaml"),
                "port: " + port + "\nremote-management:\n  secret-key: SECRET-MARKER-mgmt\n");
        proxy.launch(Path.of("/bin/cli-proxy-api"), Backend.ORIGINAL, port);
        List<String> calls = new ArrayList<>();
        script = (path, auth, body) -> {
            calls.add(path + " " + body);
            if (!"Bearer SECRET-MARKER-mgmt".equals(auth)) {
                return Reply.json(401, "{\"error\":\"invalid management key\"}");
            }
            if (path.equals("/v0/management/auth-files")) {
                return Reply.json(200, "{\"files\":[{\"auth_index\":\"ab12\",\"name\":\"codex-old@example.com.json\"}]}");
            }
            return Reply.json(200, JSON.createObjectNode().put("status_code", 200).put("body", CODEX_USAGE).toString());
        };
        HttpResponse<String> response = get("/quota/codex/old@example.com");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(75, json(response).path("quotas").path(0).path("remaining").asInt());
        assertEquals(2, calls.size());
        JsonNode apiCall = JSON.readTree(calls.get(1).substring(calls.get(1).indexOf(' ') + 1));
        assertEquals("ab12", apiCall.path("auth_index").asText());
        assertTrue(apiCall.path("url").asText().endsWith("/backend-api/wham/usage"));
        assertEquals("Bearer $TOKEN$", apiCall.path("header").path("Authorization").asText());
        assertFalse(response.body().contains(MARKER));
    }

    @Test
    void anExpiredTokenWithTheProxysManagementApiOffNeedsSigningInAgain() throws Exception {
        // The proxy's config has no secret-key: CLIProxyAPI then answers every management route 404.
        int port = upstream.port();
        StandInConfig.selectPort(new CcsLayout(ccs), port);
        Files.writeString(ccs.resolve("cliproxy/config-" + port + ".yaml"), "port: " + port + "\n");
        proxy.launch(Path.of("/bin/cli-proxy-api"), Backend.ORIGINAL, port);
        List<String> calls = new ArrayList<>();
        script = (path, auth, body) -> {
            calls.add(path);
            return Reply.of(404, "404 page not found");
        };
        HttpResponse<String> response = get("/quota/codex/old@example.com");
        assertEquals(409, response.statusCode(), response.body());
        JsonNode body = json(response);
        assertEquals("reauth_required", body.path("code").asText());
        assertTrue(body.path("message").asText().contains("secret-key"), body.toString());
        assertEquals(List.of("/v0/management/auth-files"), calls);
    }

    @Test
    void onceTheProxyHashedItsSecretTheApiCallUsesTheOneOfTheCcsSettings() throws Exception {
        int port = upstream.port();
        Files.writeString(ccs.resolve("config.yaml"), "cliproxy_server:\n  local:\n    port: " + port
                + "\ncliproxy:\n  auth:\n    management_secret: SECRET-MARKER-settings\n");
        Files.writeString(ccs.resolve("cliproxy/config-" + port + ".yaml"), "port: " + port
                + "\nremote-management:\n  secret-key: \"$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZd\"\n");
        proxy.launch(Path.of("/bin/cli-proxy-api"), Backend.ORIGINAL, port);
        List<String> keys = new ArrayList<>();
        script = (path, auth, body) -> {
            keys.add(auth);
            if (!"Bearer SECRET-MARKER-settings".equals(auth)) {
                return Reply.json(401, "{\"error\":\"invalid management key\"}");
            }
            if (path.equals("/v0/management/auth-files")) {
                return Reply.json(200,
                        "{\"files\":[{\"auth_index\":\"ab12\",\"name\":\"codex-old@example.com.json\"}]}");
            }
            return Reply.json(200,
                    JSON.createObjectNode().put("status_code", 200).put("body", CODEX_USAGE).toString());
        };

        HttpResponse<String> response = get("/quota/codex/old@example.com");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(List.of("Bearer SECRET-MARKER-settings", "Bearer SECRET-MARKER-settings"), keys);
        assertFalse(response.body().contains(MARKER));
    }

    @Test
    void theRateLimitAnswers429Json() throws Exception {
        control = build(2, Duration.ofSeconds(2), Duration.ofMinutes(2));
        assertEquals(200, get("/quota/codex/user@example.com").statusCode());
        assertEquals(200, get("/quota/codex/user@example.com").statusCode());
        HttpResponse<String> limited = get("/quota/codex/user@example.com");
        assertEquals(429, limited.statusCode());
        assertEquals("Too many quota requests", json(limited).path("error").asText());
        assertEquals("rate_limited", json(limited).path("code").asText());
        assertEquals("60", limited.headers().firstValue("Retry-After").orElse(""));
        assertEquals(200, get("/quota/claude/user@example.com").statusCode());
    }

    /**
     * Every provider, every kind of answer, each echoing the request's Authorization header back: no token in any
     * response, header, exception message or log record.
     */
    @Test
    void noTokenEverLeaves() throws Exception {
        List<String> logged = new CopyOnWriteArrayList<>();
        SimpleFormatter formatter = new SimpleFormatter();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(formatter.format(record));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        java.util.logging.Level previous = root.getLevel();
        root.setLevel(java.util.logging.Level.ALL);
        root.addHandler(capture);
        control = build(1000, Duration.ofMillis(300), Duration.ZERO);
        List<String> answers = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        try {
            List<Reply> replies = List.of(
                    Reply.json(200, "{}"),
                    Reply.json(401, "{\"error\":{\"message\":\"bad credentials: %s\"}}"),
                    Reply.json(403, "{\"message\":\"forbidden for %s\"}"),
                    Reply.json(429, "{\"error\":\"%s\"}").withHeader("Retry-After", "3"),
                    Reply.json(404, "<html>%s</html>"),
                    Reply.json(500, "{\"error\":{\"message\":\"token %s failed\"}}"),
                    Reply.json(200, "{not json %s"),
                    Reply.heldBack());
            for (Reply reply : replies) {
                script = (path, auth, body) -> new Reply(reply.status(), reply.headers(),
                        reply.body().replace("%s", String.valueOf(auth)), reply.held())
                        .withHeader("X-Echo", String.valueOf(auth));
                for (String provider : List.of("agy", "gemini", "codex", "kiro", "ghcp", "claude")) {
                    HttpResponse<String> response = get("/quota/" + provider + "/user@example.com");
                    answers.add(response.statusCode() + " " + response.body() + " " + response.headers().map());
                    try {
                        control.quota().fetch(provider, "user@example.com");
                    } catch (ControlException e) {
                        for (Throwable t = e; t != null; t = t.getCause()) {
                            messages.add(String.valueOf(t.getMessage()));
                        }
                    }
                }
            }
        } finally {
            root.removeHandler(capture);
            root.setLevel(previous);
        }
        assertEquals(6 * 8, answers.size());
        assertTrue(messages.size() >= 6 * 6, "every failing scenario threw: " + messages.size());
        for (String text : answers) {
            assertFalse(text.contains(MARKER), text);
        }
        for (String text : messages) {
            assertFalse(text.contains(MARKER), text);
        }
        for (String line : logged) {
            assertFalse(line.contains(MARKER), line);
        }
        assertTrue(upstreamPaths().size() >= 6 * 8, "every scenario reached the stub");
    }
}
