package dev.cliproxy.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cliproxy.control.bootstrap.http.ApiRouting;
import dev.cliproxy.control.domain.error.ConflictException;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.ProxyStatus;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.testing.StandInConfig;
import dev.cliproxy.control.testkit.http.LoopbackStub;
import dev.cliproxy.control.testkit.http.LoopbackStub.Reply;
import dev.cliproxy.control.testkit.http.TestHttpClient;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ccs} tools' remote mode: with {@code cliproxy_server.remote} enabled in the ccs settings, the existing
 * routes act on a proxy on another host (here a stand-in process with its own CCS directory) through its management
 * API, and its key never appears in an answer or a log line.
 */
class RemoteModeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "remote-MGMT-key-4f1a9c";
    private static final String LOG = "error-v1-chat-completions-2026-11-30T101500-a1b2c3d4.log";
    private static final String CODEX_USAGE = """
            {"plan_type":"pro","rate_limit":{"primary_window":{"used_percent":25,"limit_window_seconds":18000,"reset_at":1767229200}}}""";

    @TempDir
    Path temp;
    private final List<String> answers = new ArrayList<>();
    private RemoteStandIn remote;
    private LoopbackStub codex;
    private CcsLayout local;
    private CliProxyControl control;
    private HttpServerHandle server;
    private TestHttpClient api;
    private LogCapture logs;

    @BeforeEach
    void setUp() throws IOException {
        logs = LogCapture.start();
        remote = RemoteStandIn.start(temp.resolve("remote"), KEY, "stand-in-version: 6.9.6");
        Files.writeString(remote.layout.logsDirectory().resolve(LOG), "=== RESPONSE ===\nStatus: 502\n");
        Files.writeString(remote.layout.authDirectory().resolve("codex-remote@example.com.json"), """
                {"type":"codex","email":"remote@example.com","access_token":"remote-token","account_id":"acct-r"}""");
        codex = LoopbackStub.replying(request -> Reply.json(200, CODEX_USAGE));
        local = new CcsLayout(temp.resolve("local"));
        remoteMode(KEY);
        control = CliProxyControl.builder().ccsDirectory(local.ccsDirectory()).environment(Map.of())
                .proxyBinary(temp.resolve("no-local-binary"))
                .upstream(QuotaProvider.CODEX.upstream().orElseThrow(), codex.uri()).build();
        server = control.serveHttp(HttpServerOptions.defaults().withPort(0));
        api = TestHttpClient.at(server.uri() + ApiRouting.BASE_PATH);
    }

    @AfterEach
    void tearDown() {
        try {
            if (control != null) {
                control.close();
            }
            if (codex != null) {
                codex.close();
            }
            if (remote != null) {
                remote.close();
            }
        } finally {
            logs.close();
        }
        answers.forEach(answer -> assertFalse(answer.contains(KEY), "an answer shows the key: " + answer));
        assertFalse(logs.text().contains(KEY), "a log line shows the key");
    }

    /** Turns the ccs remote mode on, pointing at the stand-in with {@code key} as its management key. */
    private void remoteMode(String key) throws IOException {
        Files.createDirectories(local.ccsDirectory());
        Files.writeString(local.ccsConfigFile(), """
                cliproxy_server:
                  local:
                    port: %d
                  remote:
                    enabled: true
                    host: 127.0.0.1
                    protocol: http
                    port: %d
                    management_key: "%s"
                """.formatted(StandInConfig.freePort(), remote.port, key));
    }

    private HttpResponse<String> call(String method, String path, String body, String... headers) throws Exception {
        HttpResponse<String> response = api.send(method, path, body, headers);
        answers.add(response.headers().map() + " " + response.body());
        return response;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return call("GET", path, null);
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    @Test
    void theStatusIsTheRemoteProxysWithItsVersionAndItsLifeCycleIsItsHosts() throws Exception {
        JsonNode status = json(get("/proxy-status"));
        assertTrue(status.path("running").asBoolean(), status.toString());
        assertEquals(remote.baseUrl().toString(), status.path("remote").asText());
        assertEquals("ready", status.path("state").asText());
        assertEquals("6.9.6", status.path("version").asText());
        assertEquals(remote.port, status.path("port").asInt());
        assertTrue(json(get("/status")).path("running").asBoolean());

        for (String path : List.of("/proxy-start", "/proxy-stop", "/proxy-restart", "/restart")) {
            HttpResponse<String> refused = call("POST", path, null);
            assertEquals(409, refused.statusCode(), path + " " + refused.body());
            assertEquals("proxy_is_remote", json(refused).path("code").asText());
            assertTrue(json(refused).path("message").asText().contains("managed there"));
        }
        assertEquals(ProxyStatus.Remote.class, control.proxy().status().getClass(), "the facade acts on it too");
        assertThrows(ConflictException.class, () -> control.proxy().start());
    }

    @Test
    void itsModelsLogsConfigAndAuthFilesAreServedThroughItsManagementApi() throws Exception {
        JsonNode models = json(get("/models"));
        assertEquals(2, models.path("totalCount").asInt(), models.toString());

        JsonNode files = json(get("/error-logs")).path("files");
        assertEquals(LOG, files.path(0).path("name").asText());
        assertEquals(LOG, files.path(0).path("absolutePath").asText(), "its path on that host is not told");
        assertEquals("=== RESPONSE ===\nStatus: 502\n", get("/error-logs/" + LOG).body());
        assertEquals(404, get("/error-logs/error-none.log").statusCode());

        HttpResponse<String> config = get("/config.yaml");
        assertEquals(200, config.statusCode());
        String current = Files.readString(remote.layout.proxyConfigFile(remote.port));
        assertEquals(current, config.body());
        assertFalse(config.body().contains(KEY), "the proxy keeps the hash of its secret, never the secret");
        String edited = current + "debug: true\n";
        HttpResponse<String> saved = call("PUT", "/config.yaml", edited, "Content-Type", "application/yaml",
                "If-Match", config.headers().firstValue("ETag").orElseThrow());
        assertEquals(200, saved.statusCode(), saved.body());
        assertEquals(edited, Files.readString(remote.layout.proxyConfigFile(remote.port)));
        HttpResponse<String> moved = call("PUT", "/config.yaml", edited.replace("port: " + remote.port, "port: 9"),
                "Content-Type", "application/yaml");
        assertEquals(400, moved.statusCode());
        assertEquals("port_mismatch", json(moved).path("code").asText());
        assertEquals(412, call("PUT", "/config.yaml", edited, "Content-Type", "application/yaml", "If-Match",
                "\"stale\"").statusCode());

        JsonNode auth = json(get("/auth-files"));
        assertEquals("codex-remote@example.com.json", auth.path("files").path(0).path("name").asText());
        assertEquals("", auth.path("directory").asText());
        assertTrue(get("/auth-files/download?name=codex-remote@example.com.json").body().contains("remote-token"));
    }

    @Test
    void aQuotaReadsTheRemotesTokenFileWhenNoLocalOneHasTheAccount() throws Exception {
        HttpResponse<String> quota = get("/quota/codex/remote@example.com");
        assertEquals(200, quota.statusCode(), quota.body());
        assertEquals(25, json(quota).path("quotas").path(0).path("used").asInt());
        assertEquals("Bearer remote-token", codex.lastRequest().header("Authorization"));
        assertEquals(404, get("/quota/codex/nobody@example.com").statusCode());
    }

    @Test
    void aRefusedKeyIsReportedAndNotSentAgainSoTheProxyNeverBansThisAddress() throws Exception {
        remoteMode("wrong-" + KEY);
        for (int i = 0; i < 8; i++) {
            JsonNode status = json(get("/proxy-status"));
            assertEquals("key_rejected", status.path("state").asText(), status.toString());
            HttpResponse<String> logsRefused = get("/error-logs");
            assertEquals(502, logsRefused.statusCode());
            assertEquals("management_key_rejected", json(logsRefused).path("code").asText());
        }
        assertEquals(1, remote.failedLogins(), "one failed login, however often it was asked");
        remoteMode(KEY);
        assertEquals("ready", json(get("/proxy-status")).path("state").asText(), "a changed key is tried, and the "
                + "address was never banned");
    }

    @Test
    void withRemoteModeOffTheRoutesActOnTheLocalProxyAgain() throws Exception {
        assertEquals("ready", json(get("/proxy-status")).path("state").asText());
        Files.writeString(local.ccsConfigFile(), Files.readString(local.ccsConfigFile())
                .replace("enabled: true", "enabled: false"));
        assertEquals("{\"running\":false}", get("/proxy-status").body());
        assertEquals(200, call("POST", "/proxy-start", null).statusCode(), "a local start is tried (no binary here)");
    }
}
