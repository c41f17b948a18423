package dev.cliproxy.control.bootstrap.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.CliProxyControl;
import dev.cliproxy.control.HttpServerHandle;
import dev.cliproxy.control.HttpServerOptions;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.testing.StandInConfig;
import dev.cliproxy.control.testkit.http.LoopbackStub;
import dev.cliproxy.control.testkit.http.LoopbackStub.Reply;
import dev.cliproxy.control.testkit.http.TestHttpClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP API through a real server started by the facade, on an empty or prepared CCS directory. */
class ApiRoutingTest {

    private static final String JSON_UTF8 = "application/json; charset=utf-8";

    @TempDir
    Path ccs;
    private CliProxyControl control;
    private HttpServerHandle server;
    private TestHttpClient http;

    @BeforeEach
    void start() throws IOException {
        // Empty but for its own proxy port: this machine may run a proxy on 8317, as its users' machines do.
        StandInConfig.selectPort(new CcsLayout(ccs), StandInConfig.freePort());
        control = CliProxyControl.builder().ccsDirectory(ccs).build();
        server = control.serveHttp(HttpServerOptions.defaults().withPort(0));
        http = TestHttpClient.at(server.uri());
    }

    @AfterEach
    void stop() {
        control.close();
    }

    @Test
    void onAnEmptyCcsDirectoryTheProxyIsNotRunning() throws Exception {
        HttpResponse<String> response = http.send("GET", "/api/cliproxy/proxy-status", null);
        assertEquals(200, response.statusCode());
        assertEquals(JSON_UTF8, response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("{\"running\":false}", response.body());
    }

    @Test
    void theStatusAnswerChangesAsSoonAsTheStatusDoes() throws Exception {
        CcsLayout layout = new CcsLayout(ccs);
        assertEquals("{\"running\":false}", http.send("GET", "/api/cliproxy/proxy-status", null).body());
        try (LoopbackStub proxy = LoopbackStub.replying(request -> request.path().equals("/healthz")
                ? Reply.of(200, "{\"status\":\"ok\"}") : Reply.of(404, ""))) {
            String running = "{\"running\":true,\"port\":" + proxy.port() + ",\"sessionCount\":0}";
            for (int round = 0; round < 2; round++) {
                StandInConfig.selectPort(layout, proxy.port());
                assertEquals(running, http.send("GET", "/api/cliproxy/proxy-status", null).body());
                StandInConfig.selectPort(layout, StandInConfig.freePort());
                assertEquals("{\"running\":false}", http.send("GET", "/api/cliproxy/proxy-status", null).body());
            }
        }
    }

    @Test
    void aProxyNobodyRecordedIsRunningWithNoPid() throws Exception {
        try (LoopbackStub proxy = LoopbackStub.replying(request -> request.path().equals("/healthz")
                ? Reply.of(200, "{\"status\":\"ok\"}") : Reply.of(404, ""))) {
            int port = proxy.port();
            StandInConfig.selectPort(new CcsLayout(ccs), port);

            HttpResponse<String> response = http.send("GET", "/api/cliproxy/proxy-status", null);

            assertEquals("{\"running\":true,\"port\":" + port + ",\"sessionCount\":0}", response.body());
        }
    }

    @Test
    void anUnknownPathIsA404InJson() throws Exception {
        for (String path : new String[] {"/api/cliproxy/nothing-here", "/elsewhere", "/api/cliproxy/"}) {
            HttpResponse<String> response = http.send("GET", path, null);
            assertEquals(404, response.statusCode(), path);
            assertEquals(JSON_UTF8, response.headers().firstValue("Content-Type").orElseThrow());
            assertTrue(response.body().startsWith("{\"error\":"), response.body());
        }
    }

    @Test
    void aWrongMethodIsA405InJson() throws Exception {
        HttpResponse<String> response = http.send("DELETE", "/api/cliproxy/proxy-status", null);
        assertEquals(405, response.statusCode());
        assertEquals("{\"error\":\"Method not allowed\",\"message\":\"DELETE is not served on this path\"}",
                response.body());
    }

    @Test
    void healthAnswers() throws Exception {
        HttpResponse<String> response = http.send("GET", "/health", null);
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("\"status\":\"UP\""), response.body());
    }

    @Test
    void aMalformedRequestLineIsAnsweredInJson() throws Exception {
        try (java.net.Socket socket = new java.net.Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.getOutputStream().write("GARBAGE\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
            assertTrue(answer.contains(JSON_UTF8), answer);
            assertTrue(answer.contains("{\"error\":\"Bad Request\"}"), answer);
        }
    }

}
