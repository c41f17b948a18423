package dev.cliproxy.control.bootstrap.http;

import static dev.cliproxy.control.testkit.http.LoopbackStub.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cliproxy.control.CliProxyControl;
import dev.cliproxy.control.testing.StandInConfig;
import dev.cliproxy.control.testkit.http.LoopbackStub;
import dev.cliproxy.control.testkit.http.TestHttpClient;
import dev.cliproxy.control.HttpServerHandle;
import dev.cliproxy.control.HttpServerOptions;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /models} end to end: the real server, the real adapters, a loopback stand-in for the proxy. */
class ModelRoutesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODELS = """
            {"object":"list","data":[
             {"id":"gemini-2.5-pro","object":"model","created":1750118400,"owned_by":"google"},
             {"id":"claude-sonnet-4","object":"model","created":1750118400,"owned_by":"anthropic","note":"x"},
             {"id":"gemini-2.5-flash","object":"model","created":1750118400,"owned_by":"google"},
             {"id":"my-model","object":"model","created":1}]}""";

    @TempDir
    Path ccs;

    private CliProxyControl control;
    private HttpServerHandle server;
    private TestHttpClient http;
    private LoopbackStub proxy;
    private LoopbackStub secondProxy;

    @AfterEach
    void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {server, control, proxy, secondProxy}) {
            if (closeable != null) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private void serve() {
        control = CliProxyControl.builder().ccsDirectory(ccs).environment(Map.of())
                .modelsTimeout(Duration.ofMillis(600)).build();
        server = control.serveHttp(HttpServerOptions.defaults().withPort(0));
        http = TestHttpClient.at(server.uri() + ApiRouting.BASE_PATH);
    }

    private static LoopbackStub proxyAnswering(String models) throws IOException {
        return new LoopbackStub(exchange -> {
            switch (exchange.getRequestURI().getPath()) {
                case "/healthz" -> json(exchange, 200, "{\"status\":\"ok\"}");
                case "/v1/models" -> json(exchange, 200, models);
                default -> json(exchange, 404, "{}");
            }
        });
    }

    /** The CLI's settings point at {@code port}, whose proxy config holds {@code key}. */
    private void configure(int port, String key) throws IOException {
        Files.writeString(ccs.resolve("config.yaml"), "cliproxy_server:\n  local:\n    port: " + port + "\n");
        Files.createDirectories(ccs.resolve("cliproxy"));
        Files.writeString(ccs.resolve("cliproxy/config-" + port + ".yaml"),
                "port: " + port + "\napi-keys:\n  - \"" + key + "\"\n  - other-key\n");
    }

    @Test
    void proxyNotRunningIsTheContractsExactBody() throws Exception {
        int closedPort = StandInConfig.freePort();
        configure(closedPort, "k");
        serve();

        HttpResponse<String> response = http.get("/models");

        assertEquals(503, response.statusCode());
        assertEquals("application/json; charset=utf-8", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("{\"error\":\"CLIProxy Plus not running\",\"message\":\"Start a CLIProxy session (gemini, codex,"
                + " agy) to fetch available models\"}", response.body());
    }

    @Test
    void listsGroupsAndCountsTheProxysModels() throws Exception {
        proxy = proxyAnswering(MODELS);
        configure(proxy.port(), "ccs-internal-managed");
        serve();

        HttpResponse<String> response = http.get("/models");

        assertEquals(200, response.statusCode());
        JsonNode body = JSON.readTree(response.body());
        assertEquals(4, body.get("totalCount").asInt());
        assertEquals(List.of("gemini-2.5-pro", "claude-sonnet-4", "gemini-2.5-flash", "my-model"),
                ids(body.get("models")));
        assertEquals("{\"id\":\"claude-sonnet-4\",\"object\":\"model\",\"created\":1750118400,"
                + "\"owned_by\":\"anthropic\",\"note\":\"x\"}", body.get("models").get(1).toString());
        assertEquals(List.of("anthropic", "google", "other"), List.copyOf(fieldNames(body.get("byCategory"))));
        assertEquals(List.of("gemini-2.5-flash", "gemini-2.5-pro"), ids(body.get("byCategory").get("google")));
        assertEquals(List.of("my-model"), ids(body.get("byCategory").get("other")));
        assertEquals("Bearer ccs-internal-managed", proxy.lastRequest().header("Authorization"));
        assertEquals(4, control.models().list().totalCount(), "the facade answers as the route does");
    }

    @Test
    void aChangedPortOrKeyIsUsedWithoutRestart() throws Exception {
        proxy = proxyAnswering(MODELS);
        secondProxy = proxyAnswering("{\"data\":[{\"id\":\"only-one\",\"owned_by\":\"x\"}]}");
        configure(proxy.port(), "first-key");
        serve();
        assertEquals(4, JSON.readTree(http.get("/models").body()).get("totalCount").asInt());

        configure(secondProxy.port(), "second-key");
        HttpResponse<String> moved = http.get("/models");

        assertEquals(200, moved.statusCode());
        assertEquals(List.of("only-one"), ids(JSON.readTree(moved.body()).get("models")));
        assertEquals(1, secondProxy.hits("/v1/models"));
        assertEquals("Bearer second-key",
                secondProxy.lastRequest().header("Authorization"));
    }

    @Test
    void proxyUpButModelsFailingIsModelsUnavailableSayingWhich() throws Exception {
        proxy = proxyAnswering(MODELS);
        configure(proxy.port(), "k");
        serve();

        proxy.answer(exchange -> {
            if (exchange.getRequestURI().getPath().equals("/healthz")) {
                json(exchange, 200, "{\"status\":\"ok\"}");
            } else {
                json(exchange, 500, "{\"error\":\"internal\"}");
            }
        });
        HttpResponse<String> failing = http.get("/models");
        assertEquals(503, failing.statusCode());
        JsonNode body = JSON.readTree(failing.body());
        assertEquals("Models unavailable", body.get("error").asText());
        assertEquals("CLIProxy answered /v1/models with HTTP 500: internal", body.get("message").asText());

        proxy.answer(exchange -> {
            if (exchange.getRequestURI().getPath().equals("/healthz")) {
                json(exchange, 200, "{\"status\":\"ok\"}");
            } else {
                json(exchange, 200, "{\"object\":\"list\",\"models\":[]}");
            }
        });
        JsonNode malformed = JSON.readTree(http.get("/models").body());
        assertEquals("Models unavailable", malformed.get("error").asText());
        assertTrue(malformed.get("message").asText().contains("not a model list"));

        proxy.answer(exchange -> {
            if (exchange.getRequestURI().getPath().equals("/healthz")) {
                json(exchange, 200, "{\"status\":\"ok\"}");
                return;
            }
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        HttpResponse<String> slow = http.get("/models");
        assertEquals(503, slow.statusCode());
        assertEquals("CLIProxy is running but /v1/models did not answer within 600 ms",
                JSON.readTree(slow.body()).get("message").asText());
    }

    @Test
    void otherMethodsAreRefused() throws Exception {
        serve();
        HttpResponse<String> response = http.post("/models");
        assertEquals(405, response.statusCode());
    }


    private static List<String> ids(JsonNode models) {
        return java.util.stream.StreamSupport.stream(models.spliterator(), false)
                .map(model -> model.get("id").asText()).toList();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
