package dev.cliproxy.control.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cliproxy.control.CliProxyControl;
import dev.cliproxy.control.HttpServerHandle;
import dev.cliproxy.control.HttpServerOptions;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.testing.StandInConfig;
import dev.cliproxy.control.testing.StandInLauncher;
import dev.cliproxy.control.testkit.http.TestHttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** proxy-start, proxy-status and proxy-stop over HTTP, against a real server and the stand-in proxy. */
class ProxyHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;
    private CliProxyControl control;
    private HttpServerHandle server;
    private TestHttpClient http;
    private int proxyPort;

    @BeforeEach
    void setUp() throws Exception {
        CcsLayout layout = new CcsLayout(temp.resolve("ccs"));
        proxyPort = StandInConfig.freePort();
        StandInConfig.write(layout, proxyPort);
        control = CliProxyControl.builder().ccsDirectory(layout.ccsDirectory())
                .proxyBinary(StandInLauncher.install(temp.resolve("bin")))
                .startupTimeout(Duration.ofSeconds(30)).build();
        server = control.serveHttp(HttpServerOptions.defaults().withPort(0));
        http = TestHttpClient.at(server.uri().resolve("/api/cliproxy"));
    }

    @AfterEach
    void tearDown() {
        try {
            control.proxy().stop();
        } finally {
            server.close();
            control.close();
        }
    }

    @Test
    void startStatusStopOverHttp() throws Exception {
        JsonNode started = call("POST", "/proxy-start", 200);
        assertTrue(started.get("started").asBoolean());
        assertFalse(started.get("alreadyRunning").asBoolean());
        assertEquals(proxyPort, started.get("port").asInt());
        assertFalse(started.has("error"));

        JsonNode again = call("POST", "/proxy-start", 200);
        assertEquals("{\"started\":false,\"alreadyRunning\":true,\"port\":" + proxyPort + "}", again.toString(),
                "the API document's answer for a proxy that already runs");

        JsonNode status = call("GET", "/proxy-status", 200);
        assertTrue(status.get("running").asBoolean());
        assertEquals(proxyPort, status.get("port").asInt());
        long pid = status.get("pid").asLong();
        assertEquals(1, status.get("sessionCount").asInt());
        assertTrue(status.get("startedAt").isNumber(), "epoch milliseconds");

        JsonNode stopped = call("POST", "/proxy-stop", 200);
        assertTrue(stopped.get("stopped").asBoolean());
        assertEquals(pid, stopped.get("pid").asLong());
        assertEquals(1, stopped.get("sessionCount").asInt());

        assertFalse(call("GET", "/proxy-status", 200).get("running").asBoolean());
        JsonNode notRunning = call("POST", "/proxy-stop", 200);
        assertFalse(notRunning.get("stopped").asBoolean());
        assertTrue(notRunning.get("error").asText().contains("not running"));
    }

    @Test
    void aFailedStartIsA200WithAnError() throws Exception {
        try (CliProxyControl broken = CliProxyControl.builder().ccsDirectory(control.layout().ccsDirectory())
                .proxyBinary(temp.resolve("missing/cli-proxy-api")).build();
             HttpServerHandle brokenServer = broken.serveHttp(HttpServerOptions.defaults().withPort(0))) {
            HttpResponse<String> response = TestHttpClient.at(brokenServer.uri().resolve("/api/cliproxy"))
                    .post("/proxy-start");
            assertEquals(200, response.statusCode());
            JsonNode body = JSON.readTree(response.body());
            assertFalse(body.get("started").asBoolean());
            assertFalse(body.get("alreadyRunning").asBoolean());
            assertTrue(body.get("error").asText().contains("not found"), body.toString());
        }
    }

    @Test
    void wrongMethodsAre405() throws Exception {
        call("GET", "/proxy-start", 405);
        call("GET", "/proxy-stop", 405);
    }

    private JsonNode call(String method, String path, int expectedStatus) throws Exception {
        HttpResponse<String> response = http.send(method, path, null);
        assertEquals(expectedStatus, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        return JSON.readTree(response.body());
    }
}
