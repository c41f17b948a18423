package dev.cliproxy.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cliproxy.control.bootstrap.http.ApiRouting;
import dev.cliproxy.control.domain.model.ControlSettings;
import dev.cliproxy.control.domain.model.FleetInstanceStatus;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.model.WritePrecondition;
import dev.cliproxy.control.testing.StandInConfig;
import dev.cliproxy.control.testkit.Await;
import dev.cliproxy.control.testkit.http.LoopbackStub;
import dev.cliproxy.control.testkit.http.LoopbackStub.Reply;
import dev.cliproxy.control.testkit.http.TestHttpClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several stand-in proxies on loopback at once, in one fleet: two local ports of one CCS directory (each a
 * stand-in process this server starts), one registered remote with its management key, one registered with a key
 * its proxy refuses, and one whose host accepts connections but never answers. The fleet status comes within the
 * deadline whatever the dead one does; each instance serves its own routes; no key is ever shown.
 */
class FleetTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "fleet-MGMT-key-77e1";
    private static final String WRONG = "not-the-key-0b2c";
    private static final Duration DEADLINE = Duration.ofMillis(1500);
    private static final String CODEX_USAGE = """
            {"plan_type":"pro","rate_limit":{"primary_window":{"used_percent":40,"limit_window_seconds":18000,"reset_at":1767229200}}}""";

    @TempDir
    Path temp;
    private StandInFixture local;
    private int secondPort;
    private RemoteStandIn home;
    private RemoteStandIn refusing;
    private ServerSocket dead;
    private LoopbackStub codex;
    private CliProxyControl control;
    private TestHttpClient fleet;
    private TestHttpClient cliproxy;
    private LogCapture logs;
    private final List<String> answers = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        logs = LogCapture.start();
        local = new StandInFixture(temp.resolve("local"));
        local.config();
        secondPort = StandInConfig.freePort();
        Files.writeString(local.layout.proxyConfigFile(secondPort), "host: \"127.0.0.1\"\nport: " + secondPort
                + "\napi-keys:\n  - \"" + StandInConfig.API_KEY + "\"\n");
        Files.createDirectories(local.layout.authDirectory());
        Files.writeString(local.layout.authDirectory().resolve("codex-local@example.com.json"),
                "{\"type\":\"codex\",\"email\":\"local@example.com\",\"access_token\":\"local-token\"}");
        home = RemoteStandIn.start(temp.resolve("home"), KEY, "stand-in-version: 7.2.140");
        Files.writeString(home.layout.authDirectory().resolve("codex-home@example.com.json"),
                "{\"type\":\"codex\",\"email\":\"home@example.com\",\"access_token\":\"home-token\"}");
        Files.writeString(home.layout.logsDirectory().resolve("error-v1-home-1.log"), "=== RESPONSE ===\nStatus: 429\n");
        refusing = RemoteStandIn.start(temp.resolve("refusing"), KEY);
        // Accepts connections (the OS does, into its backlog) and never answers them.
        dead = new ServerSocket();
        dead.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        codex = LoopbackStub.replying(request -> Reply.json(200, CODEX_USAGE));
        control = local.track(local.builder().environment(Map.of())
                .upstream(QuotaProvider.CODEX.upstream().orElseThrow(), codex.uri()).build());
        control.controlSettings().update(ControlSettings.fromTree(Map.of("fleet", Map.of("statusTimeout", "1500ms"))),
                new WritePrecondition.Unconditional());
        HttpServerHandle server = control.serveHttp(HttpServerOptions.defaults().withPort(0));
        fleet = TestHttpClient.at(server.uri() + ApiRouting.FLEET_PATH);
        cliproxy = TestHttpClient.at(server.uri() + ApiRouting.BASE_PATH);
    }

    @AfterEach
    void tearDown() throws IOException {
        try {
            for (AutoCloseable closing : new AutoCloseable[] {home, refusing, dead, codex}) {
                if (closing != null) {
                    try {
                        closing.close();
                    } catch (Exception e) {
                        // the others still close
                    }
                }
            }
            local.cleanUp();
        } finally {
            logs.close();
        }
        answers.forEach(answer -> {
            assertFalse(answer.contains(KEY), "an answer shows the key: " + answer);
            assertFalse(answer.contains(WRONG), "an answer shows the key: " + answer);
        });
        assertFalse(logs.text().contains(KEY) || logs.text().contains(WRONG), "a log line shows a key");
    }

    private HttpResponse<String> call(TestHttpClient client, String method, String path, String body,
                                      String... headers) throws Exception {
        HttpResponse<String> response = client.send(method, path, body, headers);
        answers.add(response.body());
        return response;
    }

    private JsonNode json(TestHttpClient client, String method, String path, String body) throws Exception {
        return JSON.readTree(call(client, method, path, body, "Content-Type", "application/json").body());
    }

    private void register(String name, RemoteStandIn proxy, String key) throws Exception {
        HttpResponse<String> registered = call(fleet, "POST", "/instances", JSON.writeValueAsString(Map.of(
                "name", name, "baseUrl", proxy.baseUrl().toString(), "managementKey", key)),
                "Content-Type", "application/json");
        assertEquals(201, registered.statusCode(), registered.body());
    }

    /** The instances of a fleet status, by id. */
    private static Map<String, JsonNode> byId(JsonNode status) {
        Map<String, JsonNode> instances = new LinkedHashMap<>();
        status.path("instances").forEach(instance -> instances.put(instance.path("id").asText(), instance));
        return instances;
    }

    @Test
    void theFleetStatusAnswersWithinTheDeadlineWithEveryInstancesStateAndNoKey() throws Exception {
        String first = "local-" + local.port;
        String second = "local-" + secondPort;
        assertEquals(200, call(cliproxy, "POST", "/proxy-start", null).statusCode());
        local.recordedPid();
        JsonNode started = json(fleet, "POST", "/instances/" + second + "/proxy-start", null);
        assertTrue(started.path("started").asBoolean(), started.toString());
        register("Home", home, KEY);
        register("Refusing", refusing, WRONG);
        HttpResponse<String> deadOne = call(fleet, "POST", "/instances", JSON.writeValueAsString(Map.of("name", "Dead",
                "baseUrl", "http://127.0.0.1:" + dead.getLocalPort(), "managementKey", KEY)),
                "Content-Type", "application/json");
        assertEquals(201, deadOne.statusCode());

        JsonNode instances = json(fleet, "GET", "/instances", null);
        List<String> locals = local.port < secondPort ? List.of(first, second) : List.of(second, first);
        assertEquals(List.of(locals.get(0), locals.get(1), "dead", "home", "refusing"),
                List.copyOf(byId(instances).keySet()), "the local ports by port, then the registered ones by id");
        assertTrue(instances.toString().contains("\"managementKey\":true"), instances.toString());

        for (int round = 0; round < 3; round++) {
            long start = System.nanoTime();
            JsonNode status = json(fleet, "GET", "/status", null);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            Map<String, JsonNode> states = byId(status);
            assertTrue(took.compareTo(DEADLINE.plusSeconds(2)) < 0, "the status took " + took);
            assertTrue(status.path("elapsedMs").asLong() < DEADLINE.toMillis() + 1000, status.toString());
            assertEquals("running", states.get(first).path("state").asText(), status.toString());
            assertEquals("running", states.get(second).path("state").asText());
            assertTrue(states.get(second).path("pid").asLong() > 0);
            assertEquals("ready", states.get("home").path("state").asText(), status.toString());
            assertEquals("7.2.140", states.get("home").path("version").asText());
            assertEquals("key_rejected", states.get("refusing").path("state").asText(), status.toString());
            assertEquals("timed_out", states.get("dead").path("state").asText());
            // At least the deadline: under load the instance's own read timeout may end the call a moment before
            // the fleet's wait does, and then its measured time is told (1,514 ms once, for 1,500).
            assertTrue(states.get("dead").path("elapsedMs").asLong() >= DEADLINE.toMillis(), status.toString());
            assertTrue(states.get(first).path("elapsedMs").asLong() < DEADLINE.toMillis());
        }
        assertEquals(1, refusing.failedLogins(), "the refused key was sent once, whatever the polls");

        List<FleetInstanceStatus> facade = control.fleet().status();
        assertEquals(5, facade.size());
        JsonNode stopped = json(fleet, "POST", "/instances/" + second + "/proxy-stop", null);
        assertTrue(stopped.path("stopped").asBoolean(), stopped.toString());
        Await.until(() -> {
            try {
                return "stopped".equals(byId(json(fleet, "GET", "/status", null)).get(second).path("state").asText());
            } catch (Exception e) {
                return false;
            }
        }, "the second local port to be reported stopped");
    }

    @Test
    void eachInstanceServesTheSameRoutesAsTheLocalProxyThroughItsOwnAdapters() throws Exception {
        register("Home", home, KEY);
        assertEquals(2, json(fleet, "GET", "/instances/home/models", null).path("totalCount").asInt());
        JsonNode logs = json(fleet, "GET", "/instances/home/error-logs", null);
        assertEquals("error-v1-home-1.log", logs.path("files").path(0).path("name").asText());
        assertEquals("=== RESPONSE ===\nStatus: 429\n", call(fleet, "GET",
                "/instances/home/error-logs/error-v1-home-1.log", null).body());
        assertEquals(400, call(fleet, "GET", "/instances/home/error-logs/..%2Fx.log", null).statusCode());
        HttpResponse<String> config = call(fleet, "GET", "/instances/home/config.yaml", null);
        assertEquals(Files.readString(home.layout.proxyConfigFile(home.port)), config.body());
        assertEquals("codex-home@example.com.json", json(fleet, "GET", "/instances/home/auth-files", null)
                .path("files").path(0).path("name").asText());
        assertTrue(call(fleet, "GET", "/instances/home/auth-files/download?name=codex-home@example.com.json", null)
                .body().contains("home-token"));
        HttpResponse<String> refused = call(fleet, "POST", "/instances/home/proxy-start", null);
        assertEquals(409, refused.statusCode());
        assertEquals("proxy_is_remote", JSON.readTree(refused.body()).path("code").asText());

        String other = "/instances/local-" + secondPort;
        assertEquals("{\"running\":false}", call(fleet, "GET", other + "/proxy-status", null).body());
        assertTrue(call(fleet, "GET", other + "/config.yaml", null).body().contains("port: " + secondPort));
        HttpResponse<String> wrongPort = call(fleet, "PUT", other + "/config.yaml",
                "port: " + local.port + "\n", "Content-Type", "application/yaml");
        assertEquals(400, wrongPort.statusCode(), "a local port's config keeps that port");
        assertEquals(404, call(fleet, "GET", "/instances/nobody/models", null).statusCode());
        assertEquals("error-v1-home-1.log", control.fleet().instance("home").errorLogs().list().getFirst().file().name(),
                "the facade serves the same");
    }

    @Test
    void theFleetQuotaAsksEachInstancesAccountsAndRegistrationsAreKeptWriteOnly() throws Exception {
        register("Home", home, KEY);
        JsonNode quota = json(fleet, "GET", "/quota", null);
        Map<String, JsonNode> instances = byId(quota);
        // The local ports share one CCS directory's accounts: the first by port has them, the other names it.
        String first = "local-" + Math.min(local.port, secondPort);
        String other = "local-" + Math.max(local.port, secondPort);
        JsonNode localAccounts = instances.get(first).path("accounts");
        assertEquals("codex-local@example.com", localAccounts.path(0).path("accountId").asText(), quota.toString());
        assertEquals(40, localAccounts.path(0).path("quota").path("quotas").path(0).path("used").asInt(),
                quota.toString());
        assertEquals(first, instances.get(other).path("sameAccountsAs").asText());
        JsonNode homeAccounts = instances.get("home").path("accounts");
        assertEquals("codex-home@example.com", homeAccounts.path(0).path("accountId").asText());
        assertEquals(40, homeAccounts.path(0).path("quota").path("quotas").path(0).path("used").asInt());
        assertTrue(codex.requests().stream().anyMatch(r -> "Bearer home-token".equals(r.header("Authorization"))),
                "the home account's token came from its proxy");

        String settings = call(cliproxy, "GET", "/control-settings", null).body();
        assertTrue(settings.contains("\"baseUrl\":\"" + home.baseUrl() + "\""), settings);
        assertFalse(settings.contains("managementKey"), settings);
        assertTrue(Files.readString(local.layout.controlSettingsFile()).contains(KEY), "the file keeps it (0600)");
        assertEquals(409, call(fleet, "POST", "/instances", JSON.writeValueAsString(Map.of("name", "home",
                "baseUrl", home.baseUrl().toString())), "Content-Type", "application/json").statusCode());
        assertEquals(409, call(fleet, "DELETE", "/instances/local-" + local.port, null).statusCode());
        assertEquals(200, call(fleet, "DELETE", "/instances/home", null).statusCode());
        assertEquals(Optional.empty(), control.fleet().instances().stream()
                .filter(instance -> instance.id().equals("home")).findFirst());
        assertEquals(400, call(fleet, "POST", "/instances", "{\"name\":\"x\",\"baseUrl\":\"h\",\"extra\":1}",
                "Content-Type", "application/json").statusCode());
    }
}
